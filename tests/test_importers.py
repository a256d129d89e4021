"""Importers: JSON lines and CSV with column mappings, and the real IndoSum folds."""

import json

import pandas as pd
import pytest

from nkcorpus import build_corpus, read_csv, read_indosum, read_jsonl
from nkcorpus.importers import choose_mapping, detokenize

from .conftest import INDOSUM

TRAFILATURA = [
    {"title": "Rusia dan Turki Sepakat Pantau Gencatan Senjata", "date": "2020-11-11",
     "author": "Ani Wijaya, Budi Santoso", "sitename": "Kompas.com",
     "url": "https://www.kompas.com/global/read/2020/11/11/1",
     "text": "MOSKWA, KOMPAS.com - Rusia dan Turki sepakat membentuk pusat pemantauan "
             "gencatan senjata di Nagorno-Karabakh.\nBaca juga: Armenia Berduka\n"
             "Kesepakatan itu diumumkan setelah pembicaraan kedua menteri pertahanan."},
    {"title": "Tanpa Tanggal", "author": None, "sitename": "",
     "url": "https://www.cnnindonesia.com/internasional/2020/x",
     "text": "Jakarta, CNN Indonesia -- Isi berita yang cukup panjang untuk satu paragraf."},
]


def test_jsonl_trafilatura_style_is_mapped_and_cleaned(tmp_path):
    path = tmp_path / "export.jsonl"
    lines = [json.dumps(r) for r in TRAFILATURA]
    path.write_text(lines[0] + "\n\n{not json\n" + lines[1] + "\n[1, 2]\n", encoding="utf-8")
    df = read_jsonl(path).set_index("source_file")
    assert list(df.index) == ["export.jsonl:1", "export.jsonl:3", "export.jsonl:4",
                              "export.jsonl:5"]
    first = df.loc["export.jsonl:1"]
    assert first["outlet"] == "Kompas.com" and first["dateline"] == "MOSKWA"
    assert first["author"] == "Ani Wijaya; Budi Santoso"
    assert first["published"] == pd.Timestamp("2020-11-11", tz="Asia/Jakarta")
    assert first["body"] == ("Rusia dan Turki sepakat membentuk pusat pemantauan gencatan "
                             "senjata di Nagorno-Karabakh.\n\nKesepakatan itu diumumkan "
                             "setelah pembicaraan kedua menteri pertahanan.")
    assert "no time of day" in first["reasons"]
    second = df.loc["export.jsonl:4"]
    assert second["outlet"] == "CNN Indonesia"  # from the URL's domain
    assert second["status"] == "warning" and "no publication date found in the record" in \
        second["reasons"]
    bad = df.loc["export.jsonl:3"]
    assert bad["status"] == "error" and "invalid JSON on line 3" in bad["reasons"]
    assert "not an object" in df.loc["export.jsonl:5", "reasons"]


def test_csv_with_explicit_mapping(tmp_path):
    path = tmp_path / "mediacloud.csv"
    pd.DataFrame([{"judul": "Azerbaijan Rebut Shusha dari Pasukan Armenia",
                   "tanggal": "Minggu, 08 November 2020 - 16:30 WIB",
                   "media": "SINDOnews", "isi": "BAKU - Presiden Ilham Aliyev mengumumkan "
                   "pasukan Azerbaijan telah merebut kota Shusha pada hari Minggu."}]
                 ).to_csv(path, index=False)
    mapping = {"title": "judul", "published": "tanggal", "outlet": "media", "body": "isi"}
    row = read_csv(path, mapping=mapping).iloc[0]
    assert (row["source_file"], row["outlet"], row["dateline"]) == ("mediacloud.csv:2",
                                                                   "SINDOnews", "BAKU")
    assert row["published"] == pd.Timestamp("2020-11-08 16:30", tz="Asia/Jakarta")
    assert row["status"] == "ok", row["reasons"]


def test_bad_mapping_raises_naming_the_valid_choices():
    with pytest.raises(ValueError, match="valid presets: indosum, mediacloud, news-please"):
        choose_mapping({}, "newspaper")
    with pytest.raises(ValueError, match=r"unknown mapping field.*headline"):
        choose_mapping({}, {"headline": "title"})


def test_preset_is_chosen_from_the_record_fields():
    assert choose_mapping({"maintext": "", "date_publish": ""}, None)["body"] == "maintext"
    assert choose_mapping({"paragraphs": [], "source": "x"}, None)["body"] == "paragraphs"


def test_collections_in_a_raw_folder_give_one_row_per_record(tmp_path):
    (tmp_path / "a.txt").write_text("Judul Satu Dua Tiga\n\nANKARA - Kalimat pertama yang "
                                    "cukup panjang untuk sebuah berita.\n", encoding="utf-8")
    (tmp_path / "more.jsonl").write_text("\n".join(json.dumps(r) for r in TRAFILATURA),
                                         encoding="utf-8")
    df = build_corpus(tmp_path)
    assert list(df["source_file"]) == ["a.txt", "more.jsonl:1", "more.jsonl:2"]


def test_detokenize_rebuilds_readable_text():
    tokens = ['"', "Kan", "bisa", "saling", "melengkapi", ",", '"', "ucap", "Zulkifli", "di",
              "Senayan", ",", "Senin", "(", "27", "/", "3", ")", "."]
    assert detokenize(tokens) == '"Kan bisa saling melengkapi," ucap Zulkifli di Senayan, ' \
                                 'Senin (27/3).'
    assert detokenize(["bentrokan", "-", "bentrokan", "di", "pekan", "ke", "-", "23"]) == \
        "bentrokan-bentrokan di pekan ke-23"


@pytest.fixture(scope="module")
def indosum():
    return read_indosum(INDOSUM)


def test_indosum_sample_figures(indosum):
    # Figures of the 2,000-article sample, counted independently in its README.
    assert len(indosum) == 2000
    assert indosum["source_id"].nunique() == 2000
    counts = indosum["outlet"].value_counts()
    assert counts["CNN Indonesia"] == 732
    assert counts["Kumparan"] == 283
    assert counts["DailySocial"] == 180
    assert counts["Antara"] == 176
    assert counts["Merdeka"] == 125
    assert not indosum["reasons"].str.contains("exact duplicate of").any()
    assert indosum["article_id"].is_unique


def test_indosum_rows_are_readable_and_honest_about_missing_fields(indosum):
    assert (indosum["status"] != "error").all()
    assert indosum["reasons"].str.contains("no title in the record").all()
    assert indosum["published"].isna().all()
    first = indosum[indosum["source_id"].str.startswith("1490674536-")].iloc[0]
    assert first["retrieved"] == pd.Timestamp("2017-03-28 04:15:36", tz="UTC")
    assert first["body"].startswith("Ketua MPR Zulkifli Hasan menyesalkan kisruh")
    assert '"Tidak hanya tarif tapi apa saja harus diatur.' in first["body"]
    assert "Baca juga" not in first["body"]
