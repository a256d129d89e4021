"""Relative and partial dates inside article text (``nkcorpus.timeline``): ``kemarin``, a
weekday alone, day-month without a year, and what happens without a publication date."""

from __future__ import annotations

import pandas as pd
import pytest

from nkcorpus.timeline import find_date_mentions


def mentions(body: str, published: str | None = "2020-11-10 09:00"):
    articles = pd.DataFrame({
        "article_id": ["a1"], "body": [body],
        "published": [pd.Timestamp(published, tz="Asia/Jakarta") if published else pd.NaT]})
    return find_date_mentions(articles)


def test_kemarin_is_the_day_before_publication():
    row = mentions("Pasukan itu menyerang kota kemarin, kata juru bicara.").iloc[0]
    assert (row["matched"], row["kind"]) == ("kemarin", "relative")
    assert row["date"] == pd.Timestamp("2020-11-09") and row["days_before"] == 1


def test_kemarin_crosses_month_and_year_boundaries():
    assert mentions("Serangan terjadi kemarin.", "2021-01-01 08:00").iloc[0]["date"] == \
        pd.Timestamp("2020-12-31")
    assert mentions("Serangan terjadi kemarin.", "2020-11-01 00:30").iloc[0]["date"] == \
        pd.Timestamp("2020-10-31")


def test_kemarin_without_a_publication_date_is_unresolved_and_says_why():
    row = mentions("Serangan terjadi kemarin.", None).iloc[0]
    assert pd.isna(row["date"]) and row["note"] == "relative: needs the publication date"
    assert pd.isna(row["days_before"])


def test_capitalised_kemarin_in_a_name_is_not_a_date():
    assert mentions("Kemarin Sore adalah judul lagu itu.").empty


@pytest.mark.parametrize(("text", "expected"), [
    ("Pertemuan digelar pada hari Selasa.", "2020-11-10"),   # publication day is a Tuesday
    ("Pertemuan digelar pada hari Senin.", "2020-11-09"),
    ("Pertemuan digelar pada hari Rabu.", "2020-11-04"),     # latest Wednesday before
])
def test_a_weekday_alone_is_the_latest_such_day_on_or_before_publication(text, expected):
    row = mentions(text).iloc[0]
    assert row["kind"] == "weekday" and row["date"] == pd.Timestamp(expected)


def test_lower_case_minggu_means_week_not_sunday():
    assert mentions("Dalam satu minggu terakhir pertempuran meningkat.").empty


def test_weekday_with_day_and_month_is_checked_against_the_calendar():
    ok = mentions("Gencatan senjata berlaku Sabtu (7/11).").iloc[0]
    assert ok["date"] == pd.Timestamp("2020-11-07") and ok["note"] == ""
    wrong = mentions("Gencatan senjata berlaku Jumat (7/11).").iloc[0]
    assert "does not match" in wrong["note"]


def test_day_month_without_a_year_takes_the_publication_year_or_the_one_before():
    assert mentions("Perang pecah 27 September.").iloc[0]["date"] == pd.Timestamp("2020-09-27")
    late = mentions("Perang pecah 27 Desember.", "2021-01-05 10:00").iloc[0]
    assert late["date"] == pd.Timestamp("2020-12-27")


def test_impossible_and_yearless_dates_without_publication_say_why():
    assert mentions("Rapat pada 31 Februari.").iloc[0]["note"] == "impossible date"
    assert mentions("Rapat pada 3 Maret.", None).iloc[0]["note"] == \
        "no year: needs the publication date"
    assert mentions("Rapat pada hari Senin.", None).iloc[0]["note"] == \
        "weekday alone: needs the publication date"
