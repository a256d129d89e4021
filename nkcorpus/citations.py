"""Cited wire agencies and foreign outlets: who the reporting says it comes from.

An agency named in the body counts as *cited* with the nearest citation cue in its sentence
("dilansir dari", "mengutip", "kantor berita … mengutipnya"); named in a caption or photo
credit, it is a ``photo credit``. An agency named with no cue is kept with ``cue == ""`` (a
mention, which may or may not be a source).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from . import reference
from .text import split_sentences

CITATION_COLUMNS = ["article_id", "where", "sentence", "agency", "country", "bloc", "kind",
                    "state_owned", "cue", "matched", "text"]
CUE_BEFORE = 45  # characters a cue may stand before the agency's name
CUE_AFTER = 25   # ... or after it ("kantor berita RIA mengutipnya")


@lru_cache(maxsize=2)
def _patterns() -> tuple[re.Pattern[str], dict[str, str], list[tuple[str, re.Pattern[str]]],
                        re.Pattern[str]]:
    table = reference.agencies()
    alias_to_agency = {a: name for name, aliases in zip(table["agency"], table["aliases"],
                                                        strict=True) for a in aliases}
    words = sorted(alias_to_agency, key=len, reverse=True)
    # "CNN Indonesia", "CNBC Indonesia" are Indonesian outlets, not the foreign ones.
    agencies = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) +
                          r")(?![\w-])(?! Indonesia)")
    # Captions glue credits to the next word ("via APFoto yang dirilis"): allow a capital.
    in_captions = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) +
                             r")(?![a-z0-9-])(?! Indonesia)")
    cues = [(c, re.compile(p, re.I)) for c, p in zip(reference.citation_cues()["cue"],
                                                     reference.citation_cues()["pattern"],
                                                     strict=True) if c != "photo credit"]
    return agencies, alias_to_agency, cues, in_captions


def _cue(sentence: str, start: int, end: int) -> str:
    _, _, cues, _ = _patterns()
    best, distance = "", None
    for name, pattern in cues:
        for m in pattern.finditer(sentence):
            if 0 <= start - m.end() <= CUE_BEFORE:
                d = start - m.end()
            elif 0 <= m.start() - end <= CUE_AFTER:
                d = m.start() - end
            else:
                continue
            if distance is None or d < distance:
                best, distance = name, d
    return best


def find_citations(articles: pd.DataFrame) -> pd.DataFrame:
    """Long table of agencies named in bodies and captions, with the cue that credits them."""
    agencies, alias_to_agency, _, in_captions = _patterns()
    info = reference.agencies().set_index("agency")
    records = []
    for article_id, body, captions in zip(articles["article_id"], articles["body"],
                                          articles["captions"], strict=True):
        n = 0
        for para in body.split("\n\n"):
            for s, e in split_sentences(para):
                n += 1
                sentence = para[s:e]
                for m in agencies.finditer(sentence):
                    records.append(_record(article_id, "body", n, alias_to_agency[m.group(0)],
                                           info, _cue(sentence, m.start(), m.end()),
                                           m.group(0), sentence))
        for caption in filter(None, captions.split("\n")):
            for agency in dict.fromkeys(alias_to_agency[m.group(0)]
                                        for m in in_captions.finditer(caption)):
                records.append(_record(article_id, "caption", 0, agency, info, "photo credit",
                                       agency, caption))
    return pd.DataFrame.from_records(records, columns=CITATION_COLUMNS)


def _record(article_id, where, sentence, agency, info, cue, matched, text) -> dict:
    row = info.loc[agency]
    return {"article_id": article_id, "where": where, "sentence": sentence, "agency": agency,
            "country": row["country"], "bloc": row["bloc"], "kind": row["kind"],
            "state_owned": row["state_owned"],
            "cue": cue, "matched": matched, "text": text}
