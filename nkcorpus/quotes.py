"""Quotes: who gets a voice, with which reporting verb, directly or indirectly.

Patterns (Indonesian news conventions):

- direct, quote first:   ``"…," kata X`` / ``ujar`` / ``tegas`` / ``tambahnya`` / ``katanya``
- direct, speaker first: ``X mengatakan, "…"``
- indirect:              ``X mengatakan (bahwa) …`` / ``menegaskan`` / ``menyatakan`` / …,
                         ``Menurut X, …``, ``Begitu pernyataan X`` (the previous paragraph)

The speaker is resolved to a gazetteer actor when the phrase names one (the first actor named
in it), to the previous speaker for pronouns (``Ia``, ``Dia``, ``-nya``), and otherwise kept as
written (``Sumber diplomatik``). Scored against the hand-labelled gold set in
``tests/gold/quotes.csv`` (see :func:`score_quotes`).
"""

from __future__ import annotations

import re

import pandas as pd

from .actors import find_mentions
from .text import split_sentences

QUOTE_COLUMNS = ["article_id", "sentence", "speaker", "speaker_text", "speaker_actor", "verb",
                 "kind", "quote", "text"]
SHORT_VERBS = r"kata|ujar|ucap|tutur|tegas|tambah|jelas|ungkap|papar|sebut|imbuh|lanjut|tulis"
LONG_VERBS = (r"mengatakan|menegaskan|menyatakan|menambahkan|menjelaskan|mengungkapkan|"
              r"menyebut(?:kan)?|menilai|menekankan|memperingatkan|membantah|mengklaim|"
              r"mengumumkan|menyampaikan|mengingatkan|berkata|menuturkan|mengakui|"
              # requests, demands, calls and promises are reported speech acts too
              r"menyerukan|mendesak|menuntut|meminta|menjanjikan")
PRONOUNS = re.compile(r"^(?:ia|dia|mereka|beliau|kami|saya)$", re.I)
_OPEN, _CLOSE = "\"“", "\"”"
_DIRECT_AFTER = re.compile(
    rf"[{_OPEN}](?P<quote>[^{_OPEN}{_CLOSE}]{{3,}}?)[{_CLOSE}]\s*,?\s*"
    rf"(?P<verb>(?:{SHORT_VERBS})(?:nya)?)\b(?P<rest>[^.{_OPEN}]*)")
_DIRECT_BEFORE = re.compile(
    rf"\b(?P<verb>{LONG_VERBS})\s*[,:]?\s*[{_OPEN}](?P<quote>[^{_OPEN}{_CLOSE}]{{3,}})[{_CLOSE}]")
_HEAD_START = re.compile(rf"[.{_OPEN}{_CLOSE}][^.{_OPEN}{_CLOSE}]*$")
_INDIRECT = re.compile(rf"^(?P<head>[^{_OPEN}{_CLOSE}]*?)\b(?P<verb>{LONG_VERBS})\b\s*,?\s*"
                       rf"(?![{_OPEN}])(?:bahwa\s+)?(?P<quote>.{{10,}})$")
_LEAD_IN = re.compile(r"^(?:(?:pada|dalam)\s+)?(?:\S+\s+){0,3}?bahwa\s+")
_MENURUT = re.compile(r"^Menurut (?P<head>[^,]{2,60}),\s*(?P<quote>.{10,})$")
_BEGITU = re.compile(r"^Begitu (?:pernyataan|kata|ujar|penjelasan) (?P<head>.+?)"
                     r"(?:\s+(?:setelah|usai|saat|ketika|dalam|kepada)\b.*)?\.?$")
# Phrases that say when or where, not who: trimmed from the end of a speaker phrase.
_TAIL = re.compile(r"(?:^|\s+)(?:pada|dalam|di|kepada|saat|ketika|usai|setelah|melalui|juga|"
                   r"telah|pun|lebih lanjut|sebelumnya|hari|Senin|Selasa|Rabu|Kamis|Jumat|"
                   r"Sabtu|Minggu)\b.*$")
_LEAD = re.compile(r"^(?:dan|namun|tetapi|sementara itu|selain itu|sebelumnya|kemudian|"
                   r"lalu|pun)\s+", re.I)


def _speaker_after(rest: str) -> str:
    """The speaker right after a quote-first verb: ``kata X dalam pernyataan, ...`` -> X."""
    return _TAIL.sub("", rest.split(",")[0].strip()).strip(" ,")


_APPOSITION = re.compile(r"^(?:termasuk|seperti|yaitu|yakni|serta|antara lain)\b", re.I)
_ADVERBIAL = re.compile(r"^(?:sementara itu|selain itu|namun|kemudian|sebelumnya|dalam "
                        r"pernyataan\w*(?: terpisah)?|dalam suratnya.*|kepada \w+)$", re.I)


def _speaker_phrase(head: str) -> str:
    """The speaker phrase before a reporting verb: the last comma-separated part that names
    someone, skipping adverbials ("sementara itu") and appositions ("termasuk Rusia, …")."""
    parts = [p.strip() for p in head.split(",")]
    for i, part in enumerate(parts):
        if i and _APPOSITION.match(part):
            parts = parts[:i]
            break
    for part in reversed(parts):
        phrase = _TAIL.sub("", _LEAD.sub("", part)).strip(" ,")
        if phrase and not _ADVERBIAL.match(phrase):
            return phrase
    return ""


def find_quotes(articles: pd.DataFrame, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Long table of quotes: ``article_id, sentence, speaker, speaker_text, speaker_actor,
    verb, kind, quote``; ``kind`` is ``direct`` or ``indirect``, ``speaker_actor`` the
    gazetteer actor ("" when the speaker is not in it)."""
    mentions = mentions if mentions is not None else find_mentions(articles)
    named = mentions[mentions["actor"] != ""]
    by_article: dict[str, list[tuple[int, int, str]]] = {}
    for row in named.itertuples(index=False):
        by_article.setdefault(row.article_id, []).append((row.start, row.end, row.actor))
    records = []
    for article_id, body in zip(articles["article_id"], articles["body"], strict=True):
        spans = by_article.get(article_id, [])
        previous = ("", "")
        offset, n = 0, 0
        paragraphs = body.split("\n\n")
        for p_index, para in enumerate(paragraphs):
            for s, e in split_sentences(para):
                n += 1
                sentence = para[s:e]
                base = offset + s
                for quote in _quotes_in(sentence, paragraphs[p_index - 1] if p_index else ""):
                    text, start = quote["speaker_text"], quote["speaker_start"]
                    actor = _actor_in(spans, base + start, base + start + len(text))
                    if not text or PRONOUNS.match(text) or quote["verb"].endswith("nya"):
                        speaker, actor = previous
                        text = text or quote["verb"]
                    else:
                        speaker = actor or text
                    records.append({"article_id": article_id, "sentence": n,
                                    "speaker": speaker, "speaker_text": text,
                                    "speaker_actor": actor, "verb": quote["verb"],
                                    "kind": quote["kind"], "quote": quote["quote"],
                                    "text": sentence})
                    if speaker:
                        previous = (speaker, actor)
            offset += len(para) + 2
    return pd.DataFrame.from_records(records, columns=QUOTE_COLUMNS)


def _actor_in(spans, start: int, end: int) -> str:
    for s, e, actor in spans:
        if s >= start and e <= end:
            return actor
    return ""


def _quotes_in(sentence: str, previous_paragraph: str) -> list[dict]:
    out = []
    for m in _DIRECT_AFTER.finditer(sentence):
        rest = m.group("rest")
        phrase = _speaker_after(rest) if not m.group("verb").endswith("nya") else ""
        start = m.start("rest") + (rest.find(phrase) if phrase else 0)
        out.append({"kind": "direct", "verb": m.group("verb"), "quote": m.group("quote").strip(
            " ,"), "speaker_text": phrase, "speaker_start": start})
    if out:
        return out
    m = _DIRECT_BEFORE.search(sentence)
    if m:
        before = sentence[: m.start()]
        cut = _HEAD_START.search(before)
        head_start = cut.start() + 1 if cut else 0
        head = before[head_start:]
        phrase = _speaker_phrase(head)
        return [{"kind": "direct", "verb": m.group("verb"), "quote": m.group("quote").strip(" ,"),
                 "speaker_text": phrase, "speaker_start": head_start + head.rfind(phrase)}]
    for pattern in (_MENURUT, _INDIRECT):
        m = pattern.match(sentence)
        if m:
            phrase = _speaker_phrase(m.group("head")) if pattern is _INDIRECT else \
                m.group("head").strip()
            if pattern is _INDIRECT and (not phrase or len(phrase.split()) > 8):
                return []
            return [{"kind": "indirect", "verb": m.groupdict().get("verb") or "menurut",
                     "quote": _LEAD_IN.sub("", m.group("quote").strip()), "speaker_text": phrase,
                     "speaker_start": m.start("head") + m.group("head").rfind(phrase)}]
    m = _BEGITU.match(sentence)
    if m and previous_paragraph:
        phrase = m.group("head").strip()
        return [{"kind": "indirect", "verb": "begitu pernyataan", "quote": previous_paragraph,
                 "speaker_text": phrase, "speaker_start": m.start("head")}]
    return []


def score_quotes(found: pd.DataFrame, gold: pd.DataFrame) -> dict[str, float]:
    """Precision and recall of quote attribution against a gold set.

    ``gold`` has one row per labelled sentence (``text``, ``speaker``, ``kind``; ``speaker``
    empty when the sentence holds no quote). A found quote is correct when its sentence is in
    the gold set with the same speaker and kind.
    """
    tp = fp = fn = 0
    for row in gold.itertuples(index=False):
        got = found[found["text"] == row.text]
        hits = got[(got["speaker"] == row.speaker) & (got["kind"] == row.kind)]
        if row.speaker:
            tp += int(len(hits) > 0)
            fn += int(len(hits) == 0)
            fp += int(len(got) - len(hits) > 0)
        else:
            fp += int(len(got) > 0)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "tp": tp, "fp": fp,
            "fn": fn}
