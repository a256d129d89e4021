"""Publication dates: the fast path, zones, separators, fallbacks and bad dates."""

import pandas as pd
import pytest

from nkcorpus.dates import is_date_line, parse_date

WIB = "Asia/Jakarta"


@pytest.mark.parametrize(("text", "expected"), [
    ("Minggu, 08 November 2020 - 16:30 WIB", "2020-11-08 16:30"),
    ("MINGGU, 08 NOVEMBER 2020 | 08:06 WIB | LAPORAN: X", "2020-11-08 08:06"),
    ("Kompas.com - 06/10/2020, 14:06 WIB", "2020-10-06 14:06"),
    ("Selasa, 23 Februari 2016 | 16:52 WIB", "2016-02-23 16:52"),
    ("Kamis, 01/10/2020 06:30 WIB", "2020-10-01 06:30"),
    ("Senin, 12 Okt 2020 06:33 WIB", "2020-10-12 06:33"),
    ("31 October 2020 07:20", "2020-10-31 07:20"),
    ("Diterbitkan 27 Okt 2020, 12:35 WIB", "2020-10-27 12:35"),
    ("Rabu, 07 Oktober 2020 / 13:21 WIB", "2020-10-07 13:21"),
    ("Rabu, 20 September 2023 - 12:42:00 WIB", "2023-09-20 12:42"),
    ("Jumat , 17 February 2017, 13:16 WIB", "2017-02-17 13:16"),
    ("Jum'at, 9 Agt 2019 09:01 WIB", "2019-08-09 09:01"),
    ("Sabtu, 5 Des 2020 - 10:00 WIB", "2020-12-05 10:00"),
    ("2020-11-10T01:00:00+03:00", "2020-11-10 05:00"),
    ("November 8, 2020 10:15 WIB", "2020-11-08 10:15"),
    ("8 Nov. 2020 pukul 16.30 WIB", "2020-11-08 16:30"),
])
def test_fast_path_reads_common_forms(text, expected):
    reading = parse_date(text)
    assert reading.value == pd.Timestamp(expected, tz=WIB)
    assert not reading.problem


def test_date_line_with_wita_is_utc_plus_8():
    reading = parse_date("Senin, 12 Oktober 2020 10:00 WITA")
    assert reading.value == pd.Timestamp("2020-10-12 02:00", tz="UTC")
    assert pd.Timestamp(reading.value).tz_convert("Asia/Makassar").hour == 10


def test_date_line_with_wit_is_utc_plus_9():
    reading = parse_date("12/10/2020 10:00 WIT")
    assert reading.value == pd.Timestamp("2020-10-12 01:00", tz="UTC")


def test_missing_zone_is_assumed_wib_and_flagged():
    reading = parse_date("31 October 2020 07:20")
    assert reading.zone_assumed and reading.value.utcoffset() == pd.Timedelta(hours=7)


def test_numeric_dates_are_day_first():
    assert parse_date("06/10/2020").value.month == 10
    assert parse_date("06.10.2020 14:06 WIB").value.day == 6


def test_impossible_date_is_flagged_not_guessed():
    reading = parse_date("31/02/2020 10:00 WIB")
    assert reading.value is None and "impossible date" in reading.problem


def test_impossible_time_is_flagged_not_guessed():
    reading = parse_date("12 Oktober 2020 25:61 WIB")
    assert reading.value is None and "impossible date" in reading.problem


def test_future_dates_are_flagged_against_a_fixed_bound():
    reading = parse_date("Senin, 01 Januari 2099 10:00 WIB")
    assert reading.value is None and "outside the plausible range" in reading.problem


def test_ancient_dates_are_flagged():
    assert "outside" in parse_date("01/01/1990 10:00 WIB").problem


def test_dateparser_fallback_reads_unusual_forms():
    reading = parse_date("5th of November 2020 10:00")
    assert reading.value == pd.Timestamp("2020-11-05 10:00", tz=WIB)


def test_relative_dates_are_never_parsed_so_results_do_not_depend_on_today():
    assert parse_date("2 jam yang lalu") is None
    assert parse_date("kemarin 2020") is None or parse_date("kemarin 2020").value is None


def test_no_date_returns_none():
    assert parse_date("Presiden Turki Recep Tayyip Erdogan") is None


def test_is_date_line_rejects_sentences_that_contain_dates():
    assert is_date_line("Kompas.com - 06/10/2020, 14:06 WIB")
    assert not is_date_line("Pertempuran di Nagorno-Karabakh dimulai pada Minggu (27/9/2020) "
                            "dan telah menewaskan ratusan korban hingga saat ini.")


def test_twelve_hour_times_are_read_after_or_before_the_date():
    # The Jakarta Post: "Fri, June 19 2015, 7:36 PM"; the Jakarta Globe: "12:23 am Jun 19, 2015".
    assert parse_date("Fri, June 19 2015, 7:36 PM").value == pd.Timestamp("2015-06-19 19:36",
                                                                          tz=WIB)
    assert parse_date("By Jakarta Globe on 12:23 am Jun 19, 2015").value == pd.Timestamp(
        "2015-06-19 00:23", tz=WIB)
    assert parse_date("on 18 Jun 2015 at 06:25 WIB").value == pd.Timestamp("2015-06-18 06:25",
                                                                           tz=WIB)


def test_home_zone_reads_a_zone_less_time_as_local_time():
    from nkcorpus.dates import with_home_zone

    reading = parse_date("Sabtu, 31 Oktober 2020 16:05")
    assert reading.zone_assumed
    wita = with_home_zone(reading, "WITA")
    assert wita.value == pd.Timestamp("2020-10-31 15:05", tz=WIB) and not wita.zone_assumed
    printed = parse_date("Sabtu, 31 Oktober 2020 16:05 WIB")
    assert with_home_zone(printed, "WITA") is printed  # a printed zone is never replaced
    assert with_home_zone(parse_date("31 Oktober 2020"), "WIT") == parse_date("31 Oktober 2020")
