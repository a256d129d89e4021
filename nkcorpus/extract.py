"""Stage 2, extract: one page of text to title, date, byline, dateline, deck, captions, body.

The page is split into paragraphs (one per line; hard-wrapped lines are re-joined). The page
may be a clean article or a whole select-all copy of a web page (menus, a header "today" date,
tickers, sidebars, footers), so the article is first *located*: every title-like line is
scored as a headline candidate (running text must follow it; a nearby date line, better one
with a time, a long run of text and a match with a hinted title or the URL slug count for it;
looking like navigation or sitting inside running text count against it). Everything above
the headline is cut as page header. The top of the article, up to the dateline or first
sentence, gives the headline, deck, publication date, bylines and captions; the body runs to
the last paragraph of running text before a long stretch of other lines, and boilerplate
blocks are cut from it one by one (never everything after the first marker). Every cut line
is kept with the name of the rule that cut it, so a reader can audit the result, and
``account_lines`` checks that no line was lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from itertools import repeat
from urllib.parse import urlparse

from rapidfuzz import fuzz

from .dates import DateReading, is_date_line, parse_date, with_home_zone
from .notes import Notes
from .outlets import MEMO_LINES, Profile, Profiles, Rules

_TERMINAL = re.compile(r"[.!?…\"”’'»)\]]$")
# The characters _TERMINAL looks for, tested without the regex engine (``ends_terminal``):
# ``search`` with a ``$``-anchored pattern tries every position of the line first.
_TERMINAL_CHARS = frozenset(".!?…\"”’'»)]")
_WEEKDAY = re.compile(r"^(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad)$", re.I)
_SEPARATOR = re.compile(r"\s*,\s*-\s*|\s+(?:--|-|–|—)\s*|(?:--|-|–|—)\s+")
#: The characters a dateline's place and outlet part never ends with.
_PREFIX_END = tuple(".!?\"“”:;")
_ANTARA_SUFFIX = re.compile(r"\s*\((?:ANTARA|ANTARA News)\)$")
_INLINE_READ_ALSO = re.compile(
    r"\s*[(\[]\s*(?:baca|lihat|simak)\s+(?:juga|pula)\s*:?[^()\[\]]*(?:\([^()]*\)[^()\[\]]*)*[)\]]",
    re.I)
_BYLINE_ALONE = re.compile(r"^(?:oleh|by|penulis|reporter)\s*:?$", re.I)
_URL_LINE = re.compile(r"^(?:url|link|sumber|source)?\s*:?\s*(https?://\S+)$", re.I)
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\w) +(?=[.,;:!?](?:\s|$))")
#: Every match of _SPACE_BEFORE_PUNCT contains one of these.
_SPACE_PUNCT = (" .", " ,", " ;", " :", " !", " ?")
#: Finds any of ``_SPACE_PUNCT`` in one scan (the regex engine jumps from space to space).
_SPACE_PUNCT_ANY = re.compile(" [.,;:!?]")
#: "FOTO: Suasana Stepanakert ..." heads a photo gallery; it is not a photo credit.
_GALLERY_HEADLINE = re.compile(
    r"^(?:FOTO|Foto|VIDEO|Video|GALERI|Galeri)\s*:\s*[A-Z][^/()\[\]]{10,}$")
_DATELINE_ALONE = re.compile(r"^[A-Z][\w.'’]*(?:[ ,]+\(?[A-Z][\w.'’]*\)?){0,3}\s*(?:-|--|–|—)$")
_STOPWORDS = frozenset("di ke dari dan yang untuk dengan pada atau dalam soal jadi vs of the and "
                       "in to on for a an at by".split())
TOP_LINES = 40
#: Added to the rule name of a cut that took part of a paragraph, not a whole line.
FRAGMENT = " (part of a paragraph)"
# Every caption pattern contains one of these; lines without any skip the regex.
_CAPTION_HINTS = ("foto", "photo", "ilustrasi", "dok", "/", "(", "via ")
#: Memoises a pure check of one line: every rule asks the same questions of the same lines,
#: on a page and across the pages of an outlet. Only for functions of the line alone that
#: return immutable values (the answer object is shared by every caller).
_per_line = lru_cache(maxsize=MEMO_LINES)


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
        # A printable line (no whitespace but the ASCII space: every other whitespace
        # character is unprintable) without doubled, leading or trailing spaces is already
        # what the split and join make of it.
        if raw and not (raw.isprintable() and "  " not in raw and raw[0] != " "
                        and raw[-1] != " "):
            line = " ".join(raw.split())
        else:
            line = raw
        if not line:
            previous_blank = True
            continue
        if not out:
            out.append(line)
            previous_blank = False
            continue
        last = out[-1]
        if (last[-1] in "-–—" and _DATELINE_ALONE.match(last) and line[0].isupper()
                and n_words(line) >= 6):
            # "Jakarta -" printed on its own line above the first paragraph (Detik, Metrobali)
            out[-1] = f"{last} {line}"
        elif (not previous_blank and line[0].islower() and len(last) >= 50
                and not ends_terminal(last) and not last.endswith(":")
                and not is_date_line(last) and not is_date_line(line)):
            out[-1] = f"{last} {line}"
        else:
            out.append(line)
        previous_blank = False
    return out


def ends_terminal(line: str) -> bool:
    """Same as ``ends_terminal(line)``: the line ends with sentence punctuation or a
    closing quote or bracket (``$`` also matches before a final newline)."""
    last = line[-1:]
    if last == "\n":
        last = line[-2:-1]
    return last in _TERMINAL_CHARS if last else False


def n_words(line: str) -> int:
    return line.count(" ") + 1 if line else 0


def word_total(paragraphs: list[str]) -> int:
    """``sum(n_words(p) for p in paragraphs)``, counted without a call per paragraph."""
    return sum(map(str.count, paragraphs, repeat(" "))) + len(paragraphs) - paragraphs.count("")


@_per_line
def sentence_like(line: str) -> bool:
    """A line that reads as a sentence of running text (start of an article body)."""
    words = line.count(" ") + 1 if line else 0  # n_words
    return (words >= 6 and ends_terminal(line)) or words >= 20


@_per_line
def body_like(line: str) -> bool:
    """A line that reads as an article paragraph (ends a trailing block)."""
    return line.count(" ") >= 9 and ends_terminal(line)  # n_words(line) >= 10


@_per_line
def headline_like(line: str) -> bool:
    """A Title Case line without sentence punctuation: a related headline pasted mid-body."""
    words = line.split()
    if not 3 <= len(words) <= 20 or ends_terminal(line) or line.endswith((":", ",")):
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
    try:
        return rules.memo["dateline"][line]
    except KeyError:
        found = _memo(rules, "dateline")[line] = _find_dateline(line, rules)
        return found


def _find_dateline(line: str, rules: Rules) -> tuple[str, str] | None:
    for pattern in rules.dateline:
        m = pattern.match(line)
        if m and sentence_like(line[m.end():]) and not _not_running_text(line[m.end():]):
            return m.group("city").strip().upper(), line[m.end():]
    head = line[:70]
    # Every separator holds a dash: most lines have none in their first 70 characters.
    if "-" not in head and "–" not in head and "—" not in head:
        return None
    sep = _SEPARATOR.search(line, 0, 70)
    if not sep or sep.start() == 0:
        return None
    prefix, rest = line[: sep.start()].strip(), line[sep.end():].strip()
    # (``prefix`` is stripped: ``endswith`` is ``re.search(r"[.!?\"“”:;]$", prefix)``.)
    if not rest or not sentence_like(rest) or prefix.endswith(_PREFIX_END):
        return None
    parts = [p.strip() for p in prefix.split(",") if p.strip()]
    if not 1 <= len(parts) <= 3:
        return None
    city, named = "", False
    for part in parts:
        # Stripped: only a part ending with ")" can end with "(ANTARA)".
        bare = _ANTARA_SUFFIX.sub("", part) if part.endswith(")") else part
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
    if _not_running_text(rest):
        return None
    return city.upper(), rest


@_per_line
def _not_running_text(rest: str) -> bool:
    """A stock ticker ("Buy 1110-1125 | TP 1200") or a headline is not an article's start."""
    head = rest[:80]
    if "|" in head or len(_DIGIT.findall(head)) > 0.2 * len(head):
        return True
    return n_words(rest) <= 20 and headline_like(rest)


def _authors_in(line: str, rules: Rules) -> list[str] | None:
    """The names a byline pattern of ``rules`` finds in ``line`` (a new list), else None."""
    try:
        found = rules.memo["authors"][line]
    except KeyError:
        found = _memo(rules, "authors")[line] = _find_authors(line, rules)
    return list(found) if found is not None else None


def _find_authors(line: str, rules: Rules) -> tuple[str, ...] | None:
    for pattern in rules.author:
        m = pattern.search(line)
        if m:
            return tuple(split_names(m.group("author")))
    return None


def split_names(value: str) -> list[str]:
    """``'SARAH MEILIANA GUNAWAN'`` -> ``['Sarah Meiliana Gunawan']``; several names split."""
    names = []
    for part in re.split(r"\s*(?:,|;|&|/|\bdan\b|\band\b)\s*", value.strip(" .·|")):
        part = _ROLE_PREFIX.sub("", part.strip(" .·|")).strip(" .·|")
        # Job titles are not names: "Kontributor Lhokseumawe, Masriadi" -> "Masriadi".
        if (not part or len(part) > 60 or not re.search(r"[A-Za-z]", part)
                or _ROLE_NAME.match(part) or n_words(part) > 5):
            continue
        if part.isupper() and len(part) <= 4 and names:
            continue  # editor initials after the reporter: "Arnold H Sianturi / FMB"
        if part.isupper() or part.islower():
            part = part.title()
        if part not in names:
            names.append(part)
    return names


def _memo(rules: Rules, check: str) -> dict:
    """The table of answers of ``check`` for ``rules`` shared across pages (line -> answer)."""
    table = rules.memo.get(check)
    if table is None or len(table) >= MEMO_LINES:
        table = rules.memo[check] = {}
    return table


@_per_line
def _never_byline(line: str) -> bool:
    """A line too long or too sentence-like for a byline, or a souvenir ("oleh-oleh")."""
    words = line.count(" ") + 1 if line else 0  # n_words
    return (words > 12 or (sentence_like(line) and words > 8)
            or (line.endswith(".") and words > 3) or "oleh-oleh" in line.lower())


def _core(hint: str) -> str:
    """The longest run of ``hint`` without whitespace ("" if it has none)."""
    return max(hint.split(), key=len, default="")


@lru_cache(maxsize=64)
def page_literals(anywhere_hints: tuple[str, ...] | None) -> tuple[str, ...]:
    """What ``parse_page`` looks for in the lower-cased page text, in the pass that finds
    the outlet hints: the longest run without whitespace of each caption hint and each
    boilerplate hint of ``anywhere_hints``.

    A run without whitespace that occurs in a lower-cased line of the page occurs in the
    lower-cased page text: the line's words are the page's words (whitespace collapsed,
    wrapped lines joined with a space), lower-casing maps each character on its own (the
    final-sigma rule looks no further than the word) and never makes or removes whitespace.
    So a hint whose run is not in the page text is in none of its lines.
    """
    hints = _CAPTION_HINTS + (anywhere_hints or ())
    return tuple(sorted({c for c in map(_core, hints) if c}))


@lru_cache(maxsize=1024)
def _hints_on_page(hints: tuple[str, ...], found: frozenset[str],
                   scanned: tuple[str, ...]) -> tuple[str, ...]:
    """The ``hints`` that may be in a line of a page whose lower-cased text holds the
    ``found`` ones of the ``scanned`` literals: those whose run was found, and those whose
    run was not looked for."""
    return tuple(h for h in hints if (c := _core(h)) in found or c not in scanned)


class _Cutter:
    """Classifies paragraphs with one outlet's rules and records what it cuts."""

    def __init__(self, rules: Rules, page: Page, lines: list[str] | None = None,
                 found: set[str] | None = None, scanned: tuple[str, ...] = ()) -> None:
        """``lines`` (the page's paragraphs) and ``found`` (those of the ``scanned``
        literals that occur in the lower-cased page text) let the lines of the page skip
        the hints that cannot be in them (see ``page_literals``)."""
        self.rules = rules
        self.page = page
        self.name_follows = False  # an "Oleh" line puts the name on the next line
        self.role_read = False  # a name line was read with the role line below it
        # Both checks depend on the rules and the line only, so their answers are shared by
        # every page read with the same rules (bounded, see ``_memo``).
        self._boiler: dict[str, str | None] = _memo(rules, "boilerplate")
        self._caption: dict[str, bool] = _memo(rules, "caption")
        self._page_lines: set[str] | frozenset[str] = frozenset()
        self._page_hints = (_CAPTION_HINTS, rules.anywhere_hints)
        if lines is not None and found is not None:
            self._page_lines = set(lines)
            found = frozenset(found)
            self._page_hints = (_hints_on_page(_CAPTION_HINTS, found, scanned),
                                None if rules.anywhere_hints is None else
                                _hints_on_page(rules.anywhere_hints, found, scanned))

    def cut(self, rule: str, text: str) -> None:
        self.page.removed.append((rule, text))

    def boilerplate(self, line: str) -> str | None:
        """The boilerplate rule ``line`` matches (results kept: lines are asked often)."""
        try:
            return self._boiler[line]
        except KeyError:
            return self._classify(line)[0]

    def is_caption(self, line: str) -> bool:
        try:
            return self._caption[line]
        except KeyError:
            return self._classify(line)[1]

    def _classify(self, line: str) -> tuple[str | None, bool]:
        """``(self._boilerplate(line), self._is_caption(line))``, both kept: nearly every
        line is asked both, and they share the word count and the lower-cased line. A line
        of the page skips the hints that the page does not hold (``page_literals``)."""
        words = line.count(" ") + 1 if line else 0  # n_words
        boiler, caption = None, False
        if words <= 60:  # longer lines are neither
            rules = self.rules
            caption_hints, anywhere_hints = (self._page_hints if line in self._page_lines
                                             else (_CAPTION_HINTS, rules.anywhere_hints))
            low = line.lower()
            if words <= 40:  # boilerplate lines are short
                m = rules.boilerplate_first.match(line)
                if m is not None:
                    boiler = rules.boilerplate_names[m.lastgroup] if m.lastgroup else None
                # map() keeps the loop over the hints in C (no generator frame per hint).
                elif anywhere_hints is None or any(map(low.__contains__, anywhere_hints)):
                    boiler = rules.anywhere_rule(line)
            if (any(map(low.__contains__, caption_hints))
                    and not _GALLERY_HEADLINE.match(line)):
                # Same answer as ``captions.search(line)``: one alternative matching is
                # enough, each searched only when its gate (``outlets.necessary_test``)
                # finds something.
                caption = any((gate is None or gate.search(line) is not None)
                              and p.search(line) is not None
                              for gate, p in rules.caption_branches)
        self._boiler[line] = boiler
        self._caption[line] = caption
        return boiler, caption

    def _boilerplate(self, line: str) -> str | None:
        """The plain form of the boilerplate check (``_classify`` gives the same answer)."""
        if n_words(line) > 40:  # boilerplate lines are short; skip long paragraphs cheaply
            return None
        m = self.rules.boilerplate.match(line)
        if m is None:
            hints = self.rules.anywhere_hints
            if hints is None or any(h in line.lower() for h in hints):
                m = self.rules.boilerplate_anywhere.search(line)
        return self.rules.boilerplate_names[m.lastgroup] if m and m.lastgroup else None

    def _is_caption(self, line: str) -> bool:
        """The plain form of the caption check (``_classify`` gives the same answer)."""
        if n_words(line) > 60 or _GALLERY_HEADLINE.match(line):
            return False
        if not any(h in line.lower() for h in _CAPTION_HINTS):
            return False
        return self.rules.captions.search(line) is not None

    def byline(self, line: str) -> bool:
        """Cut ``line`` as a byline (names to ``page.authors``) if it is one.

        Only short lines count, never a sentence ending with a full stop nor the
        headline; "oleh-oleh" is a souvenir, not a byline.
        """
        if _never_byline(line) or line == self.page.title:
            return False
        if _BYLINE_ALONE.match(line):
            # "Penulis" under a name just read is its role; otherwise the name follows.
            self.name_follows = not self.role_read
            self.role_read = False
            self.cut("byline", line)
            return True
        self.role_read = False
        if self.name_follows:
            self.name_follows = False
            names = split_names(line) if n_words(line) <= 5 else None
        else:
            names = _authors_in(line, self.rules)
        if names is None:
            return False
        own = self.page.outlet.lower()
        names = [x for x in names if x.lower() != own and not x.lower().startswith("tim ")]
        for name in names:
            if name not in self.page.authors:
                self.page.authors.append(name)
        self.cut("byline", line)
        return True

    def clean_body(self, lines: list[str]) -> list[str]:
        """Cut boilerplate blocks from body paragraphs; return the paragraphs kept."""
        kept: list[str] = []
        block: str | None = None
        # What a line is cut as depends on the line and the rules, apart from the trailing
        # list and byline state and the neighbour checks below: read once per line (shared
        # across pages, see ``_memo``).
        prepared = _memo(self.rules, "body-prepared")
        kinds = _memo(self.rules, "body-kind")
        removed = self.page.removed
        last_lines = len(lines) - 4
        for i, line in enumerate(lines):
            try:
                fragments, line = prepared[line]
            except KeyError:
                fragments, line = prepared[line] = self._prepare(line)
            if fragments:
                removed.extend(fragments)
            if not line:
                continue
            try:
                boiler, marker, rule, kind, text = kinds[line]
            except KeyError:
                boiler, marker, rule, kind, text = kinds[line] = self._body_kind(line)
            if marker:
                block = line
                self.cut(f"trailing list: {block}", line)
                continue
            if block is not None:
                following = lines[i + 1] if i + 1 < len(lines) else ""
                if body_like(line) and not boiler and not is_date_line(following):
                    block = None
                else:
                    self.cut(f"trailing list: {block}", line)
                    continue
            # Bylines stand at the start or the end of an article, not between paragraphs.
            if (i < 3 or i >= last_lines) and self.byline(line):
                continue
            if kind == "cut":
                self.cut(rule, line)
            elif kind == "caption":
                self.page.captions.append(line)
            elif kind == "headline" and not _subheading(line, lines[i + 1: i + 3]):
                self.cut(rule, line)
            else:
                kept.append(text)
        while kept and not ends_terminal(kept[-1]) and n_words(kept[-1]) < 6:
            self.cut("trailing fragment", kept.pop())
        if kept and kept[-1].endswith(")"):
            m = self.rules.trailing_initials.search(kept[-1])
            if m and m.start() > 0:
                self.cut(f"editor initials{FRAGMENT}", m.group(0).strip())
                kept[-1] = kept[-1][: m.start()].rstrip()
            m = _CLOSING_NAME.search(kept[-1])
            # A reporter credited in brackets at the very end, where the outlet's profile
            # says it does so ("(Name)" for Okezone, Suara).
            names = _authors_in(m.group(0).strip(), self.rules) if m and m.start() > 0 else None
            if names:
                self.cut(f"byline{FRAGMENT}", m.group(0).strip())
                kept[-1] = kept[-1][: m.start()].rstrip()
                self.page.authors.extend(x for x in names if x not in self.page.authors)
        return kept

    def _prepare(self, line: str) -> tuple[tuple[tuple[str, str], ...], str]:
        """Inline "Baca juga" links and the outlet's fixes cut from a body paragraph:
        ``(cuts, what is left)``, the cuts as ``(rule, text)`` in page order."""
        cuts: list[tuple[str, str]] = []
        low = line.lower()  # _INLINE_READ_ALSO ignores case: "(Baca Juga: ...)" too
        if "juga" in low or "pula" in low:
            # Every link is in brackets: without one, nothing is cut (the line is stripped
            # all the same).
            if "(" in line or "[" in line:
                for m in list(_INLINE_READ_ALSO.finditer(line)):
                    cuts.append(("read-also link (inline)", m.group(0).strip()))
                line = _INLINE_READ_ALSO.sub("", line).strip()
            else:
                line = line.strip()
        for rule, pattern, replacement in self.rules.fixes:
            m = pattern.search(line)
            if m:
                cuts.append((f"{rule}{FRAGMENT}", m.group(0)))
                line = pattern.sub(replacement, line)
        return tuple(cuts), line

    def _body_kind(self, line: str) -> tuple[str | None, bool, str, str, str]:
        """How ``clean_body`` treats a (prepared, non-empty) body paragraph, apart from its
        neighbours: ``(boilerplate rule, opens a trailing list, cut rule, kind, text kept)``;
        kind is ``cut``, ``caption``, ``headline`` (cut unless a subheading) or ``keep``
        (the text kept matters for the last two)."""
        boiler = self.boilerplate(line)
        words = n_words(line)
        short = words <= 20
        marker = short and self.rules.markers_first.matches(line)
        if boiler:
            return boiler, marker, boiler, "cut", line
        if short and self.rules.credits.match(line):
            return boiler, marker, "credit line", "cut", line
        if short and self.rules.initials.fullmatch(line):
            return boiler, marker, "editor initials", "cut", line
        if self.is_caption(line):
            return boiler, marker, "", "caption", line
        if short and words <= 10 and is_date_line(line):
            return boiler, marker, "stray date line", "cut", line
        # The text kept (the substitution needs a space before the punctuation: test for
        # one first, in one scan).
        text = (_SPACE_BEFORE_PUNCT.sub("", line) if _SPACE_PUNCT_ANY.search(line) is not None
                else line)
        if short and headline_like(line):
            return (boiler, marker, "related headline (Title Case line without punctuation)",
                    "headline", text)
        return boiler, marker, "", "keep", text

    def name_beside(self, lines: list[str], i: int, date_idx: int | None) -> bool:
        """A bare name printed next to the date line or above a role ("Jurnalis")."""
        line = lines[i]
        m = _NAME_LINE.match(line)
        if not m or n_words(line) > 5 or line == self.page.title or nav_like(line):
            return False
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if _ROLE_LINE.match(following):
            role = following.lower()
            self.role_read = True
        elif date_idx is not None and abs(i - date_idx) == 1 and n_words(m.group("name")) >= 2:
            role = "byline"
        else:
            return False
        name = m.group("name").strip(" ,")
        if role == "editor" or name.lower() == self.page.outlet.lower() or _ROLE_NAME.match(name):
            self.cut("credit line", line)
            return True
        if name not in self.page.authors:
            self.page.authors.append(name)
        self.cut("byline", line)
        return True

    def tail(self, lines: list[str]) -> None:
        """Cut everything after the article, keeping sign-off bylines (``Penulis: ...``)."""
        block: str | None = None
        credits: str | None = None  # inside a credits box: "Author" then the names
        kinds = _memo(self.rules, "tail-kind")
        for k, line in enumerate(lines):
            try:
                label, marker, role, may_byline, rule = kinds[line]
            except KeyError:
                label, marker, role, may_byline, rule = kinds[line] = self._tail_kind(line)
            if k < 60 and label:
                credits = label
                self.cut("credits box", line)
                continue
            if credits is not None:
                item = line[2:] if line[:2] in ("* ", "+ ") else line
                name = _NAME_LINE.match(item)
                if name and n_words(item) <= 5 and not nav_like(item):
                    if credits == "author" and name.group("name") not in self.page.authors:
                        self.page.authors.append(name.group("name"))
                    self.cut("credits box", line)
                    continue
                credits = None
            if marker:
                block = line
                self.cut(f"trailing list: {block}", line)
                continue
            if block is not None:
                self.cut(f"trailing list: {block}", line)
                continue
            if k < 40 and role:
                self.cut("byline", line)
                continue
            if k < 40 and may_byline and self.byline(line):
                continue
            self.cut(rule, line)

    def _tail_kind(self, line: str) -> tuple[str | None, bool, bool, bool, str]:
        """How ``tail`` treats a line, apart from its position and the credits-box, trailing
        list and byline state: ``(credits label: "author"/"other"/None, opens a trailing list,
        a role line, may be a byline, the rule that cuts it otherwise)``."""
        short = n_words(line) <= 20
        item = line[2:] if line[:2] in ("* ", "+ ") else line
        m = _CREDIT_LABEL.match(item)
        label = ("author" if m.group("author") else "other") if m else None
        marker = short and self.rules.markers_first.matches(line)
        role = short and _ROLE_LINE.match(line) is not None
        may_byline = not headline_like(line) or _LABELLED.match(line) is not None
        rule = self.boilerplate(line)
        if not rule:
            if short and self.rules.credits.match(line):
                rule = "credit line"
            elif short and self.rules.initials.fullmatch(line):
                rule = "editor initials"
            elif short and headline_like(line):
                rule = "related headline (Title Case line without punctuation)"
            else:
                rule = "after the article"
        return label, marker, role, may_byline, rule


_CREDIT_LABEL = re.compile(r"^(?:(?P<author>authors?|penulis|reporter|pewarta)|editors?|"
                           r"redaktur|penyunting|fotografer|photographer)$", re.I)
_LABELLED = re.compile(r"^(?:oleh|by|penulis|reporter|pewarta|wartawan|kontributor|laporan|"
                       r"ditulis|rep)\b", re.I)
_RELATIVE_TIME = re.compile(r"^\d+\s+(?:detik|menit|jam|hari|minggu|bulan|seconds?|minutes?|"
                            r"hours?|days?|weeks?)\s+(?:yang\s+)?(?:lalu|ago)$", re.I)
_CLOSING_NAME = re.compile(r"\s\([A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,3}\)$")
_CONTENT = re.compile(r"[^\W\d_]{4,}")


def _subheading(line: str, following: list[str]) -> bool:
    """A Title Case line inside an article that introduces the next paragraph (it shares a
    content word with it), unlike a related headline pasted between paragraphs."""
    # Subheadings are short; related headlines are longer or carry a rubric ("BERITA X -").
    if not following or not body_like(following[0]) or n_words(line) > 8 or " - " in line:
        return False
    words = {w[:5] for w in _CONTENT.findall(line.lower()) if w not in _STOPWORDS}
    near = {w[:5] for w in _CONTENT.findall(" ".join(following).lower())}
    return bool(words & near)


#: Lines that a browser's select-all copy adds around an article and that never belong to it.
_LIST_ITEM = re.compile(r"^(?:[*+•·▪►■-]\s+|\d{1,2}[.)]\s*(?=[A-Za-z]))")
_MENU_WORDS = frozenset(
    "home beranda indeks index login masuk daftar register menu search cari terkini "
    "terpopuler populer video foto live tv rss kategori lainnya selengkapnya subscribe "
    "berlangganan signin sign in logout".split())
_DIGIT = re.compile(r"\d")
_DIGIT_HEAVY = re.compile(r"(?:\D*\d){9}")
_SENTENCE_BREAK = re.compile(r"[a-z]{2}[.!?] [A-Z]")
_HAS_TIME = re.compile(r"\d{1,2}[:.]\d\d(?!\d)")
_NAME_LINE = re.compile(r"^(?:by\s+|oleh\s*:?\s*)?(?P<name>[A-Z][\w'’.-]*"
                        r"(?:\s+(?:[A-Z][\w'’.-]*|bin|binti|van|de|al)){0,4}),?$")
_ROLE_LINE = re.compile(r"^(?:jurnalis|wartawan|reporter|penulis|kontributor|pewarta|koresponden)$",
                        re.I)
_ROLE_NAME = re.compile(
    r"^(?:(?:kontributor|koresponden|wartawan|jurnalis|reporter)(?:\s+[A-Z][\w.-]*){0,2}|"
    r"editor|penulis|pewarta|redaktur|fotografer|penyunting|tim\s+\S+)$", re.I)
_ROLE_PREFIX = re.compile(r"^(?:editor|penulis|reporter|pewarta|wartawan|jurnalis)\s*:\s*", re.I)
_LEAD_OUTLET = re.compile(
    r"^(?:[A-Z][\w .'-]{0,30},\s*)?\(?(?P<name>[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)*"
    r"\.(?:com|co\.id|id|net|org|co|tv|news))\)?\s*(?:,\s*[A-Z][\w .'-]{0,30}?\s*)?[-–—]")
_COPYRIGHT_NAME = re.compile(
    r"(?:©|\(c\)|copyright|hak cipta)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?"
    r"(?P<name>[A-Za-z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})", re.I)
_SLUG_WORDS = re.compile(r"[a-z0-9]+")
#: How far below a headline the article may start (paragraphs), how many non-article
#: paragraphs in a row end it.
HEADLINE_REACH = 14
ARTICLE_GAP = 9
#: A second headline candidate this close in score, elsewhere on the page, makes the title
#: uncertain (a warning rather than ``ok``).
UNCERTAIN_MARGIN = 0.5
#: The score of a headline found by the quick path (a page that opens with its headline).
QUICK_SCORE = 10.0


@_per_line
def nav_like(line: str) -> str:
    """Why ``line`` reads as site navigation rather than a headline ("" when it does not)."""
    if line[:2] in ("* ", "+ "):
        return "a menu or list item"
    if " | " in line or line.startswith("|") or line.endswith("|"):
        parts = [p for p in line.split("|") if p.strip()]
        if len(parts) >= 2 or not parts:
            return "menu items separated by '|'"
    if "»" in line or " > " in line:
        return "a breadcrumb"
    if line.isupper() and len(line) >= 6 and " " in line:
        return "all capitals"
    words = line.lower().split()
    if words and ((len(words) <= 3 and words[0] in _MENU_WORDS)
                  or (len(words) >= 2 and words[0] in ("home", "beranda"))):
        return "menu words"
    items = line.split(",")
    if len(items) >= 4 and all(n_words(x.strip()) <= 2 for x in items):
        return "a list of links separated by commas"
    return ""


@_per_line
def _title_like(line: str) -> bool:
    words = n_words(line)
    if not 3 <= words <= 30 or len(line) > 230 or line.endswith((".", ",", ";", ":")):
        return False
    if _SENTENCE_BREAK.search(line):
        return False  # two sentences: a caption or a teaser, not a headline
    if line.startswith(("http", "www.", "©", "(")) or (
            _LIST_ITEM.match(line) and line[:2] != "* "):
        return False
    return not _DIGIT_HEAVY.match(line)  # tickers and tables are not headlines


@_per_line
def _article_paragraph(line: str) -> bool:
    """A paragraph of running article text (not a list item, not a teaser)."""
    if line[:2] in ("* ", "+ "):
        return False
    words = line.count(" ") + 1 if line else 0  # n_words
    if words >= 25:
        return True
    if line.endswith("?"):
        return words >= 16  # headlines often end with a question mark
    return words >= 10 and ends_terminal(line)


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _slug_words(url: str) -> str:
    path = urlparse(url).path if url else ""
    best = max(path.split("/"), key=lambda part: part.count("-"), default="")
    words = [w for w in _SLUG_WORDS.findall(best.lower().rsplit(".", 1)[0]) if not w.isdigit()]
    return " ".join(words) if len(words) >= 3 else ""


def _hint_titles(title: str) -> list[str]:
    """The hinted title and its parts without a site suffix ("Judul - Situs", "Judul | X")."""
    parts = [title, *re.split(r"\s+(?:[-|–—:]{1,2}|::)\s+", title)]
    return list(dict.fromkeys(_norm(p) for p in parts if n_words(p) >= 2))


def _hint_score(line: str, hint_titles: list[str], slug: str) -> float:
    score = 0.0
    low = _norm(line)
    if hint_titles:
        if max(fuzz.ratio(low, h) for h in hint_titles) >= 90:
            score += 10
        elif n_words(line) >= 4 and max(fuzz.token_set_ratio(low, h) for h in hint_titles) >= 90:
            score += 6
    if slug and fuzz.token_set_ratio(low, slug) >= 85:
        score += 6
    return score


def _starts_with_headline(lines: list[str], cutter: _Cutter | None) -> tuple[int, float] | None:
    """``(0, score)`` when the page opens with its headline: a title-like first line, a date
    line with a time and then running text within the next few lines (a clean article
    copy); ``None`` otherwise, and the whole page is searched."""
    first = 0
    while first < min(len(lines), 2) and n_words(lines[first]) <= 2:
        first += 1  # a logo or section word above the headline
    if first >= len(lines):
        return None
    head = lines[first]
    if not _title_like(head) or nav_like(head) or _article_paragraph(head):
        return None
    if cutter is not None and cutter.is_caption(head):
        return None
    dated = False
    for k in range(first + 1, min(len(lines), first + 8)):
        line = lines[k]
        if _article_paragraph(line):
            return (first, QUICK_SCORE) if dated else None
        if line[:2] in ("* ", "+ "):
            return None
        if not dated and _HAS_TIME.search(line) and is_date_line(line):
            dated = True
    return None


def locate_article(lines: list[str], hints: PageHints | None = None, url: str = "",
                   rules: Rules | None = None, *, cutter: _Cutter | None = None,
                   runner_up: list | None = None) -> tuple[int | None, float]:
    """Index of the article's headline in a page's paragraphs and its score.

    Every title-like line is scored: running article text must follow within a few
    paragraphs; a date line (better, one with a time) near it, a long run of article text,
    and a match with the hinted title or the URL slug raise the score; looking like
    navigation or standing inside running text (a subheading) lower it. ``None`` when no
    line qualifies (the caller then reads the page from its first line).
    """
    n = len(lines)
    if not (hints and (hints.title or hints.url)) and not url:
        if cutter is None and rules is not None:
            cutter = _Cutter(rules, Page())
        quick = _starts_with_headline(lines, cutter)
        if quick is not None:
            return quick
    art = [_article_paragraph(x) for x in lines]
    next_art = [n] * (n + 1)
    for i in range(n - 1, -1, -1):
        next_art[i] = i if art[i] else next_art[i + 1]
    # Paragraphs that count for distances: menu items and share buttons do not.
    weight = [0] * (n + 1)
    for i, x in enumerate(lines):
        # ``" " not in x`` is ``n_words(x) <= 1``.
        weight[i + 1] = weight[i] + (0 if x[:2] in ("* ", "+ ") or " " not in x else 1)
    dated: dict[int, bool] = {}
    hint_title = _hint_titles(hints.title) if hints and hints.title else []
    slug = _slug_words(url or (hints.url if hints else ""))
    best, best_score = None, 3.5
    if cutter is None and rules is not None:
        cutter = _Cutter(rules, Page())
    rules = cutter.rules if cutter is not None else None
    scored: list[tuple[float, int]] = []
    for i, line in enumerate(lines):
        if art[i] or next_art[i + 1] >= n or not _title_like(line):
            continue
        j = next_art[i + 1]
        bonus = _hint_score(line, hint_title, slug) if (hint_title or slug) else 0.0
        gap = weight[j] - weight[i + 1]
        if gap > HEADLINE_REACH and bonus < 4:
            continue
        if is_date_line(line):
            continue
        if cutter is not None and (cutter.is_caption(line) or cutter.boilerplate(line)
                                   or rules.credits.match(line)
                                   or _authors_in(line, rules) is not None):
            continue
        score = 4.0 + bonus - 0.15 * gap
        # Running text under it, up to the next date line: a teaser in a dated list has one
        # line of it, an article many.
        run = 0
        for k in range(j, min(n, j + 20)):
            if not art[k] and n_words(lines[k]) <= 12 and is_date_line(lines[k]):
                break
            run += art[k]
        score += 0.5 * min(run, 8)
        date_bonus = 0.0
        for k in range(max(0, i - 3), min(n, i + 12)):
            if k == i:
                continue
            if k > j and art[k]:
                break
            if k not in dated:
                dated[k] = (is_date_line(lines[k])
                            and parse_date(lines[k], fallback=False) is not None)
            if dated[k]:
                # A headline stands above its date line; one below a date line may be a
                # caption, unless the date line is right above it (Okezone's layout).
                value = 3.5 if _HAS_TIME.search(lines[k]) else 2.0
                if k < i - 1 and not all(nav_like(x) for x in lines[k + 1: i]):
                    value -= 1.0
                date_bonus = max(date_bonus, value)
        score += date_bonus
        if 4 <= n_words(line) <= 25:
            score += 1
        if nav_like(line):
            score -= 6
        if "/" in line:
            score -= 2  # photo credits ("Tribun Jateng/Name"), paths
        if i > 0 and rules is not None and (rules.markers_first.matches(lines[i - 1]) or (
                cutter.boilerplate(lines[i - 1]) or "").startswith("read-also")):
            score -= 3  # under "Berita Terkait" / "BACA JUGA": a teaser of another article
        if i > 0 and art[i - 1]:
            score -= 4  # inside running text: a subheading or a pasted related headline
        elif i > 0 and n_words(lines[i - 1]) >= 5 and _title_like(lines[i - 1]) \
                and not nav_like(lines[i - 1]) and not is_date_line(lines[i - 1]):
            score -= 3  # right under another headline-like line: a deck
        scored.append((score, i))
        if score > best_score:
            best, best_score = i, score
    if best is not None and runner_up is not None:
        same = _norm(lines[best])
        others = [(sc, i) for sc, i in scored
                  if i != best and _norm(lines[i]) != same and not nav_like(lines[i])]
        if others:
            runner_up.extend(max(others))
    return best, best_score


def parse_page(text: str, profiles: Profiles, notes: Notes, *, url: str = "",
               outlet: str = "", hints: PageHints | None = None) -> Page:
    """Read one page of (already decoded and normalised) text.

    Inputs: the page text (a clean article or a whole select-all copy with navigation,
    sidebars and footers), the outlet profiles, the row's ``notes``; ``url``/``outlet`` from
    the caller (manifest or import record); ``hints`` (title, date, authors, site name, URL
    known from HTML metadata or a record), used to find the printed headline and as
    fallbacks. Output: a ``Page``; every non-empty line of the text ends up in one of its
    fields or in ``removed`` with the rule that cut it (see ``account_lines``). Problems are
    added to ``notes``; nothing raises.
    """
    page = Page(url=url or (hints.url if hints else ""))
    lines = split_paragraphs(text)
    n = len(lines)
    for i in (0, 1, 2, n - 1):
        if 0 <= i < n and _URL_LINE.match(lines[i]):
            page.url = page.url or _URL_LINE.match(lines[i]).group(1)
    profile: Profile | None = profiles.get(outlet) if outlet else None
    detected = profile is None and not outlet
    # The hints of the line checks that occur in the page, found with the outlet hints.
    scanned = page_literals(profiles.rules(None).anywhere_hints) if detected else ()
    found: set[str] | None = set() if detected else None
    if detected:
        profile, note = profiles.detect(lines[:15], text, page.url, literals=scanned,
                                        found=found)
    cutter = _Cutter(profiles.rules(profile), page, lines, found, scanned)
    second: list = []
    title_idx, best_score = locate_article(lines, hints, page.url, cutter=cutter, runner_up=second)

    # A date line printed just above the headline (Okezone, detikTravel) belongs to it.
    start = title_idx or 0
    if title_idx is not None:
        for k in range(title_idx - 1, max(-1, title_idx - 4), -1):
            if _article_paragraph(lines[k]):
                break
            if is_date_line(lines[k]) and parse_date(lines[k], fallback=False) is not None:
                start = k
                break

    if detected and start >= 15:
        # A select-all copy: the outlet is named at the top of the article, in it or in the
        # page footer, not in the sidebars that mention other outlets.
        region = [x for x in lines[start: start + 150] + lines[-15:] if x[:2] not in ("* ", "+ ")]
        profile, note = profiles.detect(lines[:15] + lines[start: start + 15],
                                        "\n".join(region), page.url)
    if detected and note:
        notes.info(note, about="outlet")
    if profile is not None:
        page.sources["outlet"] = "profile"
    page.outlet = profile.name if profile else outlet
    rules = profiles.rules(profile)
    if rules is not cutter.rules:
        cutter = _Cutter(rules, page, lines, found, scanned)
    for i, line in enumerate(lines[:start]):
        if i >= start - 3 and cutter.is_caption(line):
            page.captions.append(line)  # a photo printed above the headline
        else:
            cutter.cut("page header (above the headline)", line)

    t = title_idx if title_idx is not None else start
    top_end = min(n, t + TOP_LINES)
    for i in range(t + 1, top_end):
        if rules.markers_first.matches(lines[i]):
            top_end = i
            break

    # The dateline, if any, opens the body; never look past running text for it, so a
    # dash in a later line cannot make the article's first paragraphs vanish into the top.
    dateline_idx, dateline = None, None
    seen_text = 0
    for i in range(max(t, start + 1) if title_idx is None else t + 1, top_end):
        line = lines[i]
        if cutter.is_caption(line) or cutter.boilerplate(line):
            continue
        found = find_dateline(line, rules)
        if found:
            dateline_idx, dateline = i, found
            break
        if _article_paragraph(line):
            seen_text += 1
            if seen_text >= 3:  # a deck and a caption may stand before it, no more
                break

    # The publication date: a date line above the headline or in the top, the first one
    # printed with a time preferred over a bare (header, "today") date.
    date_idx = None
    limit = dateline_idx if dateline_idx is not None else min(top_end, t + 15)
    first_bare = None
    for i in range(start, limit):
        if title_idx is not None and i == title_idx:
            continue
        line = lines[i]
        if not is_date_line(line) or _URL_LINE.match(line):
            continue
        reading = parse_date(line)
        if reading is None:
            continue
        if reading.has_time or reading.value is None:
            date_idx, page.date = i, reading
            break
        if first_bare is None or (title_idx is not None and first_bare[0] < title_idx < i):
            first_bare = (i, reading)  # a bare date under the headline, not the header's
    if date_idx is None and first_bare is not None:
        date_idx, page.date = first_bare

    if dateline_idx is not None:
        body_start = dateline_idx
    else:
        body_start = n
        # Without a located headline the first line is taken as the title, unless metadata
        # names a title that this line (a sentence) is not.
        seen_title = title_idx is not None or bool(
            hints and hints.title and start < n and sentence_like(lines[start])
            and max((fuzz.ratio(_norm(lines[start]), h) for h in _hint_titles(hints.title)),
                    default=0) < 80)
        begin = max(t + 1 if title_idx is not None else start,
                    date_idx + 1 if date_idx is not None else 0)
        for i in range(begin, n):
            line = lines[i]
            if (cutter.is_caption(line) or cutter.boilerplate(line)
                    or rules.markers_first.matches(line) or rules.credits.match(line)):
                continue
            if date_idx is None and not seen_title:
                seen_title = not sentence_like(line) or n_words(line) < 25
                if seen_title:
                    continue
            if sentence_like(line) and line[:2] not in ("* ", "+ "):
                body_start = i
                break

    # The top of the article: headline, deck, captions, date line, bylines, widgets.
    for i in range(start, body_start):
        line = lines[i]
        if i == date_idx:
            for name in _authors_in(line, rules) or []:
                if name not in page.authors:
                    page.authors.append(name)
            cutter.cut("date line", line)
            continue
        if i == title_idx:
            page.title = line
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
        elif _WIDGET.match(line):
            cutter.cut("navigation", line)
        elif n_words(line) <= 10 and is_date_line(line):
            cutter.cut("other date line (not the publication date)", line)
        elif cutter.byline(line):
            pass
        elif cutter.name_beside(lines, i, date_idx):
            pass
        elif title_idx is not None and i < title_idx:
            cutter.cut("section label (above the headline)", line)
        elif not page.title:
            if n_words(line) <= 2 and any(n_words(x) >= 3 for x in lines[i + 1: body_start]):
                cutter.cut("navigation", line)
            else:
                title_idx, page.title = i, line
        elif _WIDGET.match(line) or (nav_like(line) and n_words(line) <= 6):
            cutter.cut("navigation", line)
        elif (i == title_idx + 1 and line[:1].islower() and 2 <= n_words(line) <= 12
              and not ends_terminal(line) and not page.deck):
            page.title = f"{page.title} {line}"  # a headline broken over two lines
        elif date_idx is not None and i > date_idx:
            page.captions.append(line)
        else:
            page.deck = f"{page.deck}\n{line}" if page.deck else line

    # The end of the article: the last paragraph of running text before a long stretch of
    # other lines (sidebars, lists, footers). What follows is cut, sign-off bylines kept.
    last = body_start
    gap = 0
    for k in range(body_start, n):
        if _article_paragraph(lines[k]) and not (k > body_start and cutter.boilerplate(lines[k])):
            last, gap = k, 0
        else:
            gap += 1
            if gap >= ARTICLE_GAP and not _article_resumes(lines, last + 1, k + 1, rules):
                break
    body_lines = lines[body_start: last + 1]
    if dateline is not None and body_lines:
        page.dateline = dateline[0]
        prefix = body_lines[0][: len(body_lines[0]) - len(dateline[1])].strip()
        cutter.cut("dateline", prefix)
        body_lines = [dateline[1], *body_lines[1:]]
    page.body = cutter.clean_body(body_lines)
    cutter.tail(lines[last + 1:])
    page.captions = list(dict.fromkeys(page.captions))
    _infer_outlet(page, lines, body_start, hints, notes)
    _apply_hints(page, hints, notes)
    if profile is not None and profile.zone and page.date is not None:
        shifted = with_home_zone(page.date, profile.zone)
        if shifted is not page.date:
            notes.info(f"no time zone printed: {profile.zone}, {profile.name}'s home zone, "
                       "assumed", about="published")
        page.date = shifted
    page.page_kind = _page_kind(page, lines, hints, located=title_idx is not None,
                                opens_with_article=best_score == QUICK_SCORE and not second)
    if page.page_kind == "index":
        _clear_index_fields(page, hints, notes)
    if (second and title_idx is not None and page.page_kind == "article"
            and second[0] >= best_score - UNCERTAIN_MARGIN and abs(second[1] - title_idx) >= 5
            and page.title == lines[title_idx]):
        notes.warn(f"headline uncertain: '{lines[second[1]][:60]}' elsewhere on the page looks "
                   "almost as much like this article's headline; check the title", about="title")
    _note_page(page, notes, nav_title=bool(page.title) and bool(nav_like(page.title)))
    return page


_WIDGET = re.compile(
    r"^(?:(?:share|tweet|bagikan|whatsapp|telegram|email|e-mail|print|cetak|copy link|"
    r"salin link|facebook|twitter|line|pinterest|linkedin|komentar|comment)(?:\s+on\s+\w+)?"
    r"\s*(?:\(\d+\)|\d+)?\s*){2,}$"
    r"|^(?:a[-+]?\s*){2,3}$"
    r"|^(?:lihat foto|follow us|link successfully copied|tautan telah disalin|loading\.*|"
    r"bagikan\s*:|komentar\s*:|\d+\s+komentar|bagikan tautan telah disalin)$", re.I)


def _article_resumes(lines: list[str], gap_start: int, after: int, rules: Rules) -> bool:
    """Does running text go on after a long run of short lines (a list inside the article)?

    Only when the run holds no trailing-list heading and no date line (sidebars and teaser
    lists have them) and three paragraphs of running text follow soon after it.
    """
    end = after
    while end < min(len(lines), gap_start + 40) and not _article_paragraph(lines[end]):
        end += 1  # the rest of the list
    run = lines[gap_start:end]
    if any(rules.markers_first.matches(x) or is_date_line(x) for x in run):
        return False
    return sum(_article_paragraph(x) for x in lines[end: end + 6]) >= 3


def _infer_outlet(page: Page, lines: list[str], body_start: int, hints: PageHints | None,
                  notes: Notes) -> None:
    """Name an outlet without a profile from the page: a 'Name.com -' lead, the copyright
    line, the HTML site name or the URL's domain (in that order)."""
    if page.outlet:
        return
    name, how = "", ""
    for line in (page.body[:1] + lines[body_start: body_start + 1]):
        m = _LEAD_OUTLET.match(line)
        if m:
            name, how = m.group("name"), "the 'Name.com -' lead of the article"
            break
    if not name:
        for _, text in page.removed[::-1]:
            if "©" in text or "opyright" in text or "ak cipta" in text:
                m = _COPYRIGHT_NAME.search(text)
                found = re.split(r"\s+(?:all rights?|hak cipta|\W)", m.group("name") if m else "",
                                 maxsplit=1, flags=re.I)[0].strip(" .,")
                if "." in found or (found and found[0].isupper() and len(found) > 3):
                    name, how = found, "the copyright line"
                    break
    if not name and hints and hints.sitename:
        name, how = hints.sitename.strip(), "the HTML site name"
    if not name and page.url:
        host = urlparse(page.url if "//" in page.url else f"//{page.url}").netloc.lower()
        host = host.split(":")[0].removeprefix("www.")
        if host:
            name, how = host, "the URL's domain"
    if not name:
        return
    if name.isupper():  # "TRIBUNSOLO.COM -" -> "Tribunsolo.com"
        name = name[:1] + name[1:].lower() if "." in name else name.title()
    page.outlet = name
    page.sources["outlet"] = "inferred"
    notes.info(f"outlet '{name}' inferred from {how} (no outlet profile matched)", about="outlet")


def _apply_hints(page: Page, hints: PageHints | None, notes: Notes) -> None:
    """Fill fields the printed page lacks from the hints; say when they disagree."""
    if page.title:
        page.sources["title"] = "printed"
    elif hints and hints.title:
        page.title = hints.title
        page.sources["title"] = hints.sources.get("title", "meta")
        notes.info(f"title taken from the page's {page.sources['title']} (none printed)",
                   about="title")
    hinted = hints.date if hints else None
    if page.date is not None and page.date.value is not None:
        page.sources["published"] = "printed"
        if hinted is not None and hinted.value is not None and page.date.has_time \
                and hinted.has_time and abs(hinted.value - page.date.value).total_seconds() >= 60:
            notes.info(f"printed date '{page.date.text}' used; the page's "
                       f"{hints.sources.get('published', 'metadata')} says "
                       f"{hinted.value.isoformat(timespec='minutes')}", about="published")
    elif hinted is not None and hinted.value is not None:
        page.date = hinted
        page.sources["published"] = hints.sources.get("published", "meta")
        notes.warn(f"no date printed: publication date {hinted.text} from the page's "
                   f"{page.sources['published']}, which the printed page cannot confirm",
                   about="published")
    if page.authors:
        page.sources["author"] = "printed"
    elif hints and hints.authors:
        page.authors = list(hints.authors)
        page.sources["author"] = hints.sources.get("author", "meta")
    if page.dateline:
        page.sources["dateline"] = "printed"


_GALLERY_TITLE = re.compile(r"^(?:foto|galeri|gallery|in pictures|potret)\b\s*[:|-]")
_VIDEO_TITLE = re.compile(r"^(?:video|tonton|watch)\b\s*[:|-]")


def _page_kind(page: Page, lines: list[str], hints: PageHints | None, *,
               located: bool = True, opens_with_article: bool = False) -> str:
    """``article`` unless the page reads as a gallery, a video page or an index.

    Index (home, section) pages have many dated teasers and no article body under a
    headline, or teasers (dates, bylines) inside what would be the body; galleries a
    "FOTO:" headline or many captions and little running text; video pages a "VIDEO:"
    headline and little running text.
    """
    if hints and hints.page_kind in PAGE_KINDS and hints.page_kind != "article":
        return hints.page_kind
    words = word_total(page.body)
    title = page.title.lower()
    if _GALLERY_TITLE.match(title) and words < 250:
        return "gallery"
    if _VIDEO_TITLE.match(title) and words < 200:
        return "video"
    strays = sum(1 for rule, _ in page.removed if rule == "stray date line")
    suspect = strays >= 3 or len(page.authors) >= 4 or not located or words < 30
    if len(lines) >= 10 and (suspect or (words < 80 and not opens_with_article)):
        # Dated teasers: five make a page with no real article body an index; eight or
        # more around a body this short mean the "article" is a teaser among teasers.
        dated = 0
        for x in lines:
            if is_date_line(x) or _RELATIVE_TIME.match(x):
                dated += 1
                if dated >= 8:
                    break
        if (suspect and dated >= 5) or strays >= 3 or dated >= 8:
            return "index"
    if sum(1 for c in page.captions if n_words(c) >= 5) >= 4 and words < 120:
        return "gallery"
    return "article"


def _clear_index_fields(page: Page, hints: PageHints | None, notes: Notes) -> None:
    """An index page's teasers are not its title, date or authors: keep them out of the
    row (they stay in ``removed``) unless metadata names them."""
    teaser = page.title
    if teaser:
        page.removed.append(("teaser on an index page", teaser))
    page.title = hints.title if hints and hints.title else ""
    page.date = hints.date if hints and hints.date else None
    page.authors = []
    page.dateline = ""
    for key in ("title", "published", "author", "dateline"):
        page.sources.pop(key, None)
    if hints and hints.title:
        page.sources["title"] = hints.sources.get("title", "meta")
    if hints and hints.date:
        page.sources["published"] = hints.sources.get("published", "meta")


def _note_page(page: Page, notes: Notes, *, nav_title: bool = False) -> None:
    if not page.outlet:
        notes.warn("outlet not identified: add a profile to data/reference/outlets.yaml or an "
                   "`outlet` to manifest.csv", about="outlet")
    if not page.title:
        notes.warn("no title found", about="title")
    elif nav_title:
        notes.warn(f"the title '{page.title[:60]}' looks like site navigation "
                   f"({nav_like(page.title)}): check it and correct it in manifest.csv",
                   about="title")
    if page.page_kind != "article":
        notes.warn(_KIND_NOTES.get(page.page_kind, f"page looks like a {page.page_kind} page, "
                                   "not a single article"), about="page_kind")
    note_date(page.date, notes, where="near the top of the page (dates in trailing lists are "
              "not used)")
    if not page.body and page.page_kind != "article":
        notes.warn("no article text found", about="body")
    elif not page.body:
        notes.error("no article text found")
    else:
        words = word_total(page.body)
        if words < 30:
            notes.warn(f"very short body ({words} words)")


_KIND_NOTES = {
    "index": "page looks like an index or home page (many dated teasers, no single article "
             "body): not an article",
    "gallery": "page looks like a photo gallery (a 'FOTO' headline or many captions, little "
               "running text): not an article",
    "video": "page looks like a video page (a 'VIDEO' headline, little running text): not an "
             "article",
    "other": "page does not look like a news article",
}


def note_date(reading: DateReading | None, notes: Notes, *, where: str) -> None:
    """Add the notes a publication-date reading calls for."""
    if reading is None:
        notes.warn(f"no publication date found {where}", about="published")
    elif reading.problem:
        notes.warn(reading.problem, about="published")
    elif reading.zone_assumed:
        notes.info("no time zone printed: WIB (UTC+7) assumed", about="published")
    elif not reading.has_time:
        notes.warn("no time printed: the publication date has no time of day (stored as "
                   "midnight WIB)",
                   about="published")


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


def account_lines(text: str, page: Page) -> list[str]:
    """The non-empty lines of ``text`` that ``page`` lost: in no field and not in ``removed``.

    Input: the text given to ``parse_page`` and the page it returned. A line counts as
    accounted when (ignoring whitespace and case) it lies inside the title, deck, a caption,
    a body paragraph, the date reading or a removed block, or when the removed blocks and
    fields found inside it cover all of it (a dateline cut from its paragraph, an inline
    "Baca juga" link). Output: the lost lines, in page order; empty when nothing was lost.
    """
    pieces = [page.title, page.deck, *page.captions, *page.body,
              *(t for _, t in page.removed), page.date.text if page.date else ""]
    squeezed = [re.sub(r"\s+", "", x).casefold() for x in pieces if x and x.strip()]
    joined = "\x00".join(squeezed)
    lost = []
    for raw in text.split("\n"):
        line = re.sub(r"\s+", "", raw).casefold()
        if not line or line in joined:
            continue
        rest = line
        for piece in sorted(squeezed, key=len, reverse=True):
            if piece and piece in rest:
                rest = rest.replace(piece, "\x00")
        if re.sub(r"[\W_]", "", rest.replace("\x00", "")):
            lost.append(" ".join(raw.split()))
    return lost


def lines_recorded_twice(text: str, page: Page) -> list[str]:
    """Paragraphs that ``page`` holds more often (whole, as a field value or a removed
    block) than ``text`` prints them: a line must end up in exactly one place."""
    def key(x: str) -> str:
        return re.sub(r"\s+", "", x).casefold()

    printed: dict[str, int] = {}
    for line in split_paragraphs(text):
        printed[key(line)] = printed.get(key(line), 0) + 1
    held: dict[str, int] = {}
    whole = [t for rule, t in page.removed
             if rule not in ("dateline", "read-also link (inline)") and not rule.endswith(FRAGMENT)]
    # The paragraph a dateline was cut from is a remainder, not a whole printed line.
    body = page.body[1:] if any(rule == "dateline" for rule, _ in page.removed) else page.body
    # The deck holds one or more whole lines, joined by newlines.
    for x in [page.title, *page.deck.split("\n"), *page.captions, *body, *whole]:
        if x and key(x) in printed:
            held[key(x)] = held.get(key(x), 0) + 1
    return [k for k, count in held.items() if count > printed[k]]
