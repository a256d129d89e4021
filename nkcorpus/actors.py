"""Actor mentions and co-occurrence, from the gazetteer in ``data/reference/actors.csv``.

Names are matched as written (case-sensitive, whole words, never stemmed: Indonesian stemmers
damage names and phrases) with an Aho-Corasick automaton (``pyahocorasick``), so the cost
does not grow with the size of the gazetteer. Role references ("Presiden Turki") are matched in
any case and resolved to whoever held the role on the article's publication date
(``roles.csv``); a role followed by a person's name ("Presiden Rusia Vladimir Putin") is one
mention of that person, and a role after "mantan/eks/bekas" is not the current holder. Where
aliases overlap, the longest wins ("Nagorno-Karabakh" over "Karabakh").

A name is *not* a mention when (measured on ``tests/gold/actors_*.yaml``):

- a short person alias (a surname or first name alone) is part of another person's name: a
  capitalised word that is not a title stands right before it ("Emine Erdogan", "Burak
  Erdogan") or a capitalised word that is not an Indonesian word stands right after it
  ("Retno Wulandari");
- a person's name follows a facility noun ("Bandara", "Jalan", "Taman", "Stadion" …): places
  named after people are places;
- a single-word alias that is also a common Indonesian word (per simplemma's Indonesian
  dictionary: "Akar" root, "Baku" standard/mutual) opens a sentence and is followed by a
  word that is not a verb or conjunction ("Akar masalah", "Baku tembak"; but "Baku menuduh").
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations

import ahocorasick
import pandas as pd
from simplemma import is_known

from . import reference
from .text import SentenceIndex
from .text import sentences as sentence_table

MENTION_COLUMNS = ["article_id", "sentence", "actor", "type", "affiliation", "side", "matched",
                   "via", "start", "end"]


def _alternation(words: list[str]) -> str:
    words = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


@lru_cache(maxsize=2)
def _patterns() -> tuple[ahocorasick.Automaton, dict[str, str], re.Pattern[str]]:
    table = reference.actors()
    alias_to_actor: dict[str, str] = {}
    for actor, aliases in zip(table["actor"], table["aliases"], strict=True):
        for alias in aliases:
            alias_to_actor.setdefault(" ".join(alias.split()), actor)
    names = ahocorasick.Automaton()
    for alias in alias_to_actor:
        names.add_word(alias, alias)
    names.make_automaton()
    role_table = reference.roles()
    roles = re.compile(rf"(?<![\w-])(?:{_alternation(list(role_table['role']))})(?![\w-])", re.I)
    return names, alias_to_actor, roles


# Words that may stand capitalised right before a name without being part of it.
TITLES = frozenset("""presiden perdana menteri menlu menhan menkes menkeu wapres pm sekjen
kanselir raja ratu pangeran jenderal letjen mayjen kolonel bapak pak ibu bu mr mrs dr prof
syekh sheikh paus ayatollah gubernur juru bicara kepala ketua direktur duta besar mantan eks
bekas sang tuan nyonya haji h hj kapten komandan panglima pemimpin sultan almarhum mendiang
wakil pertama""".split())
# Nouns that make the following personal name a place or an institution.
FACILITIES = re.compile(r"(?:Bandara|Bandar\s+Udara|Jalan|Jl\.?|Stadion|Masjid|Universitas|"
                        r"Pusat|Taman|Museum|Yayasan|Sekolah|Lapangan|Gedung|Istana|Akademi|"
                        r"Institut|Rumah\s+Sakit|RS|Kapal|Pelabuhan|Jembatan|Bulevar|Monumen|"
                        r"Alun-alun|Distrik|Kota|Desa|Penghargaan|Hadiah)"
                        r"(?:\s+(?:Internasional|Nasional|Umum))?\s+$")
# After a sentence-initial common-word alias, these make it a subject (a name), not a compound.
_VERBAL = re.compile(r"^(?:me|ber|di|ter|memper|diper)\w+|^(?:dan|juga|tidak|telah|sudah|akan|"
                     r"belum|pun|kembali|sendiri|lalu|pada|kepada|dengan|yang|mengatakan)$")
_FORMER = re.compile(r"(?:mantan|eks|bekas|almarhum|mendiang|calon|pengganti)\s+$", re.I)
_WEEKDAYS_MONTHS = frozenset("""senin selasa rabu kamis jumat jum'at sabtu minggu ahad januari
februari maret april mei juni juli agustus september oktober november desember""".split())
_TOKEN_BEFORE = re.compile(r"([\w'’.-]+)\s+$")
_TOKEN_AFTER = re.compile(r"^\s+([\w'’-]+)")


def _is_word(token: str) -> bool:
    """An ordinary Indonesian word (simplemma's dictionary, weekdays and months)."""
    lower = token.lower()
    return lower in _WEEKDAYS_MONTHS or is_known(lower, lang="id")


def _sentence_initial(body: str, start: int) -> bool:
    before = body[max(0, start - 3): start]
    return start == 0 or bool(re.search(r"(?:[.!?]\s+|\n|^\s*)[\"“‘(]?$", before))


def _not_a_mention(body: str, start: int, end: int, alias: str, actor_type: str) -> bool:
    """True when the gazetteer name at ``body[start:end]`` is not the actor (see module doc)."""
    head = body[max(0, start - 40): start]
    if actor_type == "person" and FACILITIES.search(head):
        return True
    single = " " not in alias
    if single and _is_word(alias) and _sentence_initial(body, start):
        nxt = _TOKEN_AFTER.match(body[end: end + 40])
        if nxt and nxt.group(1)[0].islower() and not _VERBAL.match(nxt.group(1)):
            return True  # "Akar masalah", "Baku tembak"
    if actor_type != "person" or not single:
        return False
    prev = _TOKEN_BEFORE.search(head)
    ends_sentence = prev is not None and prev.group(1).endswith(".") and len(prev.group(1)) > 2
    if prev and not ends_sentence and prev.group(1)[:1].isupper() and \
            prev.group(1).lower().rstrip(".") not in TITLES:
        word_start = start - len(prev.group(0))
        if not _sentence_initial(body, word_start) or not _is_word(prev.group(1)):
            return True  # "Emine Erdogan", "Arda Erdogan"
    nxt = _TOKEN_AFTER.match(body[end: end + 40])
    if nxt and nxt.group(1)[:1].isupper() and not _is_word(nxt.group(1)) \
            and body[end: end + 1] not in ",.;:":
        return True  # "Retno Wulandari"
    return False


def resolve_role(role: str, when: pd.Timestamp | None) -> str:
    """The actor who held ``role`` at ``when``; "" if unknown.

    Without a date, the role resolves only when one holder's term is still open (no end
    date) and the role has no other open term: "Presiden Turki" -> Erdogan even though
    ``roles.csv`` also lists his predecessor; "Menlu Armenia" (every listed term ended, or
    several) -> "".
    """
    day = None if when is None or pd.isna(when) else pd.Timestamp(when)
    if day is not None and day.tzinfo:
        day = day.tz_localize(None)
    return _resolve_role(" ".join(role.split()).lower(),
                         None if day is None else day.normalize())


@lru_cache(maxsize=65536)
def _resolve_role(role: str, when: pd.Timestamp | None) -> str:
    """Cached core of :func:`resolve_role` (a role on a day; one lookup per distinct pair)."""
    table = reference.roles()
    rows = table[table["role"].str.lower() == role]
    if when is None:
        if rows["actor"].nunique() == 1:
            return rows["actor"].iloc[0]
        current = rows[rows["end"].isna()]
        return current["actor"].iloc[0] if current["actor"].nunique() == 1 else ""
    ok = rows[(rows["start"] <= when) & (rows["end"].isna() | (rows["end"] >= when))]
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
    kinds = dict(zip(info.index, info["type"], strict=True))
    details = {actor: (row.type, row.affiliation, row.side)
               for actor, row in zip(info.index, info.itertuples(index=False), strict=True)}
    index = SentenceIndex(sentences if sentences is not None else sentence_table(articles))
    records = []
    for article_id, body, published in zip(articles["article_id"], articles["body"],
                                           articles["published"], strict=True):
        found = []
        # Same length as body, so offsets hold; line breaks inside a name still match.
        flat = re.sub(r"\s", " ", body)
        for last, alias in names.iter(flat):
            start, end = last - len(alias) + 1, last + 1
            if (start and (flat[start - 1].isalnum() or flat[start - 1] in "-_")) or \
                    (end < len(flat) and (flat[end].isalnum() or flat[end] == "_")):
                continue  # not a whole word
            found.append((start, end, alias_to_actor[alias], "name"))
        for m in roles.finditer(body):
            former = bool(_FORMER.search(body[max(0, m.start() - 12): m.start()]))
            found.append((m.start(), m.end(), "" if former else
                          resolve_role(m.group(0), published), "former" if former else "role"))
        found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        kept: list[list] = []
        for start, end, actor, via in found:
            if kept and start < kept[-1][1]:
                continue  # overlaps a longer match that starts earlier
            if kept and kept[-1][3] in ("role", "former") and via == "name" and \
                    re.fullmatch(r",?\s*", body[kept[-1][1]: start]) and \
                    (kept[-1][2] in ("", actor) or kinds.get(actor) == "person"):
                # The name says who is meant: "Mantan Presiden Turki Abdullah Gul".
                kept[-1] = [kept[-1][0], end, actor, "role+name"]
                continue
            if via == "name" and _not_a_mention(body, start, end, body[start:end],
                                                kinds.get(actor, "")):
                continue
            kept.append([start, end, actor, "role" if via == "former" else via])
        for start, end, actor, via in kept:
            sentence = index.sentence(article_id, start)
            kind, affiliation, side = details[actor] if actor else ("person", "", "")
            records.append({
                "article_id": article_id, "sentence": sentence, "actor": actor,
                "type": kind, "affiliation": affiliation, "side": side,
                "matched": body[start:end], "via": via, "start": start, "end": end})
    return pd.DataFrame.from_records(records, columns=MENTION_COLUMNS)


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
