"""Frame cues from the lexicon in ``data/reference/frames.yaml``, and keyword-in-context.

Cues are matched as whole phrases, case-insensitively, never stemmed; within one frame the
longest cue wins where cues overlap ("diduduki secara ilegal" over "diduduki"), while the same
words may count for several frames (a cue may belong to more than one).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from . import reference
from .paths import REFERENCE_DIR
from .text import SentenceIndex
from .text import sentences as sentence_table

CUE_COLUMNS = ["article_id", "sentence", "frame", "family", "cue", "gloss", "matched", "start",
               "end"]


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """One regex matching any of ``phrases`` as whole words, longest first, any case."""
    alts = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in alts)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.I)


@lru_cache(maxsize=2)
def _frame_patterns() -> list[tuple[str, str, re.Pattern[str], dict[str, tuple[str, str]]]]:
    lexicon = reference.frame_lexicon()
    out = []
    for frame, group in lexicon.groupby("frame", sort=False):
        lookup = {c.lower(): (c, g) for c, g in zip(group["cue"], group["gloss"], strict=True)}
        out.append((frame, group["family"].iloc[0], phrase_pattern(group["cue"]), lookup))
    return out


def find_frame_cues(articles: pd.DataFrame, sentences: pd.DataFrame | None = None
                    ) -> pd.DataFrame:
    """Long table of frame cues: ``article_id, sentence, frame, family, cue, gloss, matched,
    start, end`` (offsets into ``body``)."""
    index = SentenceIndex(sentences if sentences is not None else sentence_table(articles))
    records = []
    for article_id, body in zip(articles["article_id"], articles["body"], strict=True):
        for frame, family, pattern, lookup in _frame_patterns():
            for m in pattern.finditer(body):
                cue, gloss = lookup[" ".join(m.group(0).lower().split())]
                sentence = index.sentence(article_id, m.start())
                records.append((article_id, sentence, frame, family, cue, gloss, m.group(0),
                                m.start(), m.end()))
    return pd.DataFrame.from_records(records, columns=CUE_COLUMNS)


def frame_counts(cues: pd.DataFrame, articles: pd.DataFrame, *,
                 family: str | None = None) -> pd.DataFrame:
    """Raw cue counts for each article (rows) and frame (columns), zeros kept."""
    lexicon = reference.frame_lexicon()
    frames = lexicon if family is None else lexicon[lexicon["family"] == family]
    frame_names = list(dict.fromkeys(frames["frame"]))
    c = cues[cues["frame"].isin(frame_names)]
    return (c.groupby(["article_id", "frame"]).size().unstack(fill_value=0)
            .reindex(index=articles["article_id"], columns=frame_names, fill_value=0)
            .astype(int))


def frame_profile(cues: pd.DataFrame, articles: pd.DataFrame, *,
                  family: str | None = None, counts: bool = False) -> pd.DataFrame:
    """Cues per 1,000 words for each article (rows) and frame (columns), rounded to 1 decimal.

    Articles and frames with no cue are kept as zeros, so profiles compare on one scale.
    On short texts a rate moves a lot with one cue (about 5 points per cue on a 200-word
    article), so ``counts=True`` returns the raw count beside each rate: columns become a
    two-level index ``(frame, "n")`` / ``(frame, "per_1000")``, plus ``("n_words", "")``.
    """
    raw = frame_counts(cues, articles, family=family)
    words = articles.set_index("article_id")["n_words"].clip(lower=1)
    rates = (raw.div(words, axis=0) * 1000).round(1)
    if not counts:
        return rates
    both = pd.concat({"n": raw, "per_1000": rates}, axis=1).swaplevel(axis=1)
    both = both.reindex(columns=[(f, k) for f in raw.columns for k in ("n", "per_1000")])
    both[("n_words", "")] = articles.set_index("article_id")["n_words"]
    return both


ENTMAN_FUNCTIONS = ("problem", "cause", "moral", "remedy")


def entman_examples(cues: pd.DataFrame, sentences: pd.DataFrame, *, min_distinct: int = 2,
                    functions: Iterable[str] = ENTMAN_FUNCTIONS) -> pd.DataFrame:
    """The sentence that performs each of Entman's functions most clearly.

    A sentence's evidence for a function is the *set* of distinct cues of that function it
    holds (a cue repeated counts once, so "harus … harus" is one cue). The example is the
    sentence with the largest set, at least ``min_distinct`` cues; ties go to the sentence
    with more cue matches, then to the earlier article and sentence. A function with no
    sentence reaching the minimum gets a row with ``article_id == ""`` and a ``note``, so a
    one-cue sentence ("harus") never stands as "the remedy".

    Returns ``function, article_id, sentence, n_distinct, n_matches, cues, text, note``.
    """
    columns = ["function", "article_id", "sentence", "n_distinct", "n_matches", "cues", "text",
               "note"]
    text = {(a, n): t for a, n, t in zip(sentences["article_id"], sentences["sentence"],
                                         sentences["text"], strict=True)}
    rows = []
    for function in functions:
        hits = cues[cues["frame"] == function]
        best = None
        if len(hits):
            grouped = hits.groupby(["article_id", "sentence"])["cue"].agg(
                n_distinct="nunique", n_matches="size",
                cues=lambda c: ", ".join(sorted(set(c))))
            grouped = grouped[grouped["n_distinct"] >= min_distinct].reset_index()
            if len(grouped):
                best = grouped.sort_values(["n_distinct", "n_matches", "article_id", "sentence"],
                                           ascending=[False, False, True, True]).iloc[0]
        if best is None:
            rows.append({"function": function, "article_id": "", "sentence": 0,
                         "n_distinct": 0, "n_matches": 0, "cues": "", "text": "",
                         "note": f"no sentence has {min_distinct} or more distinct cues"})
            continue
        rows.append({"function": function, "article_id": best["article_id"],
                     "sentence": int(best["sentence"]), "n_distinct": int(best["n_distinct"]),
                     "n_matches": int(best["n_matches"]), "cues": best["cues"],
                     "text": text.get((best["article_id"], best["sentence"]), ""), "note": ""})
    return pd.DataFrame(rows, columns=columns)


def ambiguous_cues(path: Path | None = None) -> pd.DataFrame:
    """Cues marked ``ambiguous: true`` in ``frames.yaml``: ``frame, cue, note`` (why their
    reading depends on context, e.g. "wilayah Azerbaijan")."""
    path = path or REFERENCE_DIR / "frames.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = [{"frame": frame, "cue": cue["cue"], "note": " ".join(str(cue.get("note", "")).split())}
            for frame, spec in data["frames"].items() for cue in spec["cues"]
            if cue.get("ambiguous")]
    return pd.DataFrame(rows, columns=["frame", "cue", "note"])


def kwic(articles: pd.DataFrame, terms: Mapping[str, Iterable[str]] | Iterable[str], *,
         window: int = 50) -> pd.DataFrame:
    """Keyword in context: ``key, article_id, term, left, match, right``, grouped by key.

    ``terms`` is a dictionary ``{key: [phrases]}`` (e.g. a frame and its cues) or a plain
    list (each phrase its own key). Matching is whole-phrase and case-insensitive; ``window``
    characters of context are shown on each side. Sorted by key, article and position.
    """
    groups = dict(terms) if isinstance(terms, Mapping) else {t: [t] for t in terms}
    records = []
    for key, phrases in groups.items():
        pattern = phrase_pattern(phrases)
        for article_id, body in zip(articles["article_id"], articles["body"], strict=True):
            flat = body.replace("\n\n", " ¶ ")
            for m in pattern.finditer(flat):
                left = flat[max(0, m.start() - window): m.start()]
                right = flat[m.end(): m.end() + window]
                records.append((key, article_id, m.start(), m.group(0).lower(), left.rjust(window),
                                m.group(0), right))
    out = pd.DataFrame.from_records(records, columns=["key", "article_id", "pos", "term", "left",
                                                      "match", "right"])
    return out.sort_values(["key", "article_id", "pos"]).drop(columns="pos").reset_index(drop=True)
