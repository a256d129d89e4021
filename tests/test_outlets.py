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
