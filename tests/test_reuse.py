"""Text reuse: shared passages on the seeds and on small hand-made cases."""

import pandas as pd
import pytest

from nkcorpus.reuse import find_reuse, reuse_summary

BASE = ("Hubungan antara kedua negara bekas republik Soviet itu tegang sejak 1991 dan berujung "
        "pada bentrokan militer yang menimbulkan banyak korban di wilayah pegunungan itu.")


def _corpus(*bodies, outlets=None):
    n = len(bodies)
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(n)], "body": list(bodies),
                         "outlet": outlets or [f"Outlet {i}" for i in range(n)]})


def _pairs(reuse, seeds):
    ids = dict(zip(seeds["article_id"], seeds.index, strict=True))
    return {(ids[a], ids[b], k) for a, b, k in zip(reuse["article_a"], reuse["article_b"],
                                                    reuse["kind"], strict=True)}


def test_seeds_share_the_background_passage_in_all_three_pairs(seeds):
    reuse = find_reuse(seeds.reset_index(drop=True))
    pairs = _pairs(reuse, seeds)
    assert ("000", "004", "verbatim") in pairs
    assert ("003", "004", "verbatim") in pairs
    assert ("000", "003", "near") in pairs
    background = reuse[reuse["kind"] != "paraphrase"]
    assert background["passage"].str.contains("bekas republik Soviet itu tegang sejak 1991").all()


def test_seeds_paraphrase_about_almost_three_decades(seeds):
    reuse = find_reuse(seeds.reset_index(drop=True))
    para = reuse[reuse["kind"] == "paraphrase"]
    hit = para[para["passage"].str.contains("hampir tiga dekade")
               & para["passage_b"].str.contains("hampir tiga dekade")]
    assert len(hit) == 1
    assert _pairs(hit, seeds) == {("000", "003", "paraphrase")}


def test_offsets_point_to_the_passage_text(seeds):
    articles = seeds.reset_index(drop=True)
    body = dict(zip(articles["article_id"], articles["body"], strict=True))
    for row in find_reuse(articles).itertuples():
        assert body[row.article_a][row.start_a:row.end_a] == row.passage
        assert body[row.article_b][row.start_b:row.end_b] == row.passage_b


def test_verbatim_copy():
    r = find_reuse(_corpus("Pembukaan berita pertama yang berbeda sama sekali. " + BASE,
                           BASE + " Penutup berita kedua yang juga lain sama sekali."))
    assert list(r["kind"]) == ["verbatim"] and r["similarity"].iloc[0] == 1.0
    assert r["passage"].iloc[0].startswith("Hubungan antara kedua negara")


def test_lightly_edited_copy_is_near():
    edited = BASE.replace("kedua negara", "dua negara").replace("banyak korban", "ratusan korban")
    r = find_reuse(_corpus(BASE, edited))
    assert list(r["kind"]) == ["near"]
    assert 0.8 <= r["similarity"].iloc[0] < 1.0


def test_paraphrase_in_other_words():
    a = ("Wilayah pegunungan itu secara ilegal diduduki oleh pasukan asing selama hampir tiga "
         "dekade menurut hukum internasional.")
    b = ("Hukum internasional menyebut pendudukan pasukan asing atas pegunungan tersebut ilegal, "
         "dan keadaan itu berlangsung nyaris tiga puluh tahun.")
    r = find_reuse(_corpus(a, b))
    assert list(r["kind"]) == ["paraphrase"]


def test_common_phrases_alone_are_not_reuse():
    a = ("Presiden Rusia Vladimir Putin dan Menteri Luar Negeri Turki Mevlut Cavusoglu bertemu "
         "di sebuah kota kecil pada musim dingin yang panjang.")
    b = ("Presiden Rusia Vladimir Putin dan Menteri Luar Negeri Turki Mevlut Cavusoglu tidak "
         "hadir dalam pertemuan para petani kopi di lembah.")
    assert find_reuse(_corpus(a, b)).empty


def test_unrelated_articles_share_nothing():
    a = "Harga beras naik tajam di pasar induk menjelang hari raya tahun ini menurut pedagang."
    b = "Tim sepak bola nasional menang tipis dalam laga persahabatan melawan tim tamu semalam."
    assert find_reuse(_corpus(a, b)).empty


def test_same_outlet_reuse_is_marked():
    r = find_reuse(_corpus(BASE, BASE, outlets=["Kompas.com", "Kompas.com"]))
    assert r["same_outlet"].all()


def test_summary_share_and_partners():
    articles = _corpus(BASE, BASE + " " + BASE.replace("1991", "1992").replace("Hubungan", "Relasi")
                       .replace("militer", "tentara").replace("korban", "warga"))
    summary = reuse_summary(find_reuse(articles), articles).set_index("article_id")
    assert summary.loc["a0", "reused_share"] > 0.95
    assert summary.loc["a0", "shared_with"] == "Outlet 1"


@pytest.mark.parametrize("n", [0, 1])
def test_tiny_corpora(n):
    assert find_reuse(_corpus(*[BASE] * n)).empty


def test_word_signatures_give_datasketch_minhash_of_sets():
    import numpy as np
    from datasketch import MinHash

    from nkcorpus.reuse import word_signatures

    words = ["gencatan", "senjata", "moskow", "baku", "yerevan"]
    table = word_signatures(words, 96, 1)
    for subset in (words[:3], words[1:], words):
        expected = MinHash(num_perm=96, seed=1)
        expected.update_batch([w.encode("utf-8") for w in subset])
        rows = table[[words.index(w) for w in subset]]
        assert np.array_equal(rows.min(axis=0), expected.hashvalues)


def test_lsh_path_keeps_verbatim_and_near_copies_on_the_seeds(seeds):
    reuse = find_reuse(seeds.reset_index(drop=True), exact_below=0)
    pairs = _pairs(reuse, seeds)
    assert {("000", "004", "verbatim"), ("003", "004", "verbatim"), ("000", "003", "near")} <= pairs


def test_large_corpus_path_finds_a_planted_copy_among_noise():
    import random

    rng = random.Random(3)
    vocab = [f"kata{i}" for i in range(3000)]
    bodies = [". ".join(" ".join(rng.choice(vocab) for _ in range(12)).capitalize()
                        for _ in range(6)) + "." for _ in range(120)]
    bodies[77] = bodies[77] + " " + BASE
    bodies[5] = BASE + " " + bodies[5]
    r = find_reuse(_corpus(*bodies))
    assert set(zip(r["article_a"], r["article_b"], strict=True)) == {("a5", "a77")}
    assert r["passage"].str.contains("bekas republik Soviet").all()
