"""Saved HTML pages: metadata with provenance, the printed page winning, no markup in fields.

The fixtures in tests/fixtures/html are hand-written pages in the style of Indonesian news
sites (navigation, header dates, JSON-LD, meta tags, captions, sidebars, footers).
"""

from __future__ import annotations

import pandas as pd
import pytest

from nkcorpus import build_corpus
from nkcorpus.htmlpage import looks_like_html, meta_date, person_like, strip_site_suffix

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def pages():
    df = build_corpus(FIXTURES / "html")
    return df.set_index("source_file")


def sources(row) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in row["field_sources"].split("; ") if pair)


def test_printed_date_with_time_wins_over_meta_and_header_date(pages):
    row = pages.loc["kabarbaku_conflict.html"]
    # The header's "today" line (Senin, 19 Oktober) and the meta time (10:00 WIB) both lose
    # to the date line printed under the headline.
    assert row["published"] == pd.Timestamp("2020-10-18 11:05", tz="Asia/Jakarta")
    assert sources(row)["published"] == "printed"
    assert "json-ld says 2020-10-18T10:00" in row["reasons"]  # the disagreement is stated


def test_html_article_fields_and_their_sources(pages):
    row = pages.loc["kabarbaku_conflict.html"]
    assert row["title"] == "Armenia dan Azerbaijan Saling Tuding Langgar Gencatan Senjata"
    assert row["url"] == ("https://www.kabarbaku.com/internasional/2020/10/18/"
                          "armenia-azerbaijan-saling-tuding")
    assert row["outlet"] == "KabarBaku.com"
    assert row["author"] == "Rahmat Hidayat"  # the printed byline, not "Redaksi KabarBaku"
    assert row["dateline"] == "BAKU"
    assert row["body"].startswith("Armenia dan Azerbaijan saling menuduh")
    assert "Baca juga" not in row["body"] and "Terpopuler" not in row["body"]
    assert "Copyright" not in row["body"]
    src = sources(row)
    assert src["title"] == "printed" and src["url"] == "meta"
    # The text rules' body, confirmed (and ended) by trafilatura's main text.
    assert src["outlet"] == "inferred" and src["body"] == "printed"
    assert "inferred from the HTML site name" in row["reasons"]


def test_date_from_json_ld_when_the_page_prints_none(pages):
    row = pages.loc["nodate_jsonld.htm"]
    assert row["published"] == pd.Timestamp("2020-10-12 14:20", tz="Asia/Jakarta")
    assert sources(row)["published"] == "json-ld"
    assert row["author"] == "Siti Nurhaliza" and sources(row)["author"] == "json-ld"
    assert row["title"] == "Turki Kirim Bantuan Kemanusiaan ke Ganja"
    assert row["outlet"] == "Warta Anatolia"
    # Usable, but only the markup vouches for the date: a warning says so.
    assert row["status"] == "warning" and "no date printed" in row["reasons"]
    assert "Share on" not in row["body"]


def test_no_markup_script_or_entity_reaches_any_field(pages):
    for name, row in pages.iterrows():
        for column in ("title", "deck", "captions", "body", "author", "dateline"):
            value = row[column]
            assert "<" not in value and "&amp;" not in value, (name, column, value[:80])
            assert "dataLayer" not in value and "color: red" not in value, (name, column)
    assert "Minggu & Senin" in pages.loc["kabarbaku_conflict.html", "body"]


def test_an_editor_in_the_author_meta_tag_is_not_the_author(tmp_path):
    page = ("<!DOCTYPE html><html><head><meta name='author' content='Budi Santoso'>"
            "<title>Harga Emas Naik Lagi Hari Ini</title></head><body>"
            "<h1>Harga Emas Naik Lagi Hari Ini</h1><p>Kamis, 8 Oktober 2020 10:15 WIB</p>"
            "<p>JAKARTA - Harga emas batangan di Butik Logam Mulia naik Rp 5.000 per gram "
            "pada perdagangan Kamis pagi dibandingkan hari sebelumnya.</p>"
            "<p>Editor : Budi Santoso</p></body></html>")
    (tmp_path / "emas.html").write_text(page, encoding="utf-8")
    row = build_corpus(tmp_path).iloc[0]
    assert row["author"] == "" and "author=" not in row["field_sources"]


def test_gallery_and_index_pages_are_never_ok(pages):
    gallery = pages.loc["galeri_foto.html"]
    assert gallery["page_kind"] == "gallery" and gallery["status"] != "ok"
    assert "photo gallery" in gallery["reasons"]
    index = pages.loc["beranda.html"]
    assert index["page_kind"] == "index" and index["status"] == "warning"
    assert "index" in index["reasons"] or "front page" in index["reasons"]
    # A front page has no headline of its own: the document title, and no date.
    assert index["title"] == "Kabar Nusantara - Berita Terkini Hari Ini"
    assert pd.isna(index["published"]) and index["author"] == ""


def test_a_txt_file_holding_html_is_read_as_html(pages):
    row = pages.loc["saved_as_text.txt"]
    assert "content is an HTML document" in row["reasons"]
    assert row["title"] == "Rusia Kirim Pasukan Penjaga Perdamaian ke Karabakh"
    assert row["published"] == pd.Timestamp("2020-11-10 15:00", tz="Asia/Jakarta")
    assert row["dateline"] == "MOSKOW" and "<p>" not in row["body"]


def test_legacy_charset_html_is_decoded_from_its_bytes(tmp_path):
    page = ("<html><head><meta charset='windows-1252'><title>Erdoğan “mendukung” Baku</title>"
            "</head><body><h1>Erdogan “mendukung” Baku</h1><p>Senin, 5 Oktober 2020 10:00 WIB"
            "</p><p>ANKARA - Presiden Turki menyatakan dukungan “penuh” kepada Azerbaijan "
            "dalam pertemuan dengan wartawan di Ankara pada Senin pagi waktu setempat.</p>"
            "</body></html>")
    (tmp_path / "cp1252.html").write_bytes(page.replace("ğ", "g").encode("cp1252"))
    row = build_corpus(tmp_path).iloc[0]
    assert row["title"] == "Erdogan “mendukung” Baku"
    assert "dukungan “penuh”" in row["body"]


@pytest.mark.parametrize("markup", [
    "<html></html>",
    "<!DOCTYPE html><html><body></body></html>",
    "<!DOCTYPE html><html><body>" + "<div>" * 5000 + "teks" + "</div>" * 5000 + "</body></html>",
    "<!DOCTYPE html><html><head><script type='application/ld+json'>{bad json</script></head>"
    "<body><p>x</p></body></html>",
    "<!DOCTYPE html><html><body><h1>Judul</h1><p>&#xD800; &bogus; <b>tebal",
])
def test_broken_or_empty_html_gives_one_row_without_a_traceback(tmp_path, markup):
    (tmp_path / "page.html").write_text(markup, encoding="utf-8")
    df = build_corpus(tmp_path)
    assert len(df) == 1
    row = df.iloc[0]
    assert row["status"] in {"warning", "error"} and row["reasons"]
    assert "parser failed" not in row["reasons"]


def test_looks_like_html_tells_pages_from_text_with_a_stray_tag():
    assert looks_like_html("<!DOCTYPE html>\n<html><body></body></html>")
    assert looks_like_html("  <?xml version='1.0'?>\n<html>")
    assert not looks_like_html("Judul Berita\n\nJAKARTA - Teks dengan <b>tebal</b> saja.")


@pytest.mark.parametrize(("value", "expected", "assumed"), [
    ("2020-10-09T14:58:53+08:00", "2020-10-09 13:58:53", False),
    ("2015-06-19T00:23:23+00:00", "2015-06-19 07:23:23", False),
    ("2022/12/10 13:19:56", "2022-12-10 13:19:56", True),  # no offset: WIB, and noted
    ("2020-11-10T08:00:00Z", "2020-11-10 15:00:00", False),
    ("1670653196000", "2022-12-10 13:19:56", False),  # Unix milliseconds
])
def test_meta_dates_are_read_with_their_offsets(value, expected, assumed):
    reading = meta_date(value)
    assert reading.value == pd.Timestamp(expected, tz="Asia/Jakarta")
    assert reading.zone_assumed is assumed


def test_meta_date_that_is_not_a_date_gives_nothing():
    assert meta_date("kemarin sore") is None
    assert meta_date("2020-13-45T10:00:00Z") is None


@pytest.mark.parametrize(("title", "site", "expected"), [
    ("Judul Berita Panjang - Tribunnews.com", "Tribunnews.com", "Judul Berita Panjang"),
    ("Judul Berita Panjang | merdeka.com", "", "Judul Berita Panjang"),
    ("Judul Berita Panjang :: Okezone News", "Okezone", "Judul Berita Panjang"),
    ("Armenia - Azerbaijan Sepakat Gencatan Senjata", "Kabar", "Armenia - Azerbaijan Sepakat "
     "Gencatan Senjata"),
])
def test_site_suffix_is_removed_only_when_it_names_the_site(title, site, expected):
    assert strip_site_suffix(title, site) == expected


@pytest.mark.parametrize(("name", "ok"), [
    ("Siti Nurhaliza", True),
    ("Redaksi KabarBaku", False),
    ("PT VIVA MEDIA BARU", False),
    ("Mediaindonesia Com Developer", False),
    ("Tim detikBali", False),
    ("Agence France-Presse", False),
    ("Kompas Cyber Media", False),
])
def test_meta_authors_must_be_people(name, ok):
    assert person_like(name, "KabarBaku.com") is ok
