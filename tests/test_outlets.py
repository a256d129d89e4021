"""Hand-written pages in the style of each outlet (tests/fixtures/outlets) parse correctly."""

from pathlib import Path

import pandas as pd
import pytest
import yaml

from nkcorpus.outlets import load_profiles
from nkcorpus.paths import OUTLET_PROFILES

EXPECTED = yaml.safe_load((Path(__file__).parent / "fixtures/outlets/expected.yaml").read_text())


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_outlet_fixture_fields(outlet_pages, slug):
    e, row = EXPECTED[slug], outlet_pages.loc[slug]
    assert (row["outlet"], row["title"], row["author"], row["dateline"]) == (
        e["outlet"], e["title"], e["author"], e["dateline"])
    if e["published"] is None:
        assert pd.isna(row["published"])
        assert "no publication date found" in row["reasons"]
    else:
        assert row["published"] == pd.Timestamp(e["published"], tz="Asia/Jakarta")


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_outlet_fixture_body_is_clean(outlet_pages, slug):
    e, row = EXPECTED[slug], outlet_pages.loc[slug]
    assert row["body"].startswith(e["body_first"])
    assert row["body"].endswith(e["body_last"])
    for text in e.get("not_in_body", []):
        assert text not in row["body"], text
    for text in e.get("body_include", []):
        assert text in row["body"], text
    for caption in e.get("captions", []):
        assert caption in row["captions"].split("\n")
    for reason in e.get("reasons_include", []):
        assert reason in row["reasons"]


def test_every_outlet_of_the_conventions_has_a_fixture():
    covered = {e["outlet"] for e in EXPECTED.values()}
    conventions = {"Kompas.com", "Kompas TV", "Kompas.id", "RMOL", "CNN Indonesia",
                   "CNBC Indonesia", "Detik", "Liputan6", "Okezone", "Tribunnews", "Kontan",
                   "iNews", "Pikiran Rakyat", "Grid", "Antara", "Republika", "Tempo",
                   "Satuharapan", "Suara", "Warta Ekonomi"}
    assert conventions <= covered


def test_profiles_file_loads_and_names_are_unique():
    profiles = load_profiles(OUTLET_PROFILES)
    assert len(profiles.names()) == len(set(profiles.names())) >= 20
    assert profiles.get("cnn indonesia").name == "CNN Indonesia"
    assert profiles.from_url("https://www.kompas.com/global/read/2020/10/06/x").name == "Kompas.com"


def test_a_new_outlet_is_added_by_editing_the_profiles_file(tmp_path):
    text = OUTLET_PROFILES.read_text(encoding="utf-8") + (
        "\n  - name: Contoh Harian\n    domains: [contohharian.id]\n    detect:\n"
        "      - {pattern: '\\bCONTOHHARIAN\\.ID\\b', where: anywhere, weight: 3}\n")
    path = tmp_path / "outlets.yaml"
    path.write_text(text, encoding="utf-8")
    profiles = load_profiles(path)
    from nkcorpus.extract import parse_page
    from nkcorpus.notes import Notes

    page = parse_page("Judul Berita Contoh Hari Ini\n\nSenin, 12 Oktober 2020 10:00 WIB\n\n"
                      "YEREVAN, CONTOHHARIAN.ID - Ini kalimat pertama berita yang cukup panjang.",
                      profiles, Notes())
    assert (page.outlet, page.dateline) == ("Contoh Harian", "YEREVAN")


def test_bad_profile_file_names_the_entry(tmp_path):
    path = tmp_path / "outlets.yaml"
    path.write_text("outlets:\n  - name: Rusak\n    detect:\n      - {pattern: '(unclosed'}\n")
    with pytest.raises(ValueError, match="Rusak"):
        load_profiles(path)


def test_profiles_cover_the_outlets_users_meet_most():
    profiles = load_profiles(OUTLET_PROFILES)
    for name in ["kapanlagi", "viva", "medcom", "bbc indonesia", "voa indonesia", "suara.com",
                 "kumparan", "tribun timur", "idn times", "jpnn", "merdeka", "sindonews", "inews",
                 "okezone", "liputan6", "republika", "antara", "tempo", "tempo english",
                 "beritasatu", "media indonesia", "beritamanado", "metrobali", "jakarta post",
                 "jakarta globe", "zona jakarta", "tribun solo", "magdalene"]:
        assert profiles.get(name) is not None, name
    assert profiles.get("tribun timur").zone == "WITA"
    assert profiles.get("tribun papua").zone == "WIT"


def test_the_most_specific_domain_names_the_outlet():
    profiles = load_profiles(OUTLET_PROFILES)
    assert profiles.from_url("https://solo.tribunnews.com/2020/10/09/x").name == "Tribun Solo"
    assert profiles.from_url("https://www.tribunnews.com/2020/10/09/x").name == "Tribunnews"
    assert profiles.from_url("http://thejakartaglobe.beritasatu.com/news/x/").name == \
        "The Jakarta Globe"
    assert profiles.from_url("https://www.beritasatu.com/nasional/1/x").name == "BeritaSatu.com"
    assert profiles.from_url("https://en.tempo.co/read/1").name == "Tempo English"
    assert profiles.from_url("https://www.bbc.com/indonesia/dunia-1").name == "BBC News Indonesia"


def test_a_sidebar_mention_of_another_outlet_loses_to_the_page_own_name():
    profiles = load_profiles(OUTLET_PROFILES)
    text = ("Okezone News\nBerita lain di Sindonews\nOkezone.com\n"
            "Kalimat berita dari Okezone tentang Karabakh.")
    assert profiles.detect(text.split("\n")[:1], text)[0].name == "Okezone"
