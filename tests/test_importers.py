"""Importers: JSON lines and CSV with column mappings, and the real IndoSum folds."""

import json

import pandas as pd
import pytest

from nkcorpus import build_corpus, read_csv, read_indosum, read_jsonl
from nkcorpus.importers import choose_mapping, detokenize

from .conftest import FIXTURES, INDOSUM

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


# -- exports from other tools: column names, date order, sidecar mappings ------------------

EXPORTS = FIXTURES / "exports"


def _gold():
    return [pd.Timestamp(v, tz="Asia/Jakarta")
            for v in json.loads((EXPORTS / "detik_month_first.gold.json").read_text())]


def test_month_first_export_gets_every_date_right(tmp_path):
    df = read_csv(EXPORTS / "detik_month_first.csv")
    assert len(df) == 200 and (df["status"] != "error").all()
    assert list(df["published"]) == _gold()
    assert not df["reasons"].str.contains("ambiguous").any()
    first = df.iloc[0]
    assert first["title"].endswith("(1)") and first["author"] == "Rahma Dewi"
    assert first["url"].startswith("https://news.detik.com/")
    assert first["outlet"] == "Detik"  # no outlet column: named from the URL's domain
    assert first["field_sources"] == ("author=record; body=record; outlet=url; "
                                      "published=record; title=record; url=record")
    assert (df["status"] == "ok").all()
    assert first["body"].count("\n\n") == 2  # multi-line quoted bodies kept whole


def test_month_first_export_in_a_raw_folder_uses_physical_line_numbers(tmp_path):
    (tmp_path / "detik.csv").write_bytes((EXPORTS / "detik_month_first.csv").read_bytes())
    df = build_corpus(tmp_path)
    # each record spans 5 physical lines (3 paragraphs); the header is line 1
    assert list(df["source_file"][:3]) == ["detik.csv:2", "detik.csv:7", "detik.csv:12"]
    assert sorted(df["published"]) == sorted(_gold())


def _ambiguous_export(tmp_path, rows=40):
    lines = (EXPORTS / "detik_month_first.csv").read_bytes().decode("utf-8").split("\r\n")
    # the header and the first 40 records (ended by CRLF; paragraphs inside by LF): all
    # of their dates are ambiguous
    path = tmp_path / "ambiguous.csv"
    path.write_bytes(("\r\n".join(lines[: 1 + rows]) + "\r\n").encode("utf-8"))
    return path


def test_all_ambiguous_dates_are_read_day_first_and_every_affected_row_warns(tmp_path):
    df = read_csv(_ambiguous_export(tmp_path))
    gold = _gold()[:40]
    assert len(df) == 40
    for (_, row), truth in zip(df.iterrows(), gold, strict=True):
        if truth.day == truth.month:
            assert row["published"] == truth
            assert "ambiguous" not in row["reasons"]
        else:  # read the other way round: never silently
            assert row["published"] != truth
            assert row["status"] == "warning"
            assert f"ambiguous date '{row['published_text']}' read day-first" in row["reasons"]
            assert "set date_order in the mapping" in row["reasons"]


def test_a_sidecar_mapping_sets_columns_and_date_order_without_code(tmp_path):
    path = _ambiguous_export(tmp_path)
    (tmp_path / "ambiguous.mapping.json").write_text(json.dumps(
        {"title": "Judul", "published": "Tanggal", "body": "Isi Berita", "url": "Link",
         "author": "Penulis", "date_order": "month-first"}))
    df = read_csv(path)
    assert list(df["published"]) == _gold()[:40]
    assert not df["reasons"].str.contains("ambiguous").any()
    built = build_corpus(tmp_path)
    assert list(built["published"]) == _gold()[:40]
    assert built.attrs["skipped"] == [("ambiguous.mapping.json",
                                       "column mapping for ambiguous.csv (applied to it)")]


def test_yaml_sidecar_is_read_too(tmp_path):
    (tmp_path / "x.csv").write_text("headline,words\nJudul Berita Satu,BAKU - Isi berita yang "
                                    "cukup panjang untuk dibaca.\n", encoding="utf-8")
    (tmp_path / "x.mapping.yaml").write_text("title: headline\nbody: words\n")
    row = build_corpus(tmp_path).iloc[0]
    assert row["title"] == "Judul Berita Satu" and row["dateline"] == "BAKU"


def test_day_first_values_settle_the_order_for_ambiguous_ones(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("judul,tanggal,isi\n"
                    "Satu Judul Berita,03/11/2020 10:00,BAKU - Isi berita pertama yang panjang.\n"
                    "Dua Judul Berita,25/11/2020 10:00,BAKU - Isi berita kedua yang panjang.\n",
                    encoding="utf-8")
    df = read_csv(path)
    assert list(df["published"]) == [pd.Timestamp("2020-11-03 10:00", tz="Asia/Jakarta"),
                                     pd.Timestamp("2020-11-25 10:00", tz="Asia/Jakarta")]
    assert not df["reasons"].str.contains("ambiguous").any()


def test_conflicting_date_orders_warn_on_every_numeric_row(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("judul,tanggal,isi\n"
                    "Satu Judul Berita,25/11/2020,BAKU - Isi berita pertama yang panjang.\n"
                    "Dua Judul Berita,11/25/2020,BAKU - Isi berita kedua yang panjang.\n"
                    "Tiga Judul Berita,03/11/2020,BAKU - Isi berita ketiga yang panjang.\n",
                    encoding="utf-8")
    df = read_csv(path)
    assert (df["status"] == "warning").all()
    assert df["reasons"].str.contains("mixes day-first and month-first").all()
    assert df["reasons"].str.contains("has both day-first and month-first dates").all()


@pytest.mark.parametrize(("value", "expected"), [
    ("2020-11-08T16:30:00+07:00", "2020-11-08 16:30"),
    ("2020-11-08T09:30:00Z", "2020-11-08 16:30"),
    ("2020-11-08T17:30:00+08:00", "2020-11-08 16:30"),
    ("2020-11-08 09:30:00.250Z", "2020-11-08 16:30:00.250"),
    ("2020-11-08T16:30:00+0700", "2020-11-08 16:30"),
])
def test_dates_with_their_own_offset_are_taken_as_they_are(tmp_path, value, expected):
    path = tmp_path / "o.jsonl"
    path.write_text(json.dumps({"title": "Judul Berita Dengan Zona", "date": value,
                                "sitename": "Kompas.com", "text": "BAKU - Isi berita yang "
                                "cukup panjang untuk satu paragraf."}), encoding="utf-8")
    row = read_jsonl(path).iloc[0]
    assert row["published"] == pd.Timestamp(expected, tz="Asia/Jakarta")
    assert "assumed" not in row["reasons"] and row["published_text"] == value


@pytest.mark.parametrize("header", [
    "judul,tanggal,isi,tautan,penulis,sumber",
    "Judul,Waktu,Konten,Link,Reporter,Media",
    "title,published_at,content,url,author,source",
    "JUDUL BERITA,Tanggal Terbit,Isi Berita,Tautan,Penulis,Sumber",
])
def test_common_indonesian_and_english_column_names_are_recognised(tmp_path, header):
    path = tmp_path / "x.csv"
    path.write_text(f"{header}\nRusia dan Turki Sepakat Pantau Gencatan,08/11/2020 16:30,"
                    "MOSKWA - Rusia dan Turki sepakat membentuk pusat pemantauan gencatan "
                    "senjata.,https://www.kompas.com/global/read/2020/11/08/x,Ani Wijaya,"
                    "Kompas.com\n", encoding="utf-8")
    row = read_csv(path).iloc[0]
    assert row["title"] == "Rusia dan Turki Sepakat Pantau Gencatan"
    assert row["published"] == pd.Timestamp("2020-11-08 16:30", tz="Asia/Jakarta")
    assert row["dateline"] == "MOSKWA" and row["author"] == "Ani Wijaya"
    assert row["url"].startswith("https://www.kompas.com/") and row["outlet"] == "Kompas.com"


def test_unmappable_columns_give_error_rows_with_the_mapping_to_pass(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("kepala,kapan,naskah_lengkap\nJudul Berita Aneh,08/11/2020,BAKU - Isi "
                    "berita yang cukup panjang di sini.\n", encoding="utf-8")
    row = read_csv(path).iloc[0]
    assert row["status"] == "error"
    assert "columns found: kepala, kapan, naskah_lengkap" in row["reasons"]
    assert 'mapping={"title": "COLUMN", "published": "COLUMN", "body": "COLUMN"' in \
        row["reasons"]
    assert "odd.mapping.json" in row["reasons"]
    fixed = read_csv(path, mapping={"title": "kepala", "published": "kapan",
                                    "body": "naskah_lengkap"}).iloc[0]
    assert fixed["title"] == "Judul Berita Aneh" and fixed["dateline"] == "BAKU"


def test_a_mapping_naming_missing_columns_says_so(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("judul,isi\nA,BAKU - Isi berita yang cukup panjang di sini.\n")
    row = read_csv(path, mapping={"title": "headline", "body": "isi"}).iloc[0]
    assert row["status"] == "error" and "title: 'headline'" in row["reasons"]


def test_bad_date_order_option_is_refused():
    with pytest.raises(ValueError, match="date_order must be one of day-first, month-first"):
        choose_mapping({}, {"body": "isi", "date_order": "ymd"})


def test_an_unreadable_date_value_is_named_not_called_missing(tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_text(json.dumps({"title": "Judul Berita Epoch", "date": 1604827800,
                                "text": "BAKU - Isi berita yang cukup panjang di sini."}))
    row = read_jsonl(path).iloc[0]
    assert pd.isna(row["published"]) and row["status"] == "warning"
    assert "publication date '1604827800' in the record could not be read" in row["reasons"]
