"""Frame cues from the lexicon in ``data/reference/frames.yaml``, and keyword-in-context.

Cues are matched as whole phrases, case-insensitively, never stemmed; within one frame the
longest cue wins where cues overlap ("diduduki secara ilegal" over "diduduki"), while the same
words may count for several frames (a cue may belong to more than one).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

import pandas as pd

from . import reference
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


def frame_profile(cues: pd.DataFrame, articles: pd.DataFrame, *,
                  family: str | None = None) -> pd.DataFrame:
    """Cues per 1,000 words for each article (rows) and frame (columns), rounded to 1 decimal.

    Articles and frames with no cue are kept as zeros, so profiles compare on one scale.
    """
    lexicon = reference.frame_lexicon()
    frames = lexicon if family is None else lexicon[lexicon["family"] == family]
    frame_names = list(dict.fromkeys(frames["frame"]))
    c = cues[cues["frame"].isin(frame_names)]
    counts = (c.groupby(["article_id", "frame"]).size().unstack(fill_value=0)
              .reindex(index=articles["article_id"], columns=frame_names, fill_value=0))
    words = articles.set_index("article_id")["n_words"].clip(lower=1)
    return (counts.div(words, axis=0) * 1000).round(1)


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
