"""Sentences: the unit every derived table (mentions, quotes, cues) is keyed by."""

from __future__ import annotations

import re
from bisect import bisect_right

import pandas as pd

# Words that end with a full stop without ending the sentence (Indonesian and English).
ABBREVIATIONS = frozenset("""dr drs prof ir h hj no nomor jl jln st mr mrs ms sdr bpk tbk rp
kol letjen mayjen brigjen jenderal gen lt capt dll dsb dst tsb yth a.n u.p vs etc inc ltd co
jr sr""".split())
_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*\s+(?=[\"“‘(]?[A-Z0-9])")
_QUOTES = re.compile(r"[\"“”]")


def _quote_count(text: str, start: int = 0, end: int | None = None) -> int:
    """How many ``"``, ``“`` and ``”`` are in ``text[start:end]`` (what ``_QUOTES`` finds),
    counted in C without building the list of matches."""
    return text.count('"', start, end) + text.count("“", start, end) + text.count("”", start, end)


def _last_word(text: str, start: int, end: int) -> str:
    r"""The run of word characters and dots that ends ``text[start:end]`` (what
    ``re.search(r"[\w.]+$", text[start:end])`` finds, ``$`` also matching before a final
    newline), read backwards from ``end`` instead of searching the whole span."""
    if end > start and text[end - 1] == "\n":
        end -= 1
    i = end
    while i > start and (text[i - 1].isalnum() or text[i - 1] in "._"):
        i -= 1
    return text[i:end]


def split_sentences(paragraph: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences of one paragraph.

    A sentence ends at ``.``, ``!`` or ``?`` (plus closing quotes) followed by a capital or a
    digit, except after an abbreviation, a single-letter initial, or inside a quotation that
    closes later in the paragraph.
    """
    spans, start = [], 0
    balanced = _quote_count(paragraph) % 2 == 0
    for m in _BOUNDARY.finditer(paragraph):
        at = m.start()
        token = _last_word(paragraph, start, at).lower()
        if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            continue
        if balanced and _quote_count(paragraph, start, at + 1) % 2 == 1 \
                and not m.group().rstrip().endswith(("”", '"')):
            continue  # still inside a quotation
        spans.append((start, at + len(m.group().rstrip())))
        start = m.end()
    if paragraph[start:].strip():
        spans.append((start, len(paragraph.rstrip())))
    return spans


def sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """Long table of sentences: ``article_id, sentence, paragraph, start, end, text``.

    ``sentence`` and ``paragraph`` count from 1 within each article; ``start``/``end`` are
    character offsets into ``body``.
    """
    records = []
    for article_id, body in zip(articles["article_id"], articles["body"], strict=True):
        offset, n = 0, 0
        for p, para in enumerate(body.split("\n\n"), start=1):
            for s, e in split_sentences(para):
                n += 1
                records.append((article_id, n, p, offset + s, offset + e, para[s:e]))
            offset += len(para) + 2
    return pd.DataFrame.from_records(
        records, columns=["article_id", "sentence", "paragraph", "start", "end", "text"])


class SentenceIndex:
    """Find which sentence of an article holds a character offset (built once per table)."""

    def __init__(self, spans: pd.DataFrame) -> None:
        self._starts: dict[str, list[int]] = {}
        for article_id, start in zip(spans["article_id"], spans["start"], strict=True):
            self._starts.setdefault(article_id, []).append(int(start))

    def sentence(self, article_id: str, position: int) -> int:
        """1-based sentence number holding ``position`` (0 if the article has none)."""
        return bisect_right(self._starts.get(article_id, []), position)
