"""In-text date mentions, resolved against the article's publication date.

Forms read: ``Sabtu (7/11)`` and ``Minggu (8/11/2020)`` (weekday with day/month[/year]),
``27 September`` / ``9 November 2020`` (day and month name), a capitalised weekday alone
(``pada hari Selasa``: the latest such day on or before publication) and ``kemarin``
(yesterday). A date without a year takes the publication year (the previous year if that
would put it more than a week after publication). Lower-case ``minggu`` means "week" and is
not read. Without a publication date, only dates that carry their year can be resolved.
"""

from __future__ import annotations

import re

import pandas as pd

from .dates import MONTHS
from .text import sentences as sentence_table

WEEKDAY_NUMBER = {"Senin": 0, "Selasa": 1, "Rabu": 2, "Kamis": 3, "Jumat": 4, "Jum'at": 4,
                  "Sabtu": 5, "Minggu": 6, "Ahad": 6}
_WD = "|".join(re.escape(w) for w in WEEKDAY_NUMBER)
_MONTH = "|".join(sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True))
PATTERN = re.compile(
    rf"(?P<wd1>{_WD})\s*\((?P<d1>\d{{1,2}})/(?P<m1>\d{{1,2}})(?:/(?P<y1>\d{{4}}))?\)"
    rf"|(?<!\d)(?P<d2>\d{{1,2}})\s+(?P<mon2>{_MONTH})(?:\s+(?P<y2>\d{{4}}))?(?![\w])"
    rf"|(?<![\w(])(?P<wd3>{_WD})(?![\w(]|\s*\()"
    r"|\b(?P<rel>kemarin)\b",
    re.IGNORECASE)
DATE_COLUMNS = ["article_id", "sentence", "matched", "kind", "date", "days_before", "note"]


def _resolve_year(day: int, month: int, published: pd.Timestamp) -> pd.Timestamp | None:
    for year in (published.year, published.year - 1):
        try:
            candidate = pd.Timestamp(year=year, month=month, day=day)
        except ValueError:
            return None
        if candidate <= published + pd.Timedelta(days=7):
            return candidate
    return None


def find_date_mentions(articles: pd.DataFrame, sentences: pd.DataFrame | None = None
                       ) -> pd.DataFrame:
    """Long table of in-text dates: ``article_id, sentence, matched, kind, date,
    days_before, note``. ``date`` is a calendar day (``NaT`` when unresolvable, ``note``
    says why); ``days_before`` is how many days before publication it lies."""
    sents = sentences if sentences is not None else sentence_table(articles)
    published = dict(zip(articles["article_id"], articles["published"], strict=True))
    records = []
    for row in sents.itertuples(index=False):
        pub = published[row.article_id]
        day0 = None if pd.isna(pub) else pd.Timestamp(pub.date())
        for m in PATTERN.finditer(row.text):
            g = m.groupdict()
            if g["wd3"] and not g["wd3"][0].isupper():
                continue  # "minggu" = week
            if g["rel"] and not m.group(0).islower():
                continue
            date, note, kind = _resolve(g, day0)
            records.append({"article_id": row.article_id, "sentence": row.sentence,
                            "matched": m.group(0), "kind": kind, "date": date,
                            "days_before": (day0 - date).days if day0 is not None and
                            date is not None else None, "note": note})
    out = pd.DataFrame.from_records(records, columns=DATE_COLUMNS)
    out["date"] = pd.to_datetime(out["date"])
    out["days_before"] = out["days_before"].astype("Int64")
    return out


def _resolve(g: dict, day0: pd.Timestamp | None) -> tuple[pd.Timestamp | None, str, str]:
    if g["d1"]:
        day, month, year = int(g["d1"]), int(g["m1"]), g["y1"]
        kind, weekday = "weekday (d/m)", g["wd1"].capitalize()
    elif g["d2"]:
        day, month, year = int(g["d2"]), MONTHS[g["mon2"].lower()], g["y2"]
        kind, weekday = "day month", None
    elif g["wd3"]:
        if day0 is None:
            return None, "weekday alone: needs the publication date", "weekday"
        back = (day0.weekday() - WEEKDAY_NUMBER[g["wd3"].capitalize()]) % 7
        return day0 - pd.Timedelta(days=back), "latest such weekday on or before publication", \
            "weekday"
    else:
        if day0 is None:
            return None, "relative: needs the publication date", "relative"
        return day0 - pd.Timedelta(days=1), "yesterday", "relative"
    if year:
        try:
            date = pd.Timestamp(year=int(year), month=month, day=day)
        except ValueError:
            return None, "impossible date", kind
    elif day0 is None:
        return None, "no year: needs the publication date", kind
    else:
        date = _resolve_year(day, month, day0)
        if date is None:
            return None, "impossible date", kind
    note = ""
    if weekday and weekday in WEEKDAY_NUMBER and date.weekday() != WEEKDAY_NUMBER[weekday]:
        note = f"weekday {weekday} does not match {date:%A %d %B %Y}"
    return date, note, kind
