"""Stage 2, extract: one page of text to title, date, byline, dateline, deck, captions, body.

The page is split into paragraphs (one per line; hard-wrapped lines are re-joined). The *top*
of the page, up to the dateline or first sentence of the article, gives the headline, deck,
publication date and captions; the rest is the body, from which boilerplate blocks are cut one
by one (never everything after the first marker). Every cut block is kept with the name of the
rule that cut it, so a reader can audit the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from .dates import DateReading, is_date_line, parse_date
from .notes import Notes
from .outlets import Profile, Profiles, Rules

_TERMINAL = re.compile(r"[.!?…\"”’'»)\]]$")
_WEEKDAY = re.compile(r"^(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad)$", re.I)
_SEPARATOR = re.compile(r"\s*,\s*-\s*|\s+(?:--|-|–|—)\s*|(?:--|-|–|—)\s+")
_INLINE_READ_ALSO = re.compile(
    r"\s*[(\[]\s*(?:baca|lihat|simak)\s+(?:juga|pula)\s*:?[^()\[\]]*(?:\([^()]*\)[^()\[\]]*)*[)\]]",
    re.I)
_BYLINE_ALONE = re.compile(r"^(?:oleh|by|penulis|reporter)\s*:?$", re.I)
_URL_LINE = re.compile(r"^(?:url|link|sumber|source)?\s*:?\s*(https?://\S+)$", re.I)
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\w) +(?=[.,;:!?](?:\s|$))")
_STOPWORDS = frozenset("di ke dari dan yang untuk dengan pada atau dalam soal jadi vs of the and "
                       "in to on for a an at by".split())
TOP_LINES = 40
# Every caption pattern contains one of these; lines without any skip the regex.
_CAPTION_HINTS = ("foto", "photo", "ilustrasi", "dok", "/", "(", "via ")


@dataclass
class Page:
    """What was read from one page. ``removed`` holds ``(rule, text)`` pairs in page order."""

    outlet: str = ""
    url: str = ""
    title: str = ""
    deck: str = ""
    captions: list[str] = field(default_factory=list)
    date: DateReading | None = None
    authors: list[str] = field(default_factory=list)
    dateline: str = ""
    body: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    #: ``article``, ``gallery``, ``video``, ``index`` or ``other`` (see ``PAGE_KINDS``).
    page_kind: str = "article"
    #: Where each field's value came from: field name -> one of ``FIELD_SOURCES``.
    sources: dict[str, str] = field(default_factory=dict)


#: Values of the ``page_kind`` column.
PAGE_KINDS = ("article", "gallery", "video", "index", "other")
#: Where a field's value can come from (the ``field_sources`` column).
FIELD_SOURCES = {
    "printed": "read from the page's visible text (headline, date line, byline, lead)",
    "meta": "an HTML <meta> tag (og:, article:, name=author, ...)",
    "json-ld": "the page's JSON-LD structured data (datePublished, author, headline)",
    "title-tag": "the HTML <title> element, site suffix removed",
    "url": "the page address (domain or path)",
    "profile": "an outlet profile in data/reference/outlets.yaml matched the page",
    "inferred": "inferred from the page without a profile (a 'Name.com -' lead, the "
                "copyright line, the HTML site name)",
    "record": "a field of an imported CSV/JSONL record",
    "main-text": "the article's main text as trafilatura finds it in a saved HTML page "
                 "(then cleaned by the same boilerplate rules as text pages)",
    "manifest": "manifest.csv, a researcher's correction",
}


@dataclass
class PageHints:
    """Metadata known about a page before its text is read (from HTML or an import record).

    ``parse_page`` uses them to find the headline and the date line inside a select-all text
    and falls back to them when the printed page lacks a value. ``sources`` says where each
    hint came from (values of ``FIELD_SOURCES``). A printed date with a time wins over a
    hinted date; the row's reasons say when they disagree.
    """

    title: str = ""
    date: DateReading | None = None
    authors: list[str] = field(default_factory=list)
    sitename: str = ""
    url: str = ""
    page_kind: str = ""
    sources: dict[str, str] = field(default_factory=dict)


def split_paragraphs(text: str) -> list[str]:
    """Non-empty lines with whitespace collapsed; hard-wrapped lines joined back together."""
    out: list[str] = []
    previous_blank = True
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if not line:
            previous_blank = True
            continue
        if (out and not previous_blank and line[0].islower() and len(out[-1]) >= 50
                and not _TERMINAL.search(out[-1]) and not out[-1].endswith(":")
                and not is_date_line(out[-1]) and not is_date_line(line)):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        previous_blank = False
    return out


def n_words(line: str) -> int:
    return line.count(" ") + 1 if line else 0


def sentence_like(line: str) -> bool:
    """A line that reads as a sentence of running text (start of an article body)."""
    words = n_words(line)
    return (words >= 6 and bool(_TERMINAL.search(line))) or words >= 20


def body_like(line: str) -> bool:
    """A line that reads as an article paragraph (ends a trailing block)."""
    return n_words(line) >= 10 and bool(_TERMINAL.search(line))


def headline_like(line: str) -> bool:
    """A Title Case line without sentence punctuation: a related headline pasted mid-body."""
    words = line.split()
    if not 3 <= len(words) <= 20 or _TERMINAL.search(line) or line.endswith((":", ",")):
        return False
    content = [w for w in words if w[0].isalpha() and w.lower() not in _STOPWORDS]
    if len(content) < 3:
        return False
    capitalised = sum(1 for w in content if w[0].isupper())
    return capitalised / len(content) >= 0.75


def find_dateline(line: str, rules: Rules) -> tuple[str, str] | None:
    """Split ``CITY, OUTLET -`` from the start of a paragraph: ``(city, rest)`` or ``None``.

    The city is returned upper-cased (empty for an outlet-only dateline like
    ``TRIBUNNEWS.COM -``). The rest must read as a sentence, so headlines with a dash
    ("Armenia - Azerbaijan Sepakat ...") are not mistaken for datelines.
    """
    for pattern in rules.dateline:
        m = pattern.match(line)
        if m and sentence_like(line[m.end():]):
            return m.group("city").strip().upper(), line[m.end():]
    sep = _SEPARATOR.search(line, 0, 70)
    if not sep or sep.start() == 0:
        return None
    prefix, rest = line[: sep.start()].strip(), line[sep.end():].strip()
    if not rest or not sentence_like(rest) or re.search(r"[.!?\"“”:;]$", prefix):
        return None
    parts = [p.strip() for p in prefix.split(",") if p.strip()]
    if not 1 <= len(parts) <= 3:
        return None
    city, named = "", False
    for part in parts:
        bare = re.sub(r"\s*\((?:ANTARA|ANTARA News)\)$", "", part)
        if bare != part:
            named = True
        if rules.dateline_names.match(bare) or rules.dateline_names.match(part):
            named = True
            continue
        if _WEEKDAY.match(bare):
            continue
        words = bare.split()
        if city or not words or len(words) > 4 or not all(w[0].isupper() for w in words):
            return None
        if not (bare.isupper() or named or len(words) <= 2):
            return None
        city = bare
    if not city and not named:
        return None
    if city and not (city.isupper() or named or len(city.split()) <= 2):
        return None
    # A Title Case city needs an outlet beside it or must stand alone ("Jakarta -").
    if city and not city.isupper() and not named and len(parts) > 1:
        return None
    return city.upper(), rest


def _authors_in(line: str, rules: Rules) -> list[str] | None:
    for pattern in rules.author:
        m = pattern.search(line)
        if m:
            return split_names(m.group("author"))
    return None


def split_names(value: str) -> list[str]:
    """``'SARAH MEILIANA GUNAWAN'`` -> ``['Sarah Meiliana Gunawan']``; several names split."""
    names = []
    for part in re.split(r"\s*(?:,|;|&|/|\bdan\b|\band\b)\s*", value.strip(" .·|")):
        part = part.strip(" .·|")
        if not part or len(part) > 60 or not re.search(r"[A-Za-z]", part):
            continue
        if part.isupper() or part.islower():
            part = part.title()
        if part not in names:
            names.append(part)
    return names


class _Cutter:
    """Classifies paragraphs with one outlet's rules and records what it cuts."""

    def __init__(self, rules: Rules, page: Page) -> None:
        self.rules = rules
        self.page = page
        self.name_follows = False  # an "Oleh" line puts the name on the next line

    def cut(self, rule: str, text: str) -> None:
        self.page.removed.append((rule, text))

    def boilerplate(self, line: str) -> str | None:
        if n_words(line) > 40:  # boilerplate lines are short; skip long paragraphs cheaply
            return None
        m = self.rules.boilerplate.match(line)
        if m is None:
            hints = self.rules.anywhere_hints
            low = line.lower() if hints else ""
            if not hints or any(h in low for h in hints):
                m = self.rules.boilerplate_anywhere.search(line)
        return self.rules.boilerplate_names[m.lastgroup] if m and m.lastgroup else None

    def is_caption(self, line: str) -> bool:
        if n_words(line) > 60:
            return False
        low = line.lower()
        if not any(k in low for k in _CAPTION_HINTS):
            return False
        return bool(self.rules.captions.search(line))

    def byline(self, line: str) -> bool:
        if n_words(line) > 12 or (sentence_like(line) and n_words(line) > 8):
            return False
        if _BYLINE_ALONE.match(line):
            self.name_follows = True
            self.cut("byline", line)
            return True
        if self.name_follows:
            self.name_follows = False
            names = split_names(line) if n_words(line) <= 5 else None
        else:
            names = _authors_in(line, self.rules)
        if names is None:
            return False
        for name in names:
            if name not in self.page.authors:
                self.page.authors.append(name)
        self.cut("byline", line)
        return True

    def clean_body(self, lines: list[str]) -> list[str]:
        """Cut boilerplate blocks from body paragraphs; return the paragraphs kept."""
        kept: list[str] = []
        block: str | None = None
        for i, line in enumerate(lines):
            if "juga" in line or "pula" in line or "JUGA" in line:
                for m in list(_INLINE_READ_ALSO.finditer(line)):
                    self.cut("read-also link (inline)", m.group(0).strip())
                line = _INLINE_READ_ALSO.sub("", line).strip()
            for rule, pattern, replacement in self.rules.fixes:
                if pattern.search(line):
                    self.cut(rule, line)
                    line = pattern.sub(replacement, line)
            if not line:
                continue
            boiler = self.boilerplate(line)
            short = n_words(line) <= 20
            if short and self.rules.markers.match(line):
                block = line
                self.cut(f"trailing list: {block}", line)
                continue
            if block is not None:
                following = next((x for x in lines[i + 1: i + 2]), "")
                if body_like(line) and not boiler and not is_date_line(following):
                    block = None
                else:
                    self.cut(f"trailing list: {block}", line)
                    continue
            if self.byline(line):
                continue
            if boiler:
                self.cut(boiler, line)
            elif short and self.rules.credits.match(line):
                self.cut("credit line", line)
            elif short and self.rules.initials.fullmatch(line):
                self.cut("editor initials", line)
            elif self.is_caption(line):
                self.page.captions.append(line)
            elif short and n_words(line) <= 10 and is_date_line(line):
                self.cut("stray date line", line)
            elif short and headline_like(line):
                self.cut("related headline (Title Case line without punctuation)", line)
            else:
                kept.append(_SPACE_BEFORE_PUNCT.sub("", line) if " " in line else line)
        while kept and not _TERMINAL.search(kept[-1]) and n_words(kept[-1]) < 6:
            self.cut("trailing fragment", kept.pop())
        if kept and kept[-1].endswith(")"):
            m = self.rules.trailing_initials.search(kept[-1])
            if m and m.start() > 0:
                self.cut("editor initials", m.group(0).strip())
                kept[-1] = kept[-1][: m.start()].rstrip()
        return kept


def parse_page(text: str, profiles: Profiles, notes: Notes, *, url: str = "",
               outlet: str = "", hints: PageHints | None = None) -> Page:
    """Read one page of (already decoded and normalised) text.

    ``url``/``outlet`` are hints from the caller (manifest or import record). Problems are
    added to ``notes``; nothing raises.
    """
    page = Page(url=url)
    lines = split_paragraphs(text)
    for i in (0, 1, 2, len(lines) - 1):
        if 0 <= i < len(lines) and _URL_LINE.match(lines[i]):
            page.url = page.url or _URL_LINE.match(lines[i]).group(1)
    profile: Profile | None = profiles.get(outlet) if outlet else None
    if profile is None:
        profile, note = profiles.detect(lines[:15], text, page.url)
        if note:
            notes.info(note)
    page.outlet = profile.name if profile else outlet
    rules = profiles.rules(profile)
    cutter = _Cutter(rules, page)

    # The top region ends at the first trailing-list marker.
    top_end = min(len(lines), TOP_LINES)
    for i in range(top_end):
        if rules.markers.match(lines[i]):
            top_end = i
            break

    dateline_idx, dateline = None, None
    for i in range(1, top_end):
        if cutter.is_caption(lines[i]) or cutter.boilerplate(lines[i]):
            continue
        found = find_dateline(lines[i], rules)
        if found:
            dateline_idx, dateline = i, found
            break

    date_idx = None
    for i in range(dateline_idx if dateline_idx is not None else min(top_end, 15)):
        if is_date_line(lines[i]) and not _URL_LINE.match(lines[i]):
            date_idx = i
            page.date = parse_date(lines[i])
            break

    if dateline_idx is not None:
        body_start = dateline_idx
    else:
        body_start = len(lines)
        seen_title = False
        start = date_idx + 1 if date_idx is not None else 0
        for i in range(start, len(lines)):
            line = lines[i]
            if (cutter.is_caption(line) or cutter.boilerplate(line)
                    or rules.markers.match(line) or rules.credits.match(line)):
                continue
            if date_idx is None and not seen_title:
                seen_title = not sentence_like(line) or n_words(line) < 25
                if seen_title:
                    continue
            if sentence_like(line):
                body_start = i
                break

    # The top of the page: headline, deck, captions, date line, navigation.
    title_idx = None
    for i in range(body_start):
        line = lines[i]
        if i == date_idx:
            for name in _authors_in(line, rules) or []:
                if name not in page.authors:
                    page.authors.append(name)
            cutter.cut("date line", line)
            continue
        rule = cutter.boilerplate(line)
        if rule:
            cutter.cut(rule, line)
        elif _URL_LINE.match(line):
            cutter.cut("url line", line)
        elif cutter.is_caption(line):
            page.captions.append(line)
        elif rules.credits.match(line):
            cutter.cut("credit line", line)
        elif cutter.byline(line):
            pass
        elif title_idx is None:
            if n_words(line) <= 2 and any(n_words(x) >= 3 for x in lines[i + 1: body_start]):
                cutter.cut("navigation", line)
            else:
                title_idx, page.title = i, line
        elif date_idx is not None and i > date_idx:
            page.captions.append(line)
        else:
            page.deck = f"{page.deck}\n{line}" if page.deck else line

    body_lines = lines[body_start:]
    if dateline is not None and body_lines:
        page.dateline = dateline[0]
        prefix = body_lines[0][: len(body_lines[0]) - len(dateline[1])].strip()
        cutter.cut("dateline", prefix)
        body_lines = [dateline[1], *body_lines[1:]]
    page.body = cutter.clean_body(body_lines)
    page.captions = list(dict.fromkeys(page.captions))
    _note_page(page, notes)
    return page


def _note_page(page: Page, notes: Notes) -> None:
    if not page.outlet:
        notes.warn("outlet not identified: add a profile to data/reference/outlets.yaml or an "
                   "`outlet` to manifest.csv", about="outlet")
    if not page.title:
        notes.warn("no title found", about="title")
    note_date(page.date, notes, where="near the top of the page (dates in trailing lists are "
              "not used)")
    if not page.body:
        notes.error("no article text found")
    else:
        words = sum(n_words(p) for p in page.body)
        if words < 30:
            notes.warn(f"very short body ({words} words)")


def note_date(reading: DateReading | None, notes: Notes, *, where: str) -> None:
    """Add the notes a publication-date reading calls for."""
    if reading is None:
        notes.warn(f"no publication date found {where}", about="published")
    elif reading.problem:
        notes.warn(reading.problem, about="published")
    elif reading.zone_assumed:
        notes.info("no time zone printed: WIB (UTC+7) assumed", about="published")
    elif not reading.has_time:
        notes.info("publication date has no time of day: midnight WIB used", about="published")


def published_value(reading: DateReading | None) -> datetime | None:
    """The publication time of a reading, or ``None`` (``NaT`` once in the table)."""
    return reading.value if reading is not None else None


def parse_body_text(text: str, profiles: Profiles, notes: Notes, *, outlet: str = "") -> Page:
    """Clean an article body that arrives without its page (an import record's text field).

    A dateline at the start is split off; boilerplate blocks are cut as for whole pages.
    """
    profile = profiles.get(outlet) if outlet else None
    page = Page(outlet=profile.name if profile else outlet)
    rules = profiles.rules(profile)
    lines = split_paragraphs(text)
    if lines:
        found = find_dateline(lines[0], rules)
        if found:
            page.dateline = found[0]
            page.removed.append(("dateline", lines[0][: len(lines[0]) - len(found[1])].strip()))
            lines[0] = found[1]
    page.body = _Cutter(rules, page).clean_body(lines)
    page.captions = list(dict.fromkeys(page.captions))
    if not page.body:
        notes.error("no article text found")
    return page
