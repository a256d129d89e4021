"""In-text date mentions, resolved against the article's publication date.

Forms read (conventions and examples in ``tests/gold/README.md``, scored by
``python -m nkcorpus.evaluate``):

- weekday with day/month[/year]: ``Sabtu (7/11)``, ``Selasa (3/11/20)``, ``Jum’at (6/11)``,
  ``Minggu (8/11/2020)``;
- day and month name, full or short, with or without year: ``27 September``, ``9 Mei 2020``,
  ``27 Sep``, ``17 Agu``, ``10 Okt 2020``;
- a month with a year or alone: ``Oktober 2020``, ``Juli lalu``, ``Februari tahun lalu``,
  ``akhir Feb`` (the first of that month, ``granularity == "month"``);
- a weekday alone (``pada hari Selasa``: the latest such day on or before publication), with
  ``lalu``/``kemarin`` (strictly before), ``depan``/``mendatang`` (strictly after) or ``ini``
  (in the current Monday-Sunday week);
- relative expressions: ``kemarin``, ``kemarin lusa``, ``besok``, ``lusa``, ``pekan/minggu/
  bulan/tahun lalu/depan``, ``N hari/pekan/bulan/tahun lalu``, ``akhir pekan (lalu/ini/
  depan)``. Weeks resolve to the same weekday one week away (``granularity == "week"``).

A day and month without a year takes the year that puts it nearest publication (so "Senin
(4/1)" in an article of 28 December is next January), preferring a year in which the stated
weekday agrees. A wrong weekday keeps the numeric date and says so in ``note``. Lower-case
``minggu`` and ``Minggu lalu``/``Minggu ini`` (not after ``hari``) mean a week; ``anak kemarin
sore`` (a novice) is not a date. Without a publication date only dates that carry their year
resolve; the others have ``date`` NaT and a ``note`` saying why.
"""

from __future__ import annotations

import re

import pandas as pd

from .dates import MONTHS
from .text import sentences as sentence_table

WEEKDAY_NUMBER = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4,
                  "jum’at": 4, "jumaat": 4, "sabtu": 5, "minggu": 6, "ahad": 6}
_WD = r"Senin|Selasa|Rabu|Kamis|Jum['’`]?a?at|Sabtu|Minggu|Ahad"
_FULL_MONTHS = [m for m in MONTHS if len(m) > 4 or m in ("mei", "juni", "juli")]
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_FULL = "|".join(sorted(_FULL_MONTHS, key=len, reverse=True))
_NUM = (r"\d{1,2}|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|"
        r"beberapa")
_NUMBERS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
            "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11}
_PAST, _FUTURE = r"lalu|yang\s+lalu|silam|kemarin", r"depan|mendatang|yang\s+akan\s+datang"
PATTERN = re.compile(
    # weekday with day/month[/year]: "Selasa (3/11/20)"
    rf"(?P<wd1>{_WD})\s*,?\s*\(\s*(?P<d1>\d{{1,2}})\s*/\s*(?P<m1>\d{{1,2}})"
    rf"(?:\s*/\s*(?P<y1>\d{{4}}|\d{{2}}))?\s*\)"
    # day and month name: "9 Mei 2020", "27 Sep"
    rf"|(?<![\d/])(?P<d2>\d{{1,2}})\s+(?P<mon2>{_MONTH})(?:\.(?=\s+\d{{4}}))?(?:\s+(?P<y2>\d{{4}}))?(?![\w])"
    # month with year or alone: "Oktober 2020", "Februari tahun lalu", "akhir Feb"
    rf"|(?:(?P<ctx3>akhir|awal|pertengahan|sejak|hingga|sampai|pada|bulan)\s+)?"
    rf"(?P<mon3>{_MONTH})(?:\.(?=\s+\d{{4}}))?(?:\s+(?P<y3>\d{{4}})|\s+(?P<rel3>tahun\s+(?:lalu|depan)|{_PAST}|"
    rf"{_FUTURE}))?(?![\w])"
    # N units ago / ahead: "tiga hari lalu", "Dua pekan lalu"
    rf"|(?<![\w])(?P<n4>{_NUM})\s+(?P<unit4>hari|pekan|minggu|bulan|tahun)\s+"
    rf"(?P<dir4>{_PAST}|{_FUTURE}|sebelumnya|lagi)(?![\w])"
    # weekend: "akhir pekan lalu"
    rf"|(?<![\w])(?P<wkend>akhir\s+(?:pekan|minggu))(?:\s+(?P<wkdir>ini|lalu|depan|"
    rf"mendatang))?(?![\w])"
    # one unit ago / ahead: "pekan lalu", "bulan depan", "Minggu lalu"
    rf"|(?<![\w])(?P<unit6>pekan|minggu|bulan|tahun)\s+(?P<dir6>{_PAST}|{_FUTURE})(?![\w])"
    # weekday alone or with a direction: "Selasa", "Sabtu kemarin", "Senin depan"
    rf"|(?<![\w(])(?P<wd7>{_WD})(?:\s+(?P<dir7>lalu|kemarin|depan|mendatang|ini))?(?![\w(])"
    rf"(?!\s*,?\s*\()"
    # days: "kemarin lusa", "kemarin", "besok", "lusa"
    r"|(?<![\w])(?P<rel8>kemarin\s+lusa|kemarin|besok|lusa)(?![\w])",
    re.IGNORECASE)
DATE_COLUMNS = ["article_id", "sentence", "matched", "kind", "date", "days_before", "note",
                "granularity"]


def _month_number(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _weekday(text: str) -> int:
    return WEEKDAY_NUMBER[re.sub(r"['’`]", "'", text.lower()).replace("jum'aat", "jum'at")
                          .replace("jumaat", "jumat")]


def _resolve_year(day: int, month: int, published: pd.Timestamp,
                  weekday: int | None = None) -> pd.Timestamp | None:
    """The year (publication year, or the one before or after) that puts ``day``/``month``
    nearest ``published``, preferring one where ``weekday`` agrees (within half a year)."""
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(pd.Timestamp(year=year, month=month, day=day))
        except ValueError:
            continue
    if not candidates:
        return None
    candidates.sort(key=lambda d: (abs((d - published).days), d > published))
    if weekday is not None:
        agree = [d for d in candidates if d.weekday() == weekday
                 and abs((d - published).days) <= 183]
        if agree:
            return agree[0]
    return candidates[0]


def _shift_months(day0: pd.Timestamp, months: int) -> pd.Timestamp:
    return day0 + pd.DateOffset(months=months)


def find_date_mentions(articles: pd.DataFrame, sentences: pd.DataFrame | None = None
                       ) -> pd.DataFrame:
    """Long table of in-text dates: ``article_id, sentence, matched, kind, date,
    days_before, note, granularity``.

    ``date`` is a calendar day (``NaT`` when unresolvable, ``note`` says why);
    ``days_before`` is how many days before publication it lies (negative: after);
    ``granularity`` is ``day``, ``week`` (a week-relative expression), ``month`` (the first of
    the month) or ``year`` (the same day a year away). ``kind`` is one of ``weekday (d/m)``,
    ``day month``, ``month``, ``weekday``, ``relative``.
    """
    sents = sentences if sentences is not None else sentence_table(articles)
    published = dict(zip(articles["article_id"], articles["published"], strict=True))
    records = []
    for row in sents.itertuples(index=False):
        pub = published[row.article_id]
        day0 = None if pd.isna(pub) else pd.Timestamp(pub.date())
        for m in PATTERN.finditer(row.text):
            g = m.groupdict()
            if _skip(g, m, row.text):
                continue
            date, note, kind, granularity = _resolve(g, day0, m, row.text)
            records.append({"article_id": row.article_id, "sentence": row.sentence,
                            "matched": m.group(0), "kind": kind, "date": date,
                            "days_before": (day0 - date).days if day0 is not None and
                            date is not None else None, "note": note,
                            "granularity": granularity})
    out = pd.DataFrame.from_records(records, columns=DATE_COLUMNS)
    out["date"] = pd.to_datetime(out["date"])
    out["days_before"] = out["days_before"].astype("Int64")
    return out


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _skip(g: dict, m: re.Match, text: str) -> bool:
    """Matches that are not dates: lower-case weekday and month words, "anak kemarin sore",
    "Minggu ini" (this week), a short month name alone without a date context."""
    if g["wd7"]:
        if not _capitalised(g["wd7"]):
            return True  # "minggu" = week
        if g["wd7"].lower() == "minggu" and (g["dir7"] or "").lower() == "ini":
            return True  # "Minggu ini" = this week
    if g["mon3"]:
        word = g["mon3"]
        if not _capitalised(word):
            return True
        full = word.lower().rstrip(".") in _FULL_MONTHS
        if not full and not g["ctx3"] and not g["y3"]:
            return True  # "Jan", "Des" alone are too often names
    if g["rel8"] and g["rel8"].lower() == "kemarin" and \
            re.match(r"\s+sore\b", text[m.end():], re.I):
        return True  # "anak kemarin sore": a novice
    return False


def _resolve(g: dict, day0: pd.Timestamp | None, m: re.Match, text: str
             ) -> tuple[pd.Timestamp | None, str, str, str]:
    if g["d1"] or g["d2"]:
        if g["d1"]:
            day, month, year = int(g["d1"]), int(g["m1"]), g["y1"]
            kind, weekday = "weekday (d/m)", _weekday(g["wd1"])
            if year and len(year) == 2:
                year = str(2000 + int(year))
        else:
            day, month, year = int(g["d2"]), _month_number(g["mon2"]), g["y2"]
            kind, weekday = "day month", None
        if not 1 <= month <= 12:
            return None, "impossible date", kind, "day"
        if year:
            try:
                date = pd.Timestamp(year=int(year), month=month, day=day)
            except ValueError:
                return None, "impossible date", kind, "day"
        elif day0 is None:
            return None, "no year: needs the publication date", kind, "day"
        else:
            date = _resolve_year(day, month, day0, weekday)
            if date is None:
                return None, "impossible date", kind, "day"
        note = ""
        if weekday is not None and date.weekday() != weekday:
            note = f"weekday {g['wd1']} does not match {date:%A %d %B %Y}"
        return date, note, kind, "day"
    if g["mon3"]:
        return _resolve_month(g, day0)
    if day0 is None:
        if g["wd7"]:
            return None, "weekday alone: needs the publication date", "weekday", "day"
        return None, "relative: needs the publication date", "relative", "day"
    if g["n4"]:
        n = _NUMBERS.get(g["n4"].lower()) if not g["n4"].isdigit() else int(g["n4"])
        if n is None:
            return None, "vague amount ('beberapa')", "relative", "day"
        sign = -1 if re.fullmatch(_PAST + "|sebelumnya", g["dir4"].lower()) else 1
        return _shift(day0, g["unit4"].lower(), sign * n), "", "relative", \
            _granularity(g["unit4"])
    if g["wkend"]:
        return _weekend(day0, (g["wkdir"] or "").lower()), "Saturday of that weekend", \
            "relative", "day"
    if g["unit6"]:
        unit = g["unit6"]
        before = text[max(0, m.start() - 5): m.start()].lower()
        if unit.lower() == "minggu" and _capitalised(unit) and before.endswith("hari "):
            return _weekday_date(day0, 6, g["dir6"].lower()), "", "weekday", "day"
        sign = -1 if re.fullmatch(_PAST, g["dir6"].lower()) else 1
        return _shift(day0, unit.lower(), sign), "", "relative", _granularity(unit)
    if g["wd7"]:
        return _weekday_date(day0, _weekday(g["wd7"]), (g["dir7"] or "").lower()), \
            "latest such weekday on or before publication" if not g["dir7"] else "", \
            "weekday", "day"
    rel = " ".join(g["rel8"].lower().split())
    offset = {"kemarin": -1, "kemarin lusa": -2, "besok": 1, "lusa": 2}[rel]
    return day0 + pd.Timedelta(days=offset), "", "relative", "day"


def _granularity(unit: str) -> str:
    return {"hari": "day", "pekan": "week", "minggu": "week", "bulan": "month",
            "tahun": "year"}[unit.lower()]


def _shift(day0: pd.Timestamp, unit: str, n: int) -> pd.Timestamp:
    if unit == "hari":
        return day0 + pd.Timedelta(days=n)
    if unit in ("pekan", "minggu"):
        return day0 + pd.Timedelta(days=7 * n)
    if unit == "bulan":
        return _shift_months(day0, n)
    return _shift_months(day0, 12 * n)


def _weekday_date(day0: pd.Timestamp, weekday: int, direction: str) -> pd.Timestamp:
    if direction in ("lalu", "kemarin"):
        back = (day0.weekday() - weekday) % 7 or 7
        return day0 - pd.Timedelta(days=back)
    if direction in ("depan", "mendatang"):
        ahead = (weekday - day0.weekday()) % 7 or 7
        return day0 + pd.Timedelta(days=ahead)
    if direction == "ini":
        return day0 + pd.Timedelta(days=weekday - day0.weekday())
    return day0 - pd.Timedelta(days=(day0.weekday() - weekday) % 7)


def _weekend(day0: pd.Timestamp, direction: str) -> pd.Timestamp:
    this_saturday = day0 + pd.Timedelta(days=5 - day0.weekday())
    if direction == "lalu":
        return this_saturday - pd.Timedelta(days=7)
    if direction in ("depan", "mendatang"):
        return this_saturday + pd.Timedelta(days=7)
    if direction == "ini":
        return this_saturday
    past = day0 - pd.Timedelta(days=(day0.weekday() - 5) % 7)
    future = past + pd.Timedelta(days=7)
    return past if (day0 - past).days <= (future - day0).days else future


def _resolve_month(g: dict, day0: pd.Timestamp | None
                   ) -> tuple[pd.Timestamp | None, str, str, str]:
    month = _month_number(g["mon3"])
    rel = " ".join((g["rel3"] or "").lower().split())
    if g["y3"]:
        return pd.Timestamp(year=int(g["y3"]), month=month, day=1), "", "month", "month"
    if day0 is None:
        return None, "no year: needs the publication date", "month", "month"
    if rel.startswith("tahun"):
        year = day0.year - 1 if rel.endswith("lalu") else day0.year + 1
        return pd.Timestamp(year=year, month=month, day=1), "", "month", "month"
    starts = [pd.Timestamp(year=y, month=month, day=1)
              for y in (day0.year - 1, day0.year, day0.year + 1)]
    if re.fullmatch(_PAST, rel):
        date = max(d for d in starts if d <= day0)
    elif re.fullmatch(_FUTURE, rel):
        date = min(d for d in starts if d > day0)
    else:
        date = min(starts, key=lambda d: abs((d + pd.Timedelta(days=14) - day0).days))
    return date, "first of the month", "month", "month"
