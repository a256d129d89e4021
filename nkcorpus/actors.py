"""Actor mentions and co-occurrence, from the gazetteer in ``data/reference/actors.csv``.

Names are matched as written (case-sensitive, whole words, never stemmed: Indonesian stemmers
damage names and phrases). Role references ("Presiden Turki") are matched in any case and
resolved to whoever held the role on the article's publication date (``roles.csv``); a role
followed by its holder's name ("Presiden Rusia Vladimir Putin") is one mention. Where aliases
overlap, the longest wins ("Nagorno-Karabakh" over "Karabakh").
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations

import pandas as pd

from . import reference
from .text import SentenceIndex
from .text import sentences as sentence_table

MENTION_COLUMNS = ["article_id", "sentence", "actor", "type", "affiliation", "side", "matched",
                   "via", "start", "end"]


def _alternation(words: list[str]) -> str:
    words = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


@lru_cache(maxsize=2)
def _patterns() -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str]]:
    table = reference.actors()
    alias_to_actor: dict[str, str] = {}
    for actor, aliases in zip(table["actor"], table["aliases"], strict=True):
        for alias in aliases:
            alias_to_actor.setdefault(alias, actor)
    names = re.compile(rf"(?<![\w-])(?:{_alternation(list(alias_to_actor))})(?![\w])")
    role_table = reference.roles()
    roles = re.compile(rf"(?<![\w-])(?:{_alternation(list(role_table['role']))})(?![\w-])", re.I)
    return names, alias_to_actor, roles


def resolve_role(role: str, when: pd.Timestamp | None) -> str:
    """The actor who held ``role`` at ``when``; "" if unknown (no date and several holders)."""
    table = reference.roles()
    rows = table[table["role"].str.lower() == " ".join(role.split()).lower()]
    if when is None or pd.isna(when):
        return rows["actor"].iloc[0] if rows["actor"].nunique() == 1 else ""
    day = pd.Timestamp(when).tz_localize(None) if pd.Timestamp(when).tzinfo else pd.Timestamp(when)
    ok = rows[(rows["start"] <= day) & (rows["end"].isna() | (rows["end"] >= day))]
    return ok["actor"].iloc[0] if len(ok) else ""


def find_mentions(articles: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """Long table of actor mentions: one row per mention, keyed by ``article_id``.

    Columns: ``article_id, sentence, actor, type, affiliation, side, matched, via, start,
    end``; ``via`` is ``name``, ``role`` or ``role+name``; offsets are into ``body``.
    Role references that cannot be resolved (no publication date, several holders) are kept
    with ``actor == ""`` so they can be counted and checked.
    """
    names, alias_to_actor, roles = _patterns()
    info = reference.actors().set_index("actor")
    index = SentenceIndex(sentences if sentences is not None else sentence_table(articles))
    records = []
    for article_id, body, published in zip(articles["article_id"], articles["body"],
                                           articles["published"], strict=True):
        found = [(m.start(), m.end(), alias_to_actor[_canonical(m.group(0), alias_to_actor)],
                  "name") for m in names.finditer(body)]
        found += [(m.start(), m.end(), resolve_role(m.group(0), published), "role")
                  for m in roles.finditer(body)]
        found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        kept: list[list] = []
        for start, end, actor, via in found:
            if kept and start < kept[-1][1]:
                continue  # overlaps a longer match that starts earlier
            if kept and kept[-1][3] == "role" and via == "name" and \
                    re.fullmatch(r",?\s*", body[kept[-1][1]: start]) and \
                    kept[-1][2] in ("", actor):
                kept[-1] = [kept[-1][0], end, actor, "role+name"]
                continue
            kept.append([start, end, actor, via])
        for start, end, actor, via in kept:
            sentence = index.sentence(article_id, start)
            row = info.loc[actor] if actor else None
            records.append({
                "article_id": article_id, "sentence": sentence, "actor": actor,
                "type": row["type"] if row is not None else "person",
                "affiliation": row["affiliation"] if row is not None else "",
                "side": row["side"] if row is not None else "",
                "matched": body[start:end], "via": via, "start": start, "end": end})
    return pd.DataFrame.from_records(records, columns=MENTION_COLUMNS)


def _canonical(text: str, alias_to_actor: dict[str, str]) -> str:
    return text if text in alias_to_actor else " ".join(text.split())


def cooccurrence(mentions: pd.DataFrame, *, types: list[str] | None = None) -> pd.DataFrame:
    """Pairs of actors mentioned in the same sentence.

    Returns ``actor_a, actor_b, sentences, articles`` (``actor_a < actor_b``), sorted by the
    number of sentences they share. ``types`` keeps only actors of those types.
    """
    m = mentions[mentions["actor"] != ""]
    if types is not None:
        m = m[m["type"].isin(types)]
    pairs: dict[tuple[str, str], set] = {}
    for (article, sentence), group in m.groupby(["article_id", "sentence"]):
        for a, b in combinations(sorted(set(group["actor"])), 2):
            pairs.setdefault((a, b), set()).add((article, sentence))
    rows = [{"actor_a": a, "actor_b": b, "sentences": len(s),
             "articles": len({art for art, _ in s})} for (a, b), s in pairs.items()]
    out = pd.DataFrame(rows, columns=["actor_a", "actor_b", "sentences", "articles"])
    return out.sort_values(["sentences", "actor_a", "actor_b"],
                           ascending=[False, True, True]).reset_index(drop=True)


def actor_network(mentions: pd.DataFrame, *, types: list[str] | None = None):
    """A ``networkx.Graph`` of sentence co-occurrence; node attribute ``mentions``, edge
    attribute ``weight`` (shared sentences)."""
    import networkx as nx

    graph = nx.Graph()
    m = mentions[mentions["actor"] != ""]
    if types is not None:
        m = m[m["type"].isin(types)]
    for actor, count in m["actor"].value_counts().sort_index().items():
        graph.add_node(actor, mentions=int(count))
    for row in cooccurrence(m).itertuples(index=False):
        graph.add_edge(row.actor_a, row.actor_b, weight=row.sentences)
    return graph
