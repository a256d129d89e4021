"""The five seed articles parse to the values the project promises (issue: corpus foundation)."""

import json

import pandas as pd
import pytest

EXPECTED = {
    "000": ("SINDOnews", "2020-11-08 16:30", "", "ANKARA"),
    "001": ("Jitunews", "2020-11-25 18:30", "Tino Aditia", "MOSKOW"),
    "002": ("RMOL", "2020-11-08 08:06", "Sarah Meiliana Gunawan", ""),
    "003": ("Beritaturki", None, "", "ANKARA"),
    "004": ("Kompas.com", "2020-10-06 14:06", "", "ANKARA"),
}
TITLES = {
    "000": "Via Telepon, Erdogan-Putin Bahas Konflik di Nagorno Karabakh",
    "001": "Telepon Putin, Erdogan Minta Upaya Gencatan Senjata di Nagorno-Karabakh Libatkan "
           "Negara Lain",
    "002": "Kepada Putin, Erdogan Minta Armenia Keluar Dari Nagorno-Karabakh Jika Ingin Berdamai",
    "003": "Rusia Akan Bekerja Sama Dengan Turki untuk Menurunkan Ketegangan di Nagorno-Karabakh, "
           "kata Menlu Rusia",
    "004": "Di Tengah Kecamuk Perang Azerbaijan-Armenia, Menlu Turki Akan Kunjungi Baku",
}
BODY_FIRST = {
    "000": "Presiden Turki Recep Tayyip Erdogan dan Presiden Rusia Vladimir Putin melakukan",
    "001": "Presiden Turki Recep Tayyip Erdogan mengatakan bahwa dirinya telah menghubungi",
    "002": "Armenia harus serius dalam menjalankan negosiasi damai",
    "003": "Diplomat top Rusia Sergey Lavrov mengatakan pada hari Selasa",
    "004": "Menteri Luar Negeri Turki, Mevlut Cavusoglu, akan melakukan kunjungan kerja",
}
BODY_LAST = {
    "000": "yang bersama-sama membentuk sekitar 20% wilayah Azerbaijan.",
    "001": "yang akan dibentuk bersama dengan Rusia,\" kata pemerintah Turki.",
    "002": "dipandang sangat penting untuk membawa kedamaian di sana.",
    "003": "tetapi mengatakan Moskow realistis dalam mengevaluasi prospek hubungan bilateral.",
    "004": "Turki mendukung hak Azerbaijan untuk membela diri dan menyerukan Armenia untuk mundur.",
}
NOT_BODY = ["Baca juga", "Baca Juga", "Foto/", "Populer", "Terkini Lainnya", "Berita Terkait",
            "Video Rekomendasi", "Close Ads", "komentar", "Penulis", "LAPORAN", "Halaman",
            "LEAVE A REPLY", "Please enter", "Joe Biden Bertekad", "Menlu Korsel", "(ber)",
            "Selengkapnya", "2026", "Rekomendasi", "Follow", "Dapatkan berita"]


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_seed_outlet_date_author_dateline(seeds, key):
    outlet, published, author, dateline = EXPECTED[key]
    row = seeds.loc[key]
    assert row["outlet"] == outlet
    assert row["author"] == author
    assert row["dateline"] == dateline
    if published is None:
        assert pd.isna(row["published"])
    else:
        assert row["published"] == pd.Timestamp(published, tz="Asia/Jakarta")
        assert row["published"].utcoffset() == pd.Timedelta(hours=7)


@pytest.mark.parametrize("key", sorted(TITLES))
def test_seed_title_is_the_headline_exactly(seeds, key):
    assert seeds.loc[key, "title"] == TITLES[key]


@pytest.mark.parametrize("key", sorted(BODY_FIRST))
def test_seed_body_runs_from_first_sentence_after_dateline_to_last_sentence(seeds, key):
    body = seeds.loc[key, "body"]
    assert body.startswith(BODY_FIRST[key])
    assert body.endswith(BODY_LAST[key])


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_seed_body_has_no_boilerplate(seeds, key):
    body = seeds.loc[key, "body"]
    for marker in NOT_BODY:
        assert marker not in body, marker


def test_rmol_is_identified_by_layout_and_reasons_say_so(seeds):
    row = seeds.loc["002"]
    assert row["status"] == "ok"
    assert "identified by its layout" in row["reasons"]


def test_undated_beritaturki_page_is_nat_with_a_warning(seeds):
    row = seeds.loc["003"]
    assert row["status"] == "warning"
    assert "no publication date found" in row["reasons"]
    assert row["published_text"] == ""


def test_trailing_list_dates_never_become_the_publication_date(seeds):
    # 002's "Populer" list is dated January 2026; 004's list is Kompas's, years later.
    assert seeds.loc["002", "published"].year == 2020
    assert seeds.loc["004", "published"].year == 2020


def test_related_headlines_pasted_mid_body_are_cut_and_audited(seeds):
    removed = json.loads(seeds.loc["001", "removed"])
    cut = {b["text"] for b in removed if b["rule"].startswith("related headline")}
    assert cut == {"Joe Biden Bertekad Perkuat Aliansi AS di Asia Pasifik",
                   "Menlu Korsel Minta Negara-negara di Asia Tengah Dukung Perdamaian "
                   "Seoul-Pyongyang"}


def test_inline_read_also_links_are_cut_but_their_paragraph_is_kept(seeds):
    body = seeds.loc["000", "body"]
    assert "kedua diplomat juga membahas masalah Nagorno Karabakh." in body
    removed = json.loads(seeds.loc["000", "removed"])
    inline = [b["text"] for b in removed if b["rule"] == "read-also link (inline)"]
    assert inline == ["(Baca juga: Russia: 2.000 Militan Timur Tengah Bertempur di Nagorno "
                      "Karabakh )",
                      "(Baca juga: Azerbaijan Bersumpah Berperang sampai Akhir demi "
                      "Nagorno-Karabakh )"]


def test_read_also_lines_between_paragraphs_do_not_cut_the_article_short(seeds):
    body = seeds.loc["004", "body"]
    paragraphs = body.split("\n\n")
    assert len(paragraphs) == 14
    assert "OSCE Minsk Group, diketuai bersama" in body  # after the second "Baca juga"


def test_captions_and_deck_are_kept_apart_from_the_body(seeds):
    assert seeds.loc["000", "captions"] == ("Via telepon, Erdogan dan Putin membahas konflik di "
                                            "Nagorno Karabakh. Foto/Azernews")
    assert seeds.loc["001", "deck"].startswith("Presiden Turki Tayyip Erdogan menilai")
    assert seeds.loc["001", "captions"].split("\n")[1].endswith("(kanan) Anadolu")
    assert seeds.loc["002", "captions"].endswith("Recep Tayyip Erdogan/Net")
    assert "via AP" in seeds.loc["004", "captions"]
    for key in EXPECTED:
        for caption in filter(None, seeds.loc[key, "captions"].split("\n")):
            assert caption not in seeds.loc[key, "body"]


def test_share_counters_and_comment_prompts_are_cut(seeds):
    rules = {b["text"]: b["rule"] for b in json.loads(seeds.loc["003", "removed"])}
    assert rules["0"] == "share counter" and rules["66"] == "share counter"
    assert rules["Please enter your comment!"].startswith("trailing list")


def test_paragraphs_are_separated_by_one_blank_line(seeds):
    for key in EXPECTED:
        body = seeds.loc[key, "body"]
        assert "\n\n\n" not in body and body == body.strip()
        assert all(p.strip() == p and p for p in body.split("\n\n"))


def test_article_ids_are_unique_stable_and_content_derived(seeds):
    assert seeds["article_id"].is_unique
    assert seeds["article_id"].str.fullmatch(r"[0-9a-f]{16}").all()
    from nkcorpus import build_corpus
    from nkcorpus.paths import RAW_DIR

    again = build_corpus(RAW_DIR)
    assert list(again["article_id"]) == list(seeds["article_id"])


def test_word_counts_match_the_body(seeds):
    for key in EXPECTED:
        assert seeds.loc[key, "n_words"] == len(seeds.loc[key, "body"].split())
