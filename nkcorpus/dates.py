"""Publication dates as Indonesian news pages print them.

A fast regular-expression path reads the common forms (Indonesian and English month names and
short forms, day-first numeric dates, weekday prefixes, ``|``/``-``/``/``/``,`` separators,
optional seconds, WIB/WITA/WIT zones, ISO 8601). Lines it cannot read but that look like dates
go to ``dateparser`` (Indonesian and English, day first, absolute dates only). Nothing here
depends on today's date: relative expressions ("2 jam lalu") are not parsed, and "future"
means later than a fixed, documented bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from .outlets import MEMO_LINES
from .schema import TIMEZONE

MONTHS: dict[str, int] = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "february": 2, "feb": 2, "peb": 2,
    "maret": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "agst": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}
WEEKDAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "jum’at", "sabtu", "minggu",
            "ahad", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "sen", "sel", "rab", "kam", "jum", "sab", "min", "mon", "tue", "wed", "thu", "fri",
            "sat", "sun")
#: Offsets of the zones printed on Indonesian pages, in hours.
ZONES = {"WIB": 7, "WITA": 8, "WIT": 9, "GMT": 0, "UTC": 0, "Z": 0}
#: Publication dates outside this range are flagged instead of used. The upper bound is a
#: fixed date, not "today", so results never depend on when the code runs.
JAKARTA = ZoneInfo(TIMEZONE)
EARLIEST = datetime(1995, 1, 1, tzinfo=JAKARTA)
LATEST = datetime(2035, 12, 31, 23, 59, tzinfo=JAKARTA)

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = "|".join(re.escape(w) for w in sorted(WEEKDAYS, key=len, reverse=True))
_TIME = (r"(?:\s*(?:[,|/–—-]|pukul|jam|at|T)?\s*(?P<H>\d{1,2})[:.](?P<M>\d\d)"
         r"(?:[:.](?P<S>\d\d))?(?:\.\d+)?"
         r"(?:\s*(?P<ampm>[ap]\.?m\b\.?))?"
         r"(?:\s*(?P<tz>WITA|WIB|WIT|GMT|UTC|Z|[+-]\d{2}:?\d{2}))?)?")
# A 12-hour time printed before the date ("By Jakarta Globe on 12:23 am Jun 19, 2015").
_TIME_BEFORE = re.compile(r"(?<![\d:.])(?P<H>\d{1,2})[:.](?P<M>\d\d)\s*(?P<ampm>[ap]\.?m\b\.?)",
                          re.IGNORECASE)
DATE_RE = re.compile(
    rf"(?<![\w/])(?:(?P<weekday>{_WEEKDAY_ALT})\.?\s*,?\s*)?"
    r"(?:"
    rf"(?P<d1>\d{{1,2}})\s*(?P<mon1>{_MONTH_ALT})\.?\s*,?\s*(?P<y1>(?:19|20)\d\d)"
    r"|(?P<d2>\d{1,2})(?P<sep>[/.-])(?P<m2>\d{1,2})(?P=sep)(?P<y2>(?:19|20)\d\d)"
    r"|(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d)"
    rf"|(?P<mon4>{_MONTH_ALT})\.?\s+(?P<d4>\d{{1,2}}),?\s+(?P<y4>(?:19|20)\d\d)"
    r")(?![\w/])" + _TIME,
    re.IGNORECASE,
)
_YEARISH = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def has_year(text: str) -> bool:
    """Does ``text`` hold a four-digit year 19xx/20xx (``_YEARISH``)? Most lines hold neither
    "19" nor "20", and two substring tests are much cheaper than a regex search."""
    return ("19" in text or "20" in text) and _YEARISH.search(text) is not None


@dataclass(frozen=True)
class DateReading:
    """What was read from a date string.

    ``value`` is a timezone-aware ``datetime`` in Asia/Jakarta (compares equal to the
    same instant as a pandas ``Timestamp``) or ``None``; ``text`` the span it was read from;
    ``problem`` says why ``value`` is ``None`` although a date was printed; ``zone_assumed``
    is True when no zone was printed and WIB was assumed; ``has_time`` False for a bare date.
    """

    value: datetime | None
    text: str
    problem: str = ""
    zone_assumed: bool = False
    has_time: bool = True


def _offset(tz: str | None) -> tuple[timezone, bool]:
    if not tz:
        return timezone(timedelta(hours=7)), True
    tz = tz.upper()
    if tz in ZONES:
        return timezone(timedelta(hours=ZONES[tz])), False
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))), False


def _from_match(m: re.Match[str]) -> DateReading:
    g = m.groupdict()
    text = m.group(0).strip(" ,|-/")
    if g["y1"]:
        year, month, day = int(g["y1"]), MONTHS[g["mon1"].lower()], int(g["d1"])
    elif g["y2"]:
        year, month, day = int(g["y2"]), int(g["m2"]), int(g["d2"])
    elif g["y3"]:
        year, month, day = int(g["y3"]), int(g["m3"]), int(g["d3"])
    else:
        year, month, day = int(g["y4"]), MONTHS[g["mon4"].lower()], int(g["d4"])
    has_time = g["H"] is not None
    hour, minute, second = (int(g["H"]), int(g["M"]), int(g["S"] or 0)) if has_time else (0, 0, 0)
    ampm = g["ampm"]
    if not has_time:
        before = _TIME_BEFORE.search(m.string, max(0, m.start() - 40), m.start())
        if before:
            has_time, hour, minute = True, int(before["H"]), int(before["M"])
            ampm = before["ampm"]
    if ampm and 1 <= hour <= 12:
        hour = hour % 12 + (12 if ampm[0].lower() == "p" else 0)
    tzinfo, assumed = _offset(g["tz"])
    try:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=tzinfo)
    except ValueError as exc:
        return DateReading(None, text, f"impossible date '{text}' ({exc})")
    return _checked(moment.astimezone(JAKARTA), text, assumed and has_time, has_time)


def _checked(value: datetime, text: str, assumed: bool, has_time: bool) -> DateReading:
    if value < EARLIEST or value > LATEST:
        return DateReading(None, text, f"date '{text}' is outside the plausible range "
                           f"{EARLIEST:%Y-%m-%d} to {LATEST:%Y-%m-%d}: not used")
    return DateReading(value, text, "", assumed, has_time)


# Answers kept per text (bounded): a DateReading is immutable, so callers may share it.
@lru_cache(maxsize=MEMO_LINES)
def parse_date(text: str, *, fallback: bool = True) -> DateReading | None:
    """Read the first date in ``text``; ``None`` if there is none.

    >>> parse_date("Minggu, 08 November 2020 - 16:30 WIB").value.isoformat()
    '2020-11-08T16:30:00+07:00'
    """
    if not has_year(text):
        return None  # every form read here has a four-digit year: skip the big pattern
    m = DATE_RE.search(text)
    if m:
        return _from_match(m)
    if fallback and len(text) <= 80:
        return _parse_with_dateparser(text)
    return None


_DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "TIMEZONE": "+0700",
    "TO_TIMEZONE": "+0700",
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["custom-formats", "absolute-time"],
}


def _parse_with_dateparser(text: str) -> DateReading | None:
    """The slow path: ``dateparser`` for the forms the regular expression does not know."""
    import dateparser

    cleaned = re.sub(r"\b(WITA|WIB|WIT)\b", "", text)
    zone = re.search(r"\b(WITA|WIB|WIT)\b", text)
    try:
        value = dateparser.parse(cleaned, languages=["id", "en"], settings=_DATEPARSER_SETTINGS)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if value is None:
        return None
    if zone:
        value = value.replace(tzinfo=timezone(timedelta(hours=ZONES[zone.group(1)])))
    has_time = bool(re.search(r"\d[:.]\d\d", text))
    return _checked(value.astimezone(JAKARTA), text.strip(), not zone and has_time, has_time)


def with_home_zone(reading: DateReading, zone: str) -> DateReading:
    """``reading`` with its wall-clock time read in ``zone`` (WIB/WITA/WIT) instead of the
    assumed WIB, when the page printed a time but no zone; otherwise unchanged."""
    if (reading.value is None or not reading.zone_assumed or zone.upper() not in ZONES
            or zone.upper() == "WIB"):
        return reading
    wall = reading.value.astimezone(timezone(timedelta(hours=7))).replace(tzinfo=None)
    local = wall.replace(tzinfo=timezone(timedelta(hours=ZONES[zone.upper()])))
    return DateReading(local.astimezone(JAKARTA), reading.text, "", False, reading.has_time)


# Answers kept per line: every rule of the extractor asks it of the same lines, and date
# lines repeat across pages. Bounded; the answer is a bool.
@lru_cache(maxsize=MEMO_LINES)
def is_date_line(line: str) -> bool:
    """True when ``line`` is short and mostly a date (a date line, not a sentence)."""
    if len(line) > 160 or not has_year(line) or len(line.split()) > 18:
        return False
    m = DATE_RE.search(line)
    if not m:
        return False
    rest = (line[: m.start()] + line[m.end():]).strip()
    return not rest.endswith(".") or len(rest) < 10
