"""The Dask engine: a LocalCluster build of the seeds and the fixture corpora equals the local
build row for row; datasets are written atomically; ``load_corpus`` on a dataset is lazy with
the same filters and errors; ``build --dask`` on the command line checks its arguments.

One LocalCluster (2 processes) serves the whole module."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from nkcorpus import build_corpus, load_corpus
from nkcorpus.build import local_cluster
from nkcorpus.cli import main
from nkcorpus.dataset import (
    META_NAME,
    LazyCorpus,
    atomic_folder,
    month_of,
    open_dataset,
    read_metadata,
    write_dataset,
)
from nkcorpus.paths import RAW_DIR

from .test_hostile_inputs import CASES

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE_MAX = 2 * 1024 * 1024  # as in test_hostile_inputs


@pytest.fixture(scope="module")
def client():
    from distributed import Client

    with local_cluster(2) as cluster, Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for _, name, data, _ in CASES:
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def dup_dir(tmp_path_factory):
    """Seeds three times over (exact duplicates across tasks), a collection repeating one
    seed's text, and a manifest: a date that moves a row to another month, a correction of a
    duplicate, a bad date and a file that does not exist."""
    folder = tmp_path_factory.mktemp("dups")
    seeds = sorted(RAW_DIR.glob("*.txt"))
    for sub in ("a", "b/c", "d"):
        (folder / sub).mkdir(parents=True)
        for path in seeds:
            shutil.copy(path, folder / sub / path.name)
    (folder / "e.jsonl").write_text(json.dumps(
        {"title": "Judul", "date": "2020-11-10", "sitename": "Kompas.com",
         "text": "MOSKWA, KOMPAS.com - Rusia dan Turki sepakat membentuk pusat pemantauan."})
        + "\n" + json.dumps({"title": "Judul", "date": "2020-11-10", "sitename": "Kompas.com",
                             "text": "MOSKWA, KOMPAS.com - Rusia dan Turki sepakat membentuk "
                             "pusat pemantauan."}) + "\n", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "file,published,author,note\n"
        "a/003_9a21d636988a2eee.txt,2020-12-04,,checked by hand\n"
        "d/002_9f59ed572fd9d856.txt,,Tim RMOL,\n"
        "b/c/000_1a95b80c45000389.txt,31/02/2020,,\n"
        "e.jsonl:2,2021-01-05,,\n"
        "zz_missing.txt,,,\n", encoding="utf-8")
    return folder


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values("source_file", kind="stable").reset_index(drop=True)


def assert_same_table(local: pd.DataFrame, lazy: LazyCorpus) -> pd.DataFrame:
    table = lazy.df()
    assert "month" not in table.columns
    assert list(table.dtypes.astype(str)) == list(local.dtypes.astype(str))
    pd.testing.assert_frame_equal(_sorted(local), _sorted(table))
    for key in ("skipped", "manifest_problems", "n_files"):
        assert table.attrs[key] == local.attrs[key], key
    return table


CORPORA = {
    "seeds": lambda request: (RAW_DIR, {}),
    "outlets": lambda request: (FIXTURES / "outlets", {}),
    "selectall": lambda request: (FIXTURES / "selectall", {}),
    "html": lambda request: (FIXTURES / "html", {}),
    "hostile": lambda request: (request.getfixturevalue("hostile_dir"),
                                {"max_bytes": HOSTILE_MAX}),
    "duplicates_and_manifest": lambda request: (request.getfixturevalue("dup_dir"), {}),
}


@pytest.mark.parametrize("name", list(CORPORA))
def test_dask_build_equals_the_local_build_row_for_row(client, tmp_path, request, name):
    raw, kwargs = CORPORA[name](request)
    local = build_corpus(raw, **kwargs)
    # Tasks of 3 files: duplicates and manifest rows fall in other tasks than their originals.
    lazy = build_corpus(raw, engine="dask", scheduler=client, out=tmp_path / "c.parquet",
                        chunk_size=3, **kwargs)
    assert isinstance(lazy, LazyCorpus) and len(lazy) == len(local)
    assert_same_table(local, lazy)
    meta = read_metadata(tmp_path / "c.parquet")
    assert meta["n_rows"] == len(local) and meta["partitioning"] == {"articles": "month"}


def test_duplicates_and_manifest_in_the_dataset(client, tmp_path, dup_dir):
    lazy = build_corpus(dup_dir, engine="dask", scheduler=client, out=tmp_path / "d.parquet",
                        chunk_size=2)
    table = lazy.df().set_index("source_file")
    assert table.loc["b/c/001_187fdf1bbebf3648.txt", "article_id"].endswith("-2")
    assert table.loc["d/001_187fdf1bbebf3648.txt", "article_id"].endswith("-3")
    assert "exact duplicate of a/001_187fdf1bbebf3648.txt" in \
        table.loc["d/001_187fdf1bbebf3648.txt", "reasons"]
    assert table.loc["e.jsonl:2", "reasons"].count("exact duplicate of e.jsonl:1") == 1
    assert table["article_id"].is_unique
    assert table.loc["d/002_9f59ed572fd9d856.txt", "author"] == "Tim RMOL"
    assert lazy.attrs["manifest_problems"] == [
        "manifest.csv: names 'zz_missing.txt', which is not an input file"]
    # A corrected date moves the row into the month folder of the corrected date.
    months = lazy.sql("SELECT source_file, month FROM articles").df().set_index("source_file")
    assert months.loc["a/003_9a21d636988a2eee.txt", "month"] == "2020-12"
    assert months.loc["d/003_9a21d636988a2eee.txt", "month"] == "undated"
    assert months.loc["e.jsonl:2", "month"] == "2021-01"
    published = table["published"]
    assert (month_of(published).to_numpy() == months.loc[table.index, "month"].to_numpy()).all()


def test_month_partitions_and_metadata_layout(client, tmp_path):
    out = tmp_path / "seeds.parquet"
    build_corpus(RAW_DIR, engine="dask", scheduler=client, out=out)
    folders = sorted(p.name for p in (out / "articles").iterdir())
    assert folders == ["month=2020-10", "month=2020-11", "month=undated"]
    assert not (out / "_work").exists()
    assert not list(tmp_path.glob("seeds.parquet.tmp-*"))
    meta = json.loads((out / META_NAME).read_text(encoding="utf-8"))
    assert meta["n_files"] == 5 and meta["n_rows"] == 5 and meta["engine"] == "dask"
    assert meta["skipped"] == [["SHA256SUMS", "checksums or read-me beside the articles, "
                                "not an article file"]]
    # Few files: one per month and task, never one per article.
    assert len(list(out.glob("articles/*/*.parquet"))) == 3


def test_empty_raw_folder_gives_an_empty_dataset_with_the_schema(client, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    lazy = build_corpus(raw, engine="dask", scheduler=client, out=tmp_path / "e.parquet")
    df = lazy.df()
    assert len(df) == 0 and list(df.columns) == list(build_corpus(raw).columns)
    assert list(df.dtypes.astype(str)) == list(build_corpus(raw).dtypes.astype(str))


def test_a_failed_build_leaves_no_dataset_and_keeps_the_previous_one(tmp_path, monkeypatch):
    from distributed import Client

    import nkcorpus.build as build

    out = tmp_path / "c.parquet"
    # Threads in this process, so the patched parser is the one the workers call.
    with local_cluster(1, processes=False) as cluster, Client(cluster) as c:
        first = build_corpus(RAW_DIR, engine="dask", scheduler=c, out=out).df()

        def broken(args):
            raise RuntimeError("disk full")

        monkeypatch.setattr(build, "_parse_chunk", broken)
        with pytest.raises(RuntimeError, match="disk full"):
            build_corpus(RAW_DIR, engine="dask", scheduler=c, out=out)
        with pytest.raises(RuntimeError, match="disk full"):
            build_corpus(RAW_DIR, engine="dask", scheduler=c, out=tmp_path / "new.parquet")
    assert not (tmp_path / "new.parquet").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.parquet"]  # no tmp-* left
    pd.testing.assert_frame_equal(open_dataset(out).df(), first)


def test_a_folder_that_is_not_a_dataset_is_never_replaced(client, tmp_path):
    mine = tmp_path / "mine.parquet"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(FileExistsError, match="not an nkcorpus dataset"):
        build_corpus(RAW_DIR, engine="dask", scheduler=client, out=mine)
    assert (mine / "thesis.docx").read_bytes() == b"precious"
    with pytest.raises(FileExistsError), atomic_folder(mine):
        pass


def test_engine_and_dask_only_arguments_are_checked():
    with pytest.raises(ValueError, match="engine must be 'local' or 'dask'"):
        build_corpus(RAW_DIR, engine="spark")
    with pytest.raises(ValueError, match="apply only to engine='dask'"):
        build_corpus(RAW_DIR, out="x.parquet")
    with pytest.raises(ValueError, match="scheduler must be None, an address"):
        build_corpus(RAW_DIR, engine="dask", scheduler=42, out="unused.parquet")


# -- lazy loading ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dup_dataset(client, tmp_path_factory, dup_dir):
    out = tmp_path_factory.mktemp("ds") / "dups.parquet"
    build_corpus(dup_dir, engine="dask", scheduler=client, out=out, chunk_size=4)
    return out


FILTERS = [
    {},
    {"status": "ok"},
    {"status": ["warning", "error"]},
    {"outlets": "RMOL"},
    {"outlets": ["Kompas.com", "SINDOnews"], "status": "ok"},
    {"date_range": ("2020-11-08", "2020-11-08")},
    {"date_range": ("2020-10-01", None)},
    {"date_range": (None, "2020-11-01")},
    {"date_range": (pd.Timestamp("2020-11-08 16:00", tz="Asia/Jakarta"), "2020-12-31")},
    {"date_range": ("2021-06-01", None)},
    {"outlets": "Kompas.com", "date_range": ("2020-10-01", "2021-12-31"), "status": "ok"},
]


@pytest.mark.parametrize("filters", FILTERS, ids=[str(f) for f in FILTERS])
def test_lazy_load_with_filters_equals_the_eager_load(dup_dir, dup_dataset, filters):
    eager = load_corpus(dup_dir, cache=False, **filters)
    lazy = load_corpus(dup_dataset, **filters)
    assert isinstance(lazy, LazyCorpus)
    assert lazy.count() == len(eager)
    pd.testing.assert_frame_equal(_sorted(eager), lazy.df())


BAD = [
    {"outlets": "Kompas"},
    {"status": "fine"},
    {"status": []},
    {"date_range": ("kemarin", None)},
    {"date_range": ("2020-12-01", "2020-10-01")},
    {"date_range": "2020"},
    {"columns": ["title", "headline"]},
]


@pytest.mark.parametrize("bad", BAD, ids=[str(b) for b in BAD])
def test_lazy_load_raises_the_same_errors_as_the_eager_load(dup_dir, dup_dataset, bad):
    with pytest.raises(ValueError) as eager:
        load_corpus(dup_dir, cache=False, **bad)
    with pytest.raises(ValueError) as lazy:
        load_corpus(dup_dataset, **bad)
    assert str(lazy.value).replace(", month", "") == str(eager.value)


def test_date_range_reads_only_the_month_folders_it_needs(client, tmp_path):
    out = tmp_path / "s.parquet"
    build_corpus(RAW_DIR, engine="dask", scheduler=client, out=out)
    # A damaged file in a month outside the range: read only if pruning failed.
    (out / "articles" / "month=2019-01").mkdir()
    (out / "articles" / "month=2019-01" / "part-x.parquet").write_bytes(b"not parquet")
    october = load_corpus(out, date_range=("2020-10-01", "2020-10-31"))
    assert list(october.df()["source_file"]) == ["004_1ff55fa3aeb49bb1.txt"]
    with pytest.raises(Exception, match=r"(?i)parquet|magic"):
        load_corpus(out).df()


def test_lazy_columns_counts_and_sql_without_bodies(dup_dataset, dup_dir):
    eager = load_corpus(dup_dir, cache=False)
    lazy = load_corpus(dup_dataset, columns=["outlet", "published", "month"])
    small = lazy.df()
    assert list(small.columns) == ["outlet", "published", "month"]
    assert str(small["published"].dtype) == "datetime64[ns, Asia/Jakarta]"
    weekly = lazy.sql("SELECT outlet, date_trunc('week', published) AS week, count(*) AS n "
                      "FROM articles WHERE published IS NOT NULL GROUP BY ALL").df()
    dated = eager.dropna(subset=["published"])
    local_time = dated["published"].dt.tz_localize(None)
    expected = dated.groupby(["outlet", local_time.dt.to_period("W").dt.start_time]).size()
    got = weekly.assign(week=weekly["week"].dt.tz_localize(None)).set_index(
        ["outlet", "week"])["n"]
    assert sorted(got.items()) == sorted((k, int(v)) for k, v in expected.items())
    assert lazy.aggregate("count(*)").fetchall() == [(len(eager),)]


def test_write_dataset_round_trips_an_eager_table(tmp_path):
    local = build_corpus(FIXTURES / "outlets")
    out = write_dataset(local, tmp_path / "o.parquet")
    assert_same_table(local, open_dataset(out))


# -- command line ---------------------------------------------------------------------------

def test_cli_dask_with_a_scheduler_address(client, tmp_path, capsys, dup_dir):
    out = tmp_path / "cli.parquet"
    assert main(["build", str(dup_dir), "--out", str(out), "--dask",
                 client.scheduler.address, "--no-progress"]) == 0
    text = capsys.readouterr().out
    assert f"Built 17 rows from 16 article files in {dup_dir}" in text
    assert "Rows by status: ok " in text and "[warning] exact duplicate of …" in text
    assert "manifest: manifest.csv: names 'zz_missing.txt', which is not an input file" in text
    assert_same_table(build_corpus(dup_dir), open_dataset(out))


def test_cli_dask_alone_starts_and_closes_a_local_cluster(tmp_path, capsys):
    out = tmp_path / "local.parquet"
    assert main(["build", str(RAW_DIR), "--out", str(out), "--dask", "--workers", "1",
                 "--no-progress"]) == 0
    text = capsys.readouterr().out
    assert "Built 5 rows from 5 article files" in text
    assert "Rows by status: ok 4, warning 1, error 0" in text
    assert_same_table(build_corpus(RAW_DIR), open_dataset(out))


@pytest.mark.parametrize(("args", "message"), [
    (["--dask", "not an address"], "--dask not an address: not a scheduler address"),
    (["--dask", "tcp://10.0.0.5:8786", "--workers", "2"], "--workers sets the size of the "
     "local cluster"),
    (["--dask", "--out", "{tmp}/x.csv"], "with --dask the output is a dataset folder"),
    (["--dask", "--out", "{tmp}/file.parquet"], "is a file; with --dask give a folder"),
    (["--dask", "--out", "{tmp}/mine.parquet"], "is a folder that is not an nkcorpus dataset"),
    (["--dask", "--workers", "0"], "--workers must be 1 or more"),
])
def test_cli_dask_arguments_are_checked_before_any_work(tmp_path, capsys, monkeypatch, args,
                                                        message):
    import nkcorpus.cli as cli

    (tmp_path / "file.parquet").write_bytes(b"x")
    (tmp_path / "mine.parquet").mkdir()
    (tmp_path / "mine.parquet" / "notes.txt").write_text("mine")

    def must_not_build(*a, **k):
        raise AssertionError("build ran before the arguments were checked")

    monkeypatch.setattr(cli, "build_corpus", must_not_build)
    argv = ["build", str(RAW_DIR), "--no-progress",
            *[a.replace("{tmp}", str(tmp_path)) for a in args]]
    if "--out" not in argv:
        argv += ["--out", str(tmp_path / "ok.parquet")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_rows_to_arrow_equals_the_pandas_path(dup_dir):
    """The Dask tasks turn row dicts into Arrow directly: the same table, cell for cell, as
    through a pandas DataFrame and ``coerce_articles``, on the parser's own rows (pages,
    collections, errors, a manifest) and on odd cells: missing text (None, NaN, NaT), a
    number in a text column, naive and foreign-zone times, a ``pd.Timestamp``."""
    import datetime as dt
    import math

    from nkcorpus.build import _parse_chunk, finalise, scan_inputs
    from nkcorpus.dataset import rows_to_arrow, to_arrow
    from nkcorpus.schema import coerce_articles

    files = [f for d in (dup_dir, FIXTURES) for f in scan_inputs(d).files]
    rows = _parse_chunk((files, HOSTILE_MAX))
    finalise(rows)
    odd = dict(rows[0], title=None, deck=math.nan, author=pd.NaT, url=12,
               published=dt.datetime(2020, 10, 31, 17, 30),  # naive: read as UTC
               retrieved=pd.Timestamp("2020-11-02 01:02:03", tz="UTC"))
    odd2 = dict(rows[1], retrieved=pd.NaT, published=dt.datetime(
        2020, 10, 31, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    rows += [odd, odd2, dict(rows[2], published=None)]
    table = coerce_articles(pd.DataFrame.from_records(rows))
    fast, slow = rows_to_arrow(rows), to_arrow(table)
    assert fast.schema == slow.schema
    for name in fast.column_names:
        assert fast.column(name).to_pylist() == slow.column(name).to_pylist(), name
    assert fast.equals(slow)
    # the month folders: WIB months, "undated" for missing dates
    months = month_of(fast.column("published").to_pandas()).tolist()
    assert months == month_of(table["published"]).tolist()
    assert months[-3:] == ["2020-11", "2020-10", "undated"]

def test_gc_paused_pauses_and_restores_the_collector():
    import gc

    from nkcorpus.build import gc_paused

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a caller's own choice is kept
    finally:
        gc.enable()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError
    assert gc.isenabled()


def test_local_cluster_workers_keep_glibc_s_own_trim_threshold(client):
    """Dask's default MALLOC_TRIM_THRESHOLD_=65536 makes parsing workers spend more time in
    the kernel; ``local_cluster`` leaves it out and keeps Dask's other settings."""
    import os

    env = client.run(lambda: (os.environ.get("MALLOC_TRIM_THRESHOLD_"),
                              os.environ.get("OMP_NUM_THREADS")))
    assert len(env) == 2
    assert set(env.values()) == {(None, "1")}
