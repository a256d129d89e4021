"""load_corpus: cache, filters, manifest corrections; the raw folder is never written to."""

import hashlib

import pandas as pd
import pytest

import nkcorpus.corpus as corpus_module
from nkcorpus import build_corpus, load_corpus
from nkcorpus.paths import RAW_DIR


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "processed"
    monkeypatch.setattr(corpus_module, "PROCESSED_DIR", folder)
    return folder


@pytest.fixture
def raw_copy(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    for path in RAW_DIR.glob("*.txt"):
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def _snapshot(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_load_corpus_defaults_to_the_seeds_and_caches_as_parquet(cache_dir):
    df = load_corpus()
    assert len(df) == 5
    cached = list(cache_dir.glob("articles-*.parquet"))
    assert len(cached) == 1
    again = load_corpus()
    pd.testing.assert_frame_equal(df, again)


def test_cache_is_rebuilt_when_a_raw_file_changes_and_raw_is_never_written(cache_dir, raw_copy):
    before = _snapshot(raw_copy)
    assert len(load_corpus(raw_copy)) == 5
    assert _snapshot(raw_copy) == before
    (raw_copy / "005_new.txt").write_text("Judul Baru Tentang Perang\n\nANKARA - Kalimat "
                                          "pertama berita baru yang cukup panjang.\n")
    assert len(load_corpus(raw_copy)) == 6
    assert len(list(cache_dir.glob("articles-*.parquet"))) == 1  # stale cache pruned
    assert sorted(p.name for p in raw_copy.iterdir()) == sorted([*before, "005_new.txt"])


def test_filters_combine(cache_dir):
    df = load_corpus(outlets=["SINDOnews", "RMOL"], date_range=("2020-11-08", "2020-11-08"))
    assert sorted(df["outlet"]) == ["RMOL", "SINDOnews"]
    assert list(load_corpus(status="warning")["outlet"]) == ["Beritaturki"]
    assert len(load_corpus(date_range=("2020-10-01", None))) == 4  # undated 003 excluded


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"outlets": "Kompas"}, r"unknown outlet\(s\) 'Kompas'; outlets in this corpus: "
                            r"Beritaturki, Jitunews, Kompas.com, RMOL, SINDOnews"),
    ({"status": "fine"}, "invalid status 'fine'; valid values: ok, warning, error"),
    ({"date_range": ("kemarin", None)}, "date_range start 'kemarin' is not a date"),
    ({"date_range": ("2020-12-01", "2020-10-01")}, "start '2020-12-01' is after end"),
    ({"date_range": "2020"}, "must be a"),
])
def test_bad_filter_values_raise_naming_value_and_valid_ones(cache_dir, kwargs, message):
    with pytest.raises(ValueError, match=message):
        load_corpus(**kwargs)


def test_manifest_corrections_win_and_are_marked(raw_copy):
    (raw_copy / "manifest.csv").write_text(
        "file,url,published,author,note\n"
        "003_9a21d636988a2eee.txt,https://www.beritaturki.com/x,2020-11-04,,"
        "Lavrov spoke on US election day (Tuesday 3 November)\n"
        "002_9f59ed572fd9d856.txt,,,Tim RMOL,\n"
        "999_missing.txt,,,,\n", encoding="utf-8")
    df = build_corpus(raw_copy)
    df = df.set_index(df["source_file"].str[:3])
    row = df.loc["003"]
    assert row["published"] == pd.Timestamp("2020-11-04", tz="Asia/Jakarta")
    assert row["corrected"] == "url; published"
    assert row["url"] == "https://www.beritaturki.com/x"
    assert "no publication date found" not in row["reasons"]
    assert "published from manifest.csv (page had: missing)" in row["reasons"]
    assert "manifest.csv note: Lavrov spoke on US election day" in row["reasons"]
    assert df.loc["002", "author"] == "Tim RMOL" and df.loc["002", "corrected"] == "author"
    assert "page had: Sarah Meiliana Gunawan" in df.loc["002", "reasons"]
    assert df.attrs["manifest_problems"] == [
        "manifest.csv: names '999_missing.txt', which is not an input file"]
    assert "manifest.csv" not in set(df["source_file"])


def test_manifest_with_a_bad_date_keeps_the_page_value_and_warns(raw_copy):
    (raw_copy / "manifest.csv").write_text("file,published\n000_1a95b80c45000389.txt,31/02/2020\n")
    row = build_corpus(raw_copy).iloc[0]
    assert row["published"] == pd.Timestamp("2020-11-08 16:30", tz="Asia/Jakarta")
    assert row["status"] == "warning" and "impossible date" in row["reasons"]


def test_parallel_build_equals_serial_build(tmp_path):
    for i in range(12):
        for path in sorted(RAW_DIR.glob("*.txt")):
            (tmp_path / f"{i:02d}_{path.name}").write_bytes(path.read_bytes())
    serial = build_corpus(tmp_path, workers=1)
    parallel = build_corpus(tmp_path, workers=2)
    pd.testing.assert_frame_equal(serial, parallel)
    assert serial["reasons"].str.contains("exact duplicate").sum() == 55


def test_manifest_correction_retires_the_notes_about_that_field(tmp_path):
    import json

    (tmp_path / "export.jsonl").write_text(json.dumps(
        {"date": "2020-11-10", "sitename": "Kompas.com",
         "text": "MOSKWA, KOMPAS.com - Rusia dan Turki sepakat membentuk pusat pemantauan."}),
        encoding="utf-8")
    assert "no title in the record" in build_corpus(tmp_path).iloc[0]["reasons"]
    (tmp_path / "manifest.csv").write_text(
        "file,title\nexport.jsonl:1,Rusia dan Turki Sepakat Bentuk Pusat Pemantauan\n")
    row = build_corpus(tmp_path).iloc[0]
    assert row["title"] == "Rusia dan Turki Sepakat Bentuk Pusat Pemantauan"
    assert "no title in the record" not in row["reasons"] and row["corrected"] == "title"


@pytest.mark.parametrize("end", [
    "2020-11-08", " 2020-11-08 ", "2020-11-08 ", __import__("datetime").date(2020, 11, 8),
    __import__("datetime").datetime(2020, 11, 8), pd.Timestamp("2020-11-08"),
    pd.Timestamp("2020-11-08", tz="Asia/Jakarta"), __import__("numpy").datetime64("2020-11-08"),
])
def test_date_range_end_day_is_inclusive_for_every_date_type(cache_dir, end):
    df = load_corpus(date_range=(end, end))
    assert sorted(df["outlet"]) == ["RMOL", "SINDOnews"]


def test_date_range_with_a_time_is_exact(cache_dir):
    # SINDOnews is 16:30 WIB on 8 November; an end at 12:00 excludes it
    df = load_corpus(date_range=("2020-11-08", "2020-11-08 12:00"))
    assert "SINDOnews" not in set(df["outlet"])
    df = load_corpus(date_range=("2020-11-08 16:30", pd.Timestamp("2020-11-08 16:30")))
    assert list(df["outlet"]) == ["SINDOnews"]


@pytest.mark.parametrize("value", [20201108, 3.5, object(), "2020-13-45", "", "   "])
def test_unreadable_date_range_values_raise_a_clear_error(cache_dir, value):
    with pytest.raises(ValueError, match=r"date_range end .* not a date"):
        load_corpus(date_range=(None, value))
