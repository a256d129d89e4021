"""Text reuse out of core: find_reuse_dataset gives find_reuse's rows on a partitioned dataset."""

import random

import numpy as np
import pandas as pd
import pytest

from nkcorpus.reuse import find_reuse
from nkcorpus.reuse_scale import find_reuse_dataset

NOTICE = ("Redaksi menerima tulisan opini dari pembaca dengan panjang tulisan paling banyak "
          "tujuh ratus kata yang dikirim melalui surat elektronik resmi kami.")


def _generated(n: int, seed: int = 5) -> pd.DataFrame:
    """Articles of random made-up words with planted copies (verbatim, edited, a notice that
    three articles of one outlet carry), in an order unlike their source_file order."""
    rng = random.Random(seed)
    syllables = ["ka", "ra", "ba", "ngu", "ti", "lo", "pe", "san", "du", "mer", "wi", "ja"]
    vocab = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
                    for _ in range(4000)})
    bodies = []
    for i in range(n):
        sents = [" ".join(rng.choice(vocab) for _ in range(rng.randint(8, 20))).capitalize()
                 + "." for _ in range(rng.randint(5, 10))]
        if i >= 5 and rng.random() < 0.15:
            donor = bodies[rng.randrange(i)].split("\n\n")
            k = rng.randint(1, 3)
            start = rng.randrange(max(1, len(donor) - k))
            copy = donor[start: start + k]
            if rng.random() < 0.5:
                copy = [" ".join(w if rng.random() > 0.1 else rng.choice(vocab)
                                 for w in s.split()) for s in copy]
            at = rng.randrange(len(sents) + 1)
            sents[at:at] = copy
        bodies.append("\n\n".join(sents))
    for i in (3, 40, 77):  # the outlet's notice, in three of its articles
        bodies[i] = bodies[i] + "\n\n" + NOTICE
    order = list(range(n))
    rng.shuffle(order)
    return pd.DataFrame({
        "article_id": [f"{rng.getrandbits(64):016x}" for _ in range(n)],
        "source_file": [f"gen/{order[i]:05d}.txt" for i in range(n)],
        "outlet": ["Detik" if i in (3, 40, 77) else f"Outlet {i % 7}" for i in range(n)],
        "body": bodies,
        "month": [f"2020-{9 + i % 4:02d}" if i % 11 else "undated" for i in range(n)],
    })


def _write_dataset(articles: pd.DataFrame, folder, per_file: int = 70):
    """Hive-partitioned by month, several files per month, rows in no particular order."""
    for month, group in articles.groupby("month"):
        out = folder / "articles" / f"month={month}"
        out.mkdir(parents=True)
        rows = group.drop(columns="month").sample(frac=1, random_state=1)
        for j in range(0, len(rows), per_file):
            rows.iloc[j: j + per_file].to_parquet(out / f"part-{j // per_file}.parquet",
                                                  index=False)
    return folder


def _rows(df: pd.DataFrame) -> pd.DataFrame:
    df = df.astype({"same_outlet": bool, "n_tokens": int, "start_a": int, "end_a": int,
                    "start_b": int, "end_b": int, "similarity": float})
    df = df.astype({c: object for c in ["article_a", "article_b", "outlet_a", "outlet_b",
                                        "kind", "passage", "passage_b"]})
    return df.sort_values(list(df.columns)).reset_index(drop=True)


def _expected(articles: pd.DataFrame, **kwargs) -> pd.DataFrame:
    ordered = articles.sort_values(["source_file", "article_id"], ignore_index=True)
    return _rows(find_reuse(ordered.drop(columns="month"), **kwargs))


def _result(folder) -> pd.DataFrame:
    parts = sorted((folder / "reuse").glob("part-*.parquet"))
    assert parts and not list(folder.glob("reuse.tmp-*"))
    return _rows(pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True))


@pytest.fixture(scope="module")
def generated():
    return _generated(300)


@pytest.mark.parametrize("kwargs", [{}, {"boilerplate": True, "sample": 40}])
def test_dataset_reuse_equals_in_memory_reuse_on_generated_partitions(generated, tmp_path,
                                                                      kwargs):
    expected = _expected(generated, **kwargs)
    assert len(expected) > 30 and set(expected["kind"]) >= {"verbatim", "near"}
    if kwargs.get("boilerplate"):
        assert (expected["kind"] == "boilerplate").sum() >= 3
    folder = _write_dataset(generated, tmp_path / "corpus.parquet")
    find_reuse_dataset(folder, batch_rows=25, **kwargs)
    pd.testing.assert_frame_equal(_result(folder), expected)
    assert not (folder / "_work" / "reuse").exists()


def test_dataset_reuse_on_a_local_cluster_equals_in_memory_reuse(generated, tmp_path):
    from distributed import Client, LocalCluster

    articles = generated.iloc[:150]
    folder = _write_dataset(articles, tmp_path / "corpus.parquet", per_file=40)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        find_reuse_dataset(folder, client=client)
        # the boilerplate pass's automata are not left behind in the workers
        held = client.run(lambda: len(__import__("nkcorpus.reuse_scale").reuse_scale
                                      ._AUTOMATA))
        assert set(held.values()) == {0}
    expected = _expected(articles)
    assert len(expected) > 10
    pd.testing.assert_frame_equal(_result(folder), expected)


@pytest.mark.parametrize("exact_below", [100, 0])
def test_dataset_reuse_equals_in_memory_reuse_on_the_seeds(seeds, tmp_path, exact_below):
    articles = seeds.reset_index(drop=True).assign(month="2020-10")
    folder = _write_dataset(articles, tmp_path / "seeds.parquet", per_file=2)
    find_reuse_dataset(folder, exact_below=exact_below)
    expected = _expected(articles, exact_below=exact_below)
    assert len(expected) > 0
    pd.testing.assert_frame_equal(_result(folder), expected)


def test_a_second_run_replaces_the_reuse_table(generated, tmp_path):
    folder = _write_dataset(generated.iloc[:120], tmp_path / "corpus.parquet")
    find_reuse_dataset(folder)
    first = _result(folder)
    find_reuse_dataset(folder, min_tokens=40)
    second = _result(folder)
    assert len(second) < len(first)
    assert (second["n_tokens"] >= 40).all()


def test_the_sample_does_not_depend_on_row_order(generated):
    from nkcorpus.reuse import pick_sample

    ids = generated["article_id"].tolist()
    picked = {ids[i] for i in pick_sample(ids, 50, 1)}
    reversed_ids = ids[::-1]
    assert {reversed_ids[i] for i in pick_sample(reversed_ids, 50, 1)} == picked
    assert len(picked) == 50


def test_a_dataset_without_articles_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        find_reuse_dataset(tmp_path)


def test_tokens_made_when_sliced_equal_the_tokeniser():
    from nkcorpus.reuse import _tokenise
    from nkcorpus.reuse_scale import _Tokens

    body = ("İstanbul dan BAKU, 27/9 (ANTARA) - Pasukan Armenia menembaki Tartar.\n\n"
            "ΟΔΟΣ'Α tetap ÆGIR straße, kata Aliyev.")
    doc = _tokenise("a", "o", body)
    lazy = _Tokens(body, np.array(doc.starts), np.array(doc.ends))
    assert len(lazy) == len(doc.tokens)
    assert lazy[:] == doc.tokens
    assert lazy[3:9] == doc.tokens[3:9]
    assert [lazy[i] for i in range(len(lazy))] == doc.tokens
    assert lazy[-1] == doc.tokens[-1]


def test_needle_automata_are_built_once_per_run_and_find_what_a_fresh_build_finds(
        tmp_path, monkeypatch):
    import nkcorpus.reuse_scale as rs
    from nkcorpus.reuse import _squash, needle_hits

    notice = _squash(NOTICE)
    files = []
    for i, body in enumerate([f"Pembuka. {NOTICE}", "Tidak ada apa-apa.", f"{NOTICE} Akhir."]):
        path = tmp_path / f"part-{i}.parquet"
        pd.DataFrame({"article_id": [f"a{i}"], "outlet": ["x.id"], "body": [body]}).to_parquet(
            path)
        files.append(str(path))
    needles = {"x.id": {notice}, "y.id": {"tidak ada"}}
    built = []
    real = rs.needle_automata
    monkeypatch.setattr(rs, "needle_automata", lambda n: built.append(1) or real(n))
    parts = [rs._needle_part(f, needles=needles, batch_rows=10, run="one") for f in files]
    assert len(built) == 1  # three partitions, one build
    assert rs.merge_hits(parts) == {("x.id", notice): {"a0", "a2"}}
    fresh = needle_hits(needles, ["a0", "a1", "a2"], ["x.id"] * 3,
                        [f"Pembuka. {NOTICE}", "Tidak ada apa-apa.", f"{NOTICE} Akhir."])
    assert rs.merge_hits(parts) == fresh
    rs._needle_part(files[0], needles={"x.id": {"pembuka"}}, batch_rows=10, run="two")
    assert len(built) == 2 and list(rs._AUTOMATA) == ["two"]  # a new run builds its own
    rs._AUTOMATA.clear()


def test_a_folder_without_article_partitions_is_a_clear_error(tmp_path):
    (tmp_path / "articles").mkdir()
    with pytest.raises(FileNotFoundError, match="no article partitions"):
        find_reuse_dataset(tmp_path)
