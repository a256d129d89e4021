"""Whole pages copied with select-all (menus, header dates, sidebars, footers) parse right.

The fixtures in tests/fixtures/selectall are written for the project in the layouts of real
outlets' pages; expected.yaml holds the values a reader would take from each page.
"""

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest
import yaml

from nkcorpus.build import finalise, parse_file
from nkcorpus.dates import parse_date
from nkcorpus.extract import (
    PageHints,
    account_lines,
    find_dateline,
    lines_recorded_twice,
    locate_article,
    nav_like,
    parse_page,
    split_names,
    split_paragraphs,
)
from nkcorpus.notes import Notes
from nkcorpus.outlets import load_profiles

HERE = Path(__file__).parent / "fixtures" / "selectall"
EXPECTED = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))
PROFILES = load_profiles()
WIB = timezone(timedelta(hours=7))


@pytest.fixture(scope="module")
def rows():
    out = {}
    for slug in EXPECTED:
        got = parse_file(HERE / f"{slug}.txt", HERE, PROFILES)
        finalise(got)
        out[slug] = got[0]
    return out


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_selectall_page_fields(rows, slug):
    e, row = EXPECTED[slug], rows[slug]
    assert (row["outlet"], row["title"], row["author"], row["dateline"], row["page_kind"],
            row["status"]) == (e["outlet"], e["title"], e["author"], e["dateline"],
                               e["page_kind"], e["status"]), row["reasons"]
    if e["published"] is None:
        assert row["published"] is None or pd.isna(row["published"])
    else:
        assert row["published"] == pd.Timestamp(e["published"], tz="Asia/Jakarta")
    if "outlet_source" in e:
        assert f"outlet={e['outlet_source']}" in row["field_sources"]
    for reason in e.get("reasons_include", []):
        assert reason in row["reasons"]


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_selectall_page_body_is_the_article_only(rows, slug):
    e, row = EXPECTED[slug], rows[slug]
    if "body_first" in e:
        assert row["body"].startswith(e["body_first"])
        assert row["body"].endswith(e["body_last"])
    for text in e.get("body_include", []):
        assert text in row["body"], text
    for text in e.get("not_in_body", []):
        assert text not in row["body"], text
    for caption in e.get("captions", []):
        assert caption in row["captions"].split("\n")
    removed = {b["text"]: b["rule"] for b in json.loads(row["removed"])}
    for text, rule in e.get("removed_rules", {}).items():
        assert removed.get(text) == rule, text


def test_non_article_pages_are_never_ok(rows):
    for slug, row in rows.items():
        if row["page_kind"] != "article":
            assert row["status"] != "ok", slug


def test_ok_rows_have_a_printed_title_and_a_timed_date(rows):
    for slug, row in rows.items():
        if row["status"] == "ok":
            assert row["title"] and not nav_like(row["title"]), slug
            assert ":" in row["published_text"] or "." in row["published_text"], slug


def test_a_navigation_title_is_never_ok():
    text = ("* Beranda\n* Nasional\n* Dunia\n\nTOP NEWS | TERKINI | RILIS PERS | RSS\n\n"
            "Senin, 12 Oktober 2020 10:00 WIB\n\n"
            "Pasukan kedua negara kembali saling tembak di sepanjang garis kontak pada Senin "
            "pagi, menurut keterangan kementerian pertahanan.\n\n"
            "Serangan itu terjadi beberapa jam setelah gencatan senjata kemanusiaan mulai "
            "berlaku di wilayah tersebut.\n")
    notes = Notes()
    page = parse_page(text, PROFILES, notes)
    assert notes.status != "ok"
    assert page.title == "" or "navigation" in notes.reasons or "no title" in notes.reasons


def test_header_today_date_loses_to_the_articles_date_with_a_time():
    text = ("Rabu, 4 November 2015\n\n* Home\n* Berita\n\n"
            "Menlu Bertemu Duta Besar Armenia di Jakarta\n\n"
            "Rabu, 4 November 2015 | 21:04 WIB\n\n"
            "JAKARTA - Menteri Luar Negeri menerima Duta Besar Armenia untuk membahas situasi "
            "terakhir di kawasan Kaukasus Selatan.\n\n"
            "Pertemuan berlangsung selama satu jam dan membahas perlindungan warga negara "
            "Indonesia di kawasan itu.\n")
    page = parse_page(text, PROFILES, Notes())
    assert page.title == "Menlu Bertemu Duta Besar Armenia di Jakarta"
    assert page.date.value == datetime(2015, 11, 4, 21, 4, tzinfo=WIB)
    header = [rule for rule, text in page.removed if text == "Rabu, 4 November 2015"]
    assert len(header) == 1 and header[0] != "date line"


# --- line accounting -------------------------------------------------------------------

ALL_PAGES = (sorted(HERE.glob("*.txt"))
             + sorted((HERE.parent / "outlets").glob("*.txt"))
             + sorted((Path(__file__).parents[1] / "data" / "raw").glob("0*.txt")))


@pytest.mark.parametrize("path", ALL_PAGES, ids=lambda p: p.name)
def test_every_line_of_every_fixture_ends_up_in_exactly_one_place(path):
    text = path.read_text(encoding="utf-8")
    page = parse_page(text, PROFILES, Notes())
    assert account_lines(text, page) == []
    assert lines_recorded_twice(text, page) == []


def test_account_lines_reports_a_lost_line():
    text = "Judul Berita Hari Ini\n\nIni kalimat pertama berita yang cukup panjang sekali.\n"
    page = parse_page(text, PROFILES, Notes())
    page.body = []  # simulate a parser that drops the paragraph
    assert account_lines(text, page) == ["Ini kalimat pertama berita yang cukup panjang sekali."]


# --- hints (HTML metadata) ---------------------------------------------------------------

TWO_HEADLINES = (
    "* Home\n* Dunia\n\n"
    "Azerbaijan Rebut Kota Shusha Setelah Pertempuran Sengit\n\n"
    "Minggu, 8 November 2020 16:30 WIB\n\n"
    "BAKU - Presiden Azerbaijan mengumumkan pasukannya telah menguasai kota Shusha setelah "
    "pertempuran berhari-hari di pegunungan.\n\n"
    "Armenia membantah klaim tersebut dan menyatakan pertempuran masih berlangsung di "
    "sekitar kota itu.\n\n"
    "Armenia Bantah Kehilangan Kota Shusha\n\n"
    "Minggu, 8 November 2020 18:05 WIB\n\n"
    "YEREVAN - Kementerian Pertahanan Armenia membantah bahwa kota Shusha telah jatuh ke "
    "tangan pasukan Azerbaijan pada Minggu.\n\n"
    "Juru bicara kementerian mengatakan pertempuran sengit masih terjadi di pinggiran kota "
    "dan jalan menuju Stepanakert.\n")


def test_hinted_title_picks_the_printed_headline():
    hints = PageHints(title="Armenia Bantah Kehilangan Kota Shusha - Contoh News",
                      sources={"title": "meta"})
    lines = split_paragraphs(TWO_HEADLINES)
    idx, _ = locate_article(lines, hints)
    assert lines[idx] == "Armenia Bantah Kehilangan Kota Shusha"
    page = parse_page(TWO_HEADLINES, PROFILES, Notes(), hints=hints)
    assert page.title == "Armenia Bantah Kehilangan Kota Shusha"
    assert page.sources["title"] == "printed"
    assert page.date.value == datetime(2020, 11, 8, 18, 5, tzinfo=WIB)


def test_url_slug_picks_the_printed_headline():
    url = "https://contoh.id/dunia/2020/11/08/armenia-bantah-kehilangan-kota-shusha"
    page = parse_page(TWO_HEADLINES, PROFILES, Notes(), url=url)
    assert page.title == "Armenia Bantah Kehilangan Kota Shusha"


UNDATED = ("Gencatan Senjata Kemanusiaan Kembali Dilanggar\n\n"
           "Pasukan kedua negara kembali saling tuding melanggar gencatan senjata kemanusiaan "
           "yang baru berlaku beberapa jam sebelumnya.\n\n"
           "Pengamat menilai kesepakatan itu rapuh karena tidak disertai mekanisme pengawasan "
           "di lapangan oleh pihak ketiga.\n")


def test_hinted_date_is_used_when_none_is_printed_and_its_source_recorded():
    hinted = parse_date("2020-10-18T09:30:00+07:00")
    notes = Notes()
    page = parse_page(UNDATED, PROFILES, notes,
                      hints=PageHints(date=hinted, sources={"published": "json-ld"}))
    assert page.date.value == datetime(2020, 10, 18, 9, 30, tzinfo=WIB)
    assert page.sources["published"] == "json-ld"
    assert "json-ld" in notes.reasons


def test_printed_date_with_time_wins_over_a_disagreeing_hint():
    hinted = parse_date("2020-11-08T09:00:00+07:00")
    notes = Notes()
    page = parse_page(TWO_HEADLINES, PROFILES, notes,
                      hints=PageHints(date=hinted, sources={"published": "meta"}))
    assert page.date.value == datetime(2020, 11, 8, 16, 30, tzinfo=WIB)
    assert page.sources["published"] == "printed"
    assert "printed date" in notes.reasons and "2020-11-08T09:00" in notes.reasons


def test_hinted_title_fills_a_page_without_a_printed_title():
    text = ("Pasukan kedua negara kembali saling tuding melanggar gencatan senjata kemanusiaan "
            "yang baru berlaku beberapa jam sebelumnya.\n")
    page = parse_page(text, PROFILES, Notes(),
                      hints=PageHints(title="Gencatan Senjata Dilanggar", sources={"title":
                                                                                   "json-ld"}))
    assert page.title == "Gencatan Senjata Dilanggar"
    assert page.sources["title"] == "json-ld"


def test_unknown_outlet_is_named_from_the_hinted_site_name_or_the_url():
    notes = Notes()
    page = parse_page(UNDATED, PROFILES, notes, hints=PageHints(sitename="Warta Kaukasus"))
    assert (page.outlet, page.sources["outlet"]) == ("Warta Kaukasus", "inferred")
    assert "inferred" in notes.reasons
    page = parse_page(UNDATED, PROFILES, Notes(), url="https://www.beritakaukasus.net/a/b")
    assert page.outlet == "beritakaukasus.net"


# --- bylines and datelines ---------------------------------------------------------------

def test_job_titles_are_stripped_from_names():
    assert split_names("Kontributor Lhokseumawe, Masriadi") == ["Masriadi"]
    assert split_names("Wartawan Tribun-Timur.com, Andi Rahmat") == ["Andi Rahmat"]
    assert split_names("Editor: Yoga Sukmana") == ["Yoga Sukmana"]
    assert split_names("Arnold H Sianturi / FMB") == ["Arnold H Sianturi"]


def _page(body_lines):
    head = "Judul Berita Kaukasus Hari Ini\n\nSenin, 12 Oktober 2020 10:00 WIB\n\n"
    return parse_page(head + "\n\n".join(body_lines), PROFILES, Notes())


def test_oleh_inside_a_sentence_or_oleh_oleh_is_not_a_byline():
    page = _page(["JAKARTA - Kunjungan menteri itu dibahas panjang dalam rapat kabinet pada "
                  "Senin pagi di Istana.",
                  "Langkah itu didukung sepenuhnya oleh Presiden Turki.",
                  "Oleh-oleh Menkominfo",
                  "Kedua negara sepakat melanjutkan pembicaraan di tingkat menteri bulan "
                  "depan di Ankara."])
    assert page.authors == []


def test_a_short_oleh_line_at_the_top_is_a_byline():
    page = _page(["Oleh: Siti Rahma",
                  "JAKARTA - Kunjungan menteri itu dibahas panjang dalam rapat kabinet pada "
                  "Senin pagi di Istana."])
    assert page.authors == ["Siti Rahma"]


def test_ticker_and_headline_lines_are_not_datelines():
    rules = PROFILES.rules(None)
    assert find_dateline("AKRA - Buy 1110-1125 | TP 1200 | SL 1080 | BBRI - Hold 4250-4300 | "
                         "TP 4400 | ASII - Sell 5200 5300 5400", rules) is None
    assert find_dateline("Armenia - Azerbaijan Sepakat Gencatan Senjata Kemanusiaan di Moskwa "
                         "Usai Perundingan Panjang Selama Sepuluh Jam Bersama Rusia", rules) is None
    assert find_dateline("ANKARA - Turki menyatakan dukungan penuh kepada Azerbaijan dalam "
                         "konflik itu.", rules)[0] == "ANKARA"


def test_gallery_headline_is_not_a_caption():
    text = (HERE / "gallery_foto_page.txt").read_text(encoding="utf-8")
    page = parse_page(text, PROFILES, Notes())
    assert page.title.startswith("FOTO:")
    assert not any(c.startswith("FOTO:") for c in page.captions)


def test_nav_like_recognises_menus_breadcrumbs_and_capitals():
    assert nav_like("* Harian Kompas |")
    assert nav_like("TOP NEWS | TERKINI | RILIS PERS | RSS")
    assert nav_like("Tribun-Timur.com » Internasional")
    assert nav_like("TRAVEL NEWS")
    assert nav_like("Category Corruption, Featured, Front Page, News, Politics")
    assert not nav_like("Rusia Kirim Penjaga Perdamaian ke Karabakh Usai Kesepakatan Damai")


def test_a_long_list_inside_the_article_does_not_end_it():
    items = "\n".join(f"* Negara peserta nomor {i}" for i in range(1, 15))
    para = ("Pertemuan itu juga membahas nasib para pengungsi yang meninggalkan rumah mereka "
            "selama perang berlangsung di kawasan itu.")
    text = ("Negara Peserta Konferensi Karabakh di Jenewa\n\nSenin, 12 Oktober 2020 10:00 WIB\n\n"
            "JENEWA - Konferensi internasional tentang Karabakh dihadiri perwakilan dari banyak "
            "negara pada Senin pagi.\n\nBerikut daftar negara yang hadir:\n\n" + items + "\n\n"
            + "\n\n".join([para] * 4) + "\n\nBerita Terkait\n\nHarga Emas Naik\n")
    page = parse_page(text, PROFILES, Notes())
    assert "* Negara peserta nomor 14" in page.body
    assert page.body[-1] == para and page.body.count(para) == 4
    assert ("trailing list: Berita Terkait", "Harga Emas Naik") in page.removed


def test_two_equally_plausible_headlines_make_the_title_uncertain():
    block = ("{title}\n\nMinggu, 8 November 2020 16:30 WIB\n\n"
             "BAKU - Presiden Azerbaijan mengumumkan pasukannya telah menguasai kota itu setelah "
             "pertempuran berhari-hari di pegunungan.\n\n"
             "Armenia membantah klaim tersebut dan menyatakan pertempuran masih berlangsung di "
             "sekitar kota itu pada Minggu malam.\n\n")
    nav = "".join(f"* Menu {i}\n" for i in range(8))
    text = (nav + block.format(title="Azerbaijan Klaim Kuasai Kota Shusha di Karabakh") + nav
            + block.format(title="Azerbaijan Klaim Kuasai Kota Lachin di Karabakh"))
    notes = Notes()
    page = parse_page(text, PROFILES, notes)
    assert page.title.startswith("Azerbaijan Klaim Kuasai Kota")
    assert notes.status == "warning" and "headline uncertain" in notes.reasons


def test_a_credits_box_after_the_article_names_its_authors_but_not_its_editor():
    text = ("* Home\n* News\n\nArmenia dan Azerbaijan Sepakat Tukar Tawanan Perang\n\n"
            "By Siti Rahma\n\non 18 Nov 2020 at 06:25 WIB\n\n"
            "Liputan6.com, Jakarta - Armenia dan Azerbaijan sepakat menukar tawanan perang "
            "dengan mediasi Rusia pada Rabu pagi di perbatasan.\n\n"
            "Pertukaran dilakukan di bawah pengawasan Komite Palang Merah Internasional dan "
            "pasukan penjaga perdamaian Rusia.\n\n"
            "* Like ( 0 )\n* Author\n* Siti Rahma\n* Budi Hartono\n* Editor\n* Mevi Lestari\n"
            "Credits (3)\n")
    page = parse_page(text, PROFILES, Notes())
    assert page.authors == ["Siti Rahma", "Budi Hartono"]
    assert ("credits box", "* Mevi Lestari") in page.removed
