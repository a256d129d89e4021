"""Text reuse: the passages articles share, verbatim, lightly edited, or paraphrased.

Method (after passim, scaled down for a notebook):

1. *Candidates.* Every sentence becomes a set of content words (no stopwords, no names or
   titles, no words found in many articles). Sentences are MinHashed (``datasketch``) and
   banded (locality-sensitive hashing), so similar sentences meet in a bucket without
   comparing all pairs: the cost grows near-linearly with the corpus. Small corpora (under
   ``exact_below`` articles) compare all sentence pairs instead, which is exact and cheap.
2. *Alignment.* For each candidate pair of articles, ``rapidfuzz``'s Indel alignment of the
   two token sequences gives the exactly shared runs of words; runs separated by small edits
   are merged into one passage. A passage of one run is ``verbatim``; of several, ``near``.
   Sentences that share any run of five words (hashed word 5-grams, grouped by sorting) are
   candidates too, so verbatim and near copies do not depend on chance.
3. *Paraphrase.* Candidate sentence pairs that no aligned passage covers, but whose content
   words overlap strongly, are ``paraphrase`` (as translated wire text often is).
4. *Common phrases.* Matched words that belong to a common phrase (names and titles from the
   actor gazetteer, ``data/reference/common_phrases.txt``, and, in larger corpora, word 3-grams
   found in many articles) do not count towards a passage's length: sharing "Presiden Rusia
   Vladimir Putin" is not reuse.
5. *Outlet boilerplate.* A passage shared by two articles of one outlet is the outlet's
   boilerplate, not reuse, when it also stands in a third article of that outlet (checked
   against the outlet's other articles, so it works at any corpus size), or when it closes
   both articles without covering most of either (an uncut footer: it starts after the first
   quarter of each body and runs to the end of both). Such passages are dropped
   (``boilerplate=True`` keeps them, with ``kind == "boilerplate"``).

Shares: :func:`reuse_summary` counts each character of an article once, however many
passages cover it (:func:`union_spans`); per-pair figures (:func:`pair_shares`) do the same
within each pair, so an article's row in the pair matrix sums to *at least* its
``reused_share``: more when one stretch of text is shared with several partners.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import pandas as pd

from . import reference
from .paths import REFERENCE_DIR
from .text import split_sentences

REUSE_COLUMNS = ["article_a", "article_b", "outlet_a", "outlet_b", "same_outlet", "kind",
                 "similarity", "n_tokens", "passage", "passage_b", "start_a", "end_a",
                 "start_b", "end_b"]
STOPWORDS = frozenset("""yang dan di ke dari untuk dengan pada dalam ini itu tersebut akan telah
sudah juga tidak bukan atau serta oleh karena sebagai adalah ia dia mereka kami kita saya nya
para sebuah seorang bahwa agar namun tetapi tapi jika saat ketika setelah sebelum hingga sejak
antara atas bagi lebih masih bisa dapat harus ada pun lain secara bagaimana apa siapa sangat
lalu kemudian selama tanpa hanya saja pula the of and to in a is for on""".split())
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class _Doc:
    article_id: str
    outlet: str
    tokens: list[str]
    starts: list[int]
    ends: list[int]
    sentences: list[tuple[int, int]]  # token index ranges


def _tokenise(article_id: str, outlet: str, body: str) -> _Doc:
    tokens, starts, ends, sentences = [], [], [], []
    offset = 0
    for para in body.split("\n\n"):
        for s, e in split_sentences(para):
            first = len(tokens)
            for m in _TOKEN.finditer(para, s, e):
                tokens.append(m.group(0).lower())
                starts.append(offset + m.start())
                ends.append(offset + m.end())
            if len(tokens) > first:
                sentences.append((first, len(tokens)))
        offset += len(para) + 2
    return _Doc(article_id, outlet, tokens, starts, ends, sentences)


@lru_cache(maxsize=2)
def listed_common_phrases() -> tuple[tuple[str, ...], ...]:
    """Common phrases as token tuples: the listed file plus every gazetteer alias and role."""
    phrases = set()
    path = REFERENCE_DIR / "common_phrases.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            phrases.add(tuple(_TOKEN.findall(line.lower())))
    for aliases in reference.actors()["aliases"]:
        phrases.update(tuple(_TOKEN.findall(a.lower())) for a in aliases)
    phrases.update(tuple(_TOKEN.findall(r.lower())) for r in reference.roles()["role"])
    return tuple(sorted(p for p in phrases if p))


def _common_mask(doc: _Doc, index: dict[str, list[int]], phrases: set) -> list[bool]:
    """True for tokens inside a common phrase (``index``: first token -> phrase lengths)."""
    mask = [False] * len(doc.tokens)
    toks = doc.tokens
    for i, tok in enumerate(toks):
        for n in index.get(tok, ()):
            if tuple(toks[i: i + n]) in phrases:
                for j in range(i, min(i + n, len(toks))):
                    mask[j] = True
    return mask


def _token_ids(body: str, vocab: dict[str, int]):
    r"""Token ids (numpy int32) and sentence token ranges of one body, same tokens as
    :func:`_tokenise` (lower-cased ``\w+`` runs within each sentence)."""
    import numpy as np

    ids: list[int] = []
    sentences: list[tuple[int, int]] = []
    for para in body.split("\n\n"):
        for s, e in split_sentences(para):
            first = len(ids)
            ids.extend(vocab.setdefault(t.lower(), len(vocab)) for t in _TOKEN.findall(para, s, e))
            if len(ids) > first:
                sentences.append((first, len(ids)))
    return np.array(ids, dtype=np.int32), sentences


def word_signatures(words: list[str], num_perm: int, seed: int):
    """MinHash value of each single word, from ``datasketch`` (its hash function and
    permutations). The signature of a set is the element-wise minimum of its words' rows,
    exactly what ``datasketch.MinHash.update_batch`` computes (a test checks it)."""
    import numpy as np
    from datasketch import MinHash

    base = MinHash(num_perm=num_perm, seed=seed)
    table = np.empty((len(words), num_perm), dtype=base.hashvalues.dtype)
    for i, word in enumerate(words):
        m = MinHash(num_perm=num_perm, seed=seed, permutations=base.permutations,
                    scheme=base.scheme)
        m.update(word.encode("utf-8"))
        table[i] = m.hashvalues
    return table


def find_reuse(articles: pd.DataFrame, *, min_tokens: int = 6, max_gap: int = 4,
               min_similarity: float = 0.6, paraphrase: float = 0.25,
               lsh_threshold: float = 0.3, num_perm: int = 96, bands: int = 32,
               max_df: float = 0.02, sample: int = 2000, max_bucket: int = 100,
               exact_below: int = 100, shingle: int = 5, seed: int = 1,
               boilerplate: bool = False) -> pd.DataFrame:
    """Passages shared between articles: one row per passage (see the module docstring).

    ``min_tokens``: matched words, not counting common phrases, a passage needs.
    ``max_gap``: words of difference allowed inside one ``near`` passage.
    ``min_similarity``: share of a near passage's words that must match.
    ``paraphrase``: content-word Jaccard similarity for a ``paraphrase`` sentence pair (which
    must also share at least four content words).
    ``num_perm``/``bands``/``seed``: MinHash signatures of each sentence's content words,
    cut into ``bands`` bands (96/32: rows of 3, a pair with Jaccard 0.3 meets with
    probability 0.58, 0.4 with 0.87, 0.6 with 0.999). Buckets of more than ``max_bucket``
    sentences (boilerplate repeated across a corpus) are skipped.
    ``exact_below``: corpora with fewer articles compare every pair of sentences instead
    (exact, and cheap at that size); ``lsh_threshold / 2`` is then the Jaccard a pair needs.
    ``shingle``: sentences sharing any run of this many words (not all stopwords) are always
    candidates, whatever the sampling above: verbatim and near copies are never missed by
    chance.
    ``max_df``/``sample``: in corpora of 50+ articles, word 3-grams found in more than
    ``max_df`` of a seeded sample of ``sample`` articles count as common phrases.
    ``boilerplate``: keep passages judged to be an outlet's boilerplate (step 5 of the
    module docstring), with ``kind == "boilerplate"``; by default they are dropped.
    Rows are sorted by article pair and position; ``article_a`` comes first in the table.
    """
    import random

    import numpy as np
    from rapidfuzz.distance import Indel

    ids_list = articles["article_id"].tolist()
    outlets = articles["outlet"].tolist()
    bodies = articles["body"].tolist()
    n_docs = len(bodies)
    vocab: dict[str, int] = {}
    doc_ids, doc_sents = [], []
    for body in bodies:
        toks, sents = _token_ids(body, vocab)
        doc_ids.append(toks)
        doc_sents.append(sents)
    words = list(vocab)

    phrases = set(listed_common_phrases())
    topical = np.zeros(len(words), dtype=bool)
    if n_docs >= 20:
        picked = random.Random(seed).sample(range(n_docs), min(sample, n_docs))
        df = np.zeros(len(words), dtype=np.int64)
        grams: Counter = Counter()
        for i in picked:
            df[np.unique(doc_ids[i])] += 1
            t = doc_ids[i].tolist()
            grams.update({tuple(words[x] for x in t[j: j + 3]) for j in range(len(t) - 2)})
        # Words in most articles (the war's place names in a war corpus) say nothing about
        # reuse; at scale, words in more than 1% of articles make random sentences collide.
        topical = df >= 0.5 * len(picked)
        if n_docs >= exact_below:
            topical |= (df > 0.01 * len(picked)) & (df > 2)
        if n_docs >= 50:
            phrases.update(g for g, c in grams.items() if c > max(2, max_df * len(picked)))
    stop = np.array([w in STOPWORDS for w in words], dtype=bool)
    named_words = {t for p in phrases for t in p}
    excluded = stop | topical | np.array([w in named_words or w.isdigit() for w in words],
                                         dtype=bool)

    # 1. candidates: sentences with similar content words, and sentences sharing a word run
    if n_docs < exact_below:
        content = {(di, si): set(doc_ids[di][a:b][~excluded[doc_ids[di][a:b]]].tolist())
                   for di in range(n_docs) for si, (a, b) in enumerate(doc_sents[di])}
        keys = [k for k, v in content.items() if len(v) >= 3]
        sentence_pairs = _exact_candidates(keys, content, lsh_threshold / 2)
    else:
        sentence_pairs = _lsh_candidates(doc_ids, doc_sents, excluded, words, num_perm, bands,
                                         seed, max_bucket, paraphrase)
    for pair, found in _shingle_candidates(doc_ids, doc_sents, stop, shingle,
                                           max_bucket).items():
        sentence_pairs[pair] |= found

    # 2.-3. align around candidate sentences, then look for paraphrased sentences
    needed = sorted({d for pair in sentence_pairs for d in pair})
    docs = {d: _tokenise(ids_list[d], outlets[d], bodies[d]) for d in needed}
    index: dict[str, list[int]] = defaultdict(list)
    for p in phrases:
        if len(p) not in index[p[0]]:
            index[p[0]].append(len(p))
    masks = {d: _common_mask(docs[d], index, phrases) for d in needed}

    def content_of(di: int, si: int) -> set[int]:
        a, b = doc_sents[di][si]
        return {t for t in doc_ids[di][a:b].tolist() if not excluded[t]}

    records = []
    for (di, dj), pairs in sorted(sentence_pairs.items()):
        a, b = docs[di], docs[dj]
        covered_a, covered_b = [False] * len(a.tokens), [False] * len(b.tokens)
        for (sa, ea), (sb, eb) in _windows(a, b, pairs):
            for passage in _aligned_passages(a.tokens[sa:ea], b.tokens[sb:eb], Indel,
                                             max_gap, min_similarity):
                (pa, qa), (pb, qb), matched, sim, runs = passage
                pa, qa, pb, qb = pa + sa, qa + sa, pb + sb, qb + sb
                if any(covered_a[pa:qa]):
                    continue  # already found from an overlapping window
                own = sum(1 for i in matched if not masks[di][sa + i])
                if own < min_tokens:
                    continue
                covered_a[pa:qa] = [True] * (qa - pa)
                covered_b[pb:qb] = [True] * (qb - pb)
                records.append(_row(a, b, pa, qa, pb, qb, "verbatim" if runs == 1 else "near",
                                    sim, own))
        for si, sj in sorted(pairs):
            (sa, ea), (sb, eb) = a.sentences[si], b.sentences[sj]
            if any(covered_a[sa:ea]) or any(covered_b[sb:eb]):
                continue
            x, y = content_of(di, si), content_of(dj, sj)
            if len(x) < 3 or len(y) < 3:
                continue
            shared = x & y
            jaccard = len(shared) / len(x | y)
            if jaccard >= paraphrase and len(shared) >= 4:
                records.append(_row(a, b, sa, ea, sb, eb, "paraphrase", jaccard, len(shared)))
    out = pd.DataFrame.from_records(records, columns=REUSE_COLUMNS)
    out["similarity"] = out["similarity"].astype(float).round(3)
    out = attach_text(out, articles) if len(out) else out
    if len(out):
        flags = _outlet_boilerplate(out, articles)
        out.loc[flags, "kind"] = "boilerplate"
        if not boilerplate:
            out = out[~flags]
    return out.sort_values(["article_a", "article_b", "start_a"]).reset_index(drop=True)


def _squash(text: str) -> str:
    return " ".join(_TOKEN.findall(text.lower()))


def _outlet_boilerplate(reuse: pd.DataFrame, articles: pd.DataFrame) -> pd.Series:
    """True for same-outlet passages that are the outlet's boilerplate (module doc, step 5)."""
    bodies = dict(zip(articles["article_id"], articles["body"], strict=True))
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for article_id, outlet in zip(articles["article_id"], articles["outlet"], strict=True):
        if outlet:
            by_outlet[outlet].append(article_id)
    squashed: dict[str, str] = {}
    flags = []
    for row in reuse.itertuples(index=False):
        if not row.same_outlet:
            flags.append(False)
            continue
        a, b = bodies[row.article_a], bodies[row.article_b]
        tail_a, tail_b = a.rstrip(), b.rstrip()
        footer = (row.end_a >= len(tail_a.rstrip(" .!?\"”’)")) and
                  row.end_b >= len(tail_b.rstrip(" .!?\"”’)")) and
                  row.start_a > 0.25 * len(tail_a) and row.start_b > 0.25 * len(tail_b))
        if footer:
            flags.append(True)
            continue
        needle = _squash(row.passage)
        others = (x for x in by_outlet[row.outlet_a] if x not in (row.article_a, row.article_b))
        found = False
        for other in others:
            if other not in squashed:
                squashed[other] = _squash(bodies[other])
            if needle in squashed[other]:
                found = True
                break
        flags.append(found)
    return pd.Series(flags, index=reuse.index, dtype=bool)


def union_spans(spans) -> list[tuple[int, int]]:
    """Merge overlapping or touching ``(start, end)`` spans: ``[(0, 5), (3, 9)] -> [(0, 9)]``.

    Use it before adding up shared characters, so text covered by two passages counts once.
    """
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def shared_spans(reuse: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    """Each article's shared text as merged spans of ``body`` (overlaps counted once)."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in reuse.itertuples(index=False):
        spans[row.article_a].append((row.start_a, row.end_a))
        spans[row.article_b].append((row.start_b, row.end_b))
    return {a: union_spans(v) for a, v in spans.items()}


def _word_chars(body: str, spans=None) -> int:
    """Letters and digits of ``body`` (inside ``spans`` if given): the unit of every share,
    so spaces and the final full stop outside a passage do not keep a copy below 100 %."""
    if spans is None:
        return sum(ch.isalnum() for ch in body)
    return sum(ch.isalnum() for s, e in spans for ch in body[s:e])


def pair_shares(reuse: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Article-by-article matrix: share (0-1) of the row article's letters and digits inside
    passages it shares with the column article, overlaps within a pair counted once.

    A row can sum to more than the article's ``reused_share`` in :func:`reuse_summary`: text
    shared with two partners counts once per partner here and once in the summary.
    """
    bodies = dict(zip(articles["article_id"], articles["body"], strict=True))
    ids = articles["article_id"].tolist()
    out = pd.DataFrame(0.0, index=pd.Index(ids, name="article_id"), columns=ids)
    pairs: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for row in reuse.itertuples(index=False):
        pairs[(row.article_a, row.article_b)].append((row.start_a, row.end_a))
        pairs[(row.article_b, row.article_a)].append((row.start_b, row.end_b))
    for (a, b), spans in pairs.items():
        total = _word_chars(bodies[a])
        if total:
            out.loc[a, b] = round(_word_chars(bodies[a], union_spans(spans)) / total, 3)
    return out


def _shingle_candidates(doc_ids: list, doc_sents: list, stop, k: int, max_bucket: int):
    """Sentence pairs that share a run of ``k`` words (not all stopwords): word k-grams
    hashed in one numpy array and grouped by sorting (exact)."""
    import numpy as np

    pairs: dict[tuple[int, int], set[tuple[int, int]]] = defaultdict(set)
    lengths = [len(t) + 1 for t in doc_ids]
    total = sum(lengths)
    if total <= k:
        return pairs
    tok = np.zeros(total, dtype=np.uint64)  # token id + 1; 0 separates articles
    doc = np.empty(total, dtype=np.int32)
    sent = np.full(total, -1, dtype=np.int32)
    pos = 0
    for di, t in enumerate(doc_ids):
        tok[pos: pos + len(t)] = t + 1
        doc[pos: pos + len(t) + 1] = di
        for si, (a, b) in enumerate(doc_sents[di]):
            sent[pos + a: pos + b] = si
        pos += len(t) + 1
    n = total - k + 1
    code = np.zeros(n, dtype=np.uint64)
    valid = np.ones(n, dtype=bool)
    informative = np.zeros(n, dtype=bool)
    is_stop = np.concatenate(([True], stop))  # index 0 (separator) counts as a stopword
    with np.errstate(over="ignore"):
        for j in range(k):
            window = tok[j: j + n]
            code *= np.uint64(1000003)
            code += window
            valid &= window != 0
            informative |= ~is_stop[window]
    del tok
    keep = np.flatnonzero(valid & informative).astype(np.int32 if n < 2**31 else np.int64)
    del valid, informative
    order = keep[np.argsort(code[keep], kind="stable")]
    ordered = code[order]
    del code
    cut = np.flatnonzero(np.diff(ordered)) + 1
    starts = np.concatenate(([0], cut))
    sizes = np.diff(np.concatenate((starts, [len(ordered)])))
    multi = (sizes > 1) & (sizes <= max_bucket)
    if not multi.any():
        return pairs
    for start, size in zip(starts[multi], sizes[multi], strict=True):
        members = order[start: start + size]
        owners = doc[members]
        if np.unique(owners).size < 2:
            continue
        for x, y in combinations(members.tolist(), 2):
            di, dj = int(doc[x]), int(doc[y])
            if di == dj:
                continue
            if di > dj:
                x, y, di, dj = y, x, dj, di
            pairs[(di, dj)].add((int(sent[x]), int(sent[y])))
    return pairs


def _exact_candidates(keys, content, threshold: float):
    """Every pair of sentences from different articles with content Jaccard >= threshold."""
    pairs: dict[tuple[int, int], set[tuple[int, int]]] = defaultdict(set)
    for x in range(len(keys)):
        di, si = keys[x]
        cx = content[keys[x]]
        for y in range(x + 1, len(keys)):
            dj, sj = keys[y]
            if dj == di:
                continue
            cy = content[keys[y]]
            inter = len(cx & cy)
            if inter and inter / (len(cx) + len(cy) - inter) >= threshold:
                pairs[(di, dj)].add((si, sj))
    return pairs


def _lsh_candidates(doc_ids, doc_sents, excluded, words, num_perm: int, bands: int, seed: int,
                    max_bucket: int, min_jaccard: float):
    """Candidate sentence pairs by MinHash LSH: per-word signatures from ``datasketch``,
    sentence signatures as element-wise minima, banding by sorting numpy band keys. Pairs
    that meet in a bucket are kept only if their content words' Jaccard similarity really
    reaches ``min_jaccard`` (LSH only proposes; the sets decide)."""
    import numpy as np

    pairs: dict[tuple[int, int], set[tuple[int, int]]] = defaultdict(set)
    sent_doc, sent_num, flat, owner = [], [], [], []
    for di, (toks, sents) in enumerate(zip(doc_ids, doc_sents, strict=True)):
        for si, (a, b) in enumerate(sents):
            part = np.unique(toks[a:b][~excluded[toks[a:b]]])
            if part.size >= 3:
                owner.append(np.full(part.size, len(sent_doc), dtype=np.int64))
                flat.append(part)
                sent_doc.append(di)
                sent_num.append(si)
    if not sent_doc:
        return pairs
    flat_ids = np.concatenate(flat)
    owners = np.concatenate(owner)
    del flat, owner
    used = np.unique(flat_ids)
    table = word_signatures([words[i] for i in used], num_perm, seed)
    row_of = np.full(len(words), -1, dtype=np.int64)
    row_of[used] = np.arange(used.size)
    rows = num_perm // bands
    n_sent = len(sent_doc)
    signatures = np.empty((n_sent, rows * bands), dtype=table.dtype)
    bounds = np.flatnonzero(np.diff(owners)) + 1
    del owners
    starts = np.concatenate(([0], bounds))
    ends = np.append(starts[1:], len(flat_ids))
    chunk = 20000
    for lo in range(0, n_sent, chunk):
        hi = min(n_sent, lo + chunk)
        a, b = starts[lo], (starts[hi] if hi < n_sent else len(flat_ids))
        gathered = table[row_of[flat_ids[a:b]], : rows * bands]
        signatures[lo:hi] = np.minimum.reduceat(gathered, starts[lo:hi] - a, axis=0)
    sent_doc_arr = np.array(sent_doc, dtype=np.int64)
    mult = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                     0x27D4EB2F165667C5][:rows], dtype=np.uint64)
    for band in range(bands):
        block = signatures[:, band * rows: (band + 1) * rows].astype(np.uint64)
        with np.errstate(over="ignore"):
            code = (block * mult).sum(axis=1, dtype=np.uint64)
        order = np.argsort(code, kind="stable")
        ordered = code[order]
        cut = np.flatnonzero(np.diff(ordered)) + 1
        group_starts = np.concatenate(([0], cut))
        sizes = np.diff(np.concatenate((group_starts, [len(ordered)])))
        multi = (sizes > 1) & (sizes <= max_bucket)
        for start, size in zip(group_starts[multi], sizes[multi], strict=True):
            members = order[start: start + size]
            if np.unique(sent_doc_arr[members]).size < 2:
                continue
            for x, y in combinations(sorted(members.tolist()), 2):
                di, dj = sent_doc[x], sent_doc[y]
                if di == dj:
                    continue
                wx = flat_ids[starts[x]: ends[x]]
                wy = flat_ids[starts[y]: ends[y]]
                inter = np.intersect1d(wx, wy, assume_unique=True).size
                if inter < 3 or inter / (wx.size + wy.size - inter) < min_jaccard:
                    continue
                si, sj = sent_num[x], sent_num[y]
                pairs[(min(di, dj), max(di, dj))].add((si, sj) if di < dj else (sj, si))
    return pairs


def _windows(a: _Doc, b: _Doc, pairs: set[tuple[int, int]]):
    """Token ranges to align: runs of candidate sentence pairs on one diagonal, widened by one
    sentence on each side (so a passage that starts mid-sentence is not cut)."""
    for si, sj in _diagonal_runs(sorted(pairs)):
        a0, a1 = max(0, si[0] - 1), min(len(a.sentences) - 1, si[1] + 1)
        b0, b1 = max(0, sj[0] - 1), min(len(b.sentences) - 1, sj[1] + 1)
        yield (a.sentences[a0][0], a.sentences[a1][1]), (b.sentences[b0][0], b.sentences[b1][1])


def _diagonal_runs(pairs: list[tuple[int, int]]):
    """Group sentence pairs (i, j), (i+1, j+1)... into ((i0, i1), (j0, j1)) runs."""
    remaining = set(pairs)
    for i, j in pairs:
        if (i, j) not in remaining or (i - 1, j - 1) in remaining:
            continue
        k = 0
        while (i + k + 1, j + k + 1) in remaining:
            k += 1
        for step in range(k + 1):
            remaining.discard((i + step, j + step))
        yield (i, i + k), (j, j + k)
    for i, j in sorted(remaining):
        yield (i, i), (j, j)


def _aligned_passages(a: list[str], b: list[str], indel, max_gap: int, min_similarity: float):
    """Shared runs of tokens merged across small gaps: ``((sa, ea), (sb, eb), matched
    token indices of a, similarity, number of runs)``; indices relative to ``a``/``b``."""
    blocks = [blk for blk in indel.opcodes(a, b).as_matching_blocks() if blk.size >= 3]
    group: list = []
    for blk in [*blocks, None]:
        if group and blk is not None:
            last = group[-1]
            gap_a = blk.a - (last.a + last.size)
            gap_b = blk.b - (last.b + last.size)
            if 0 <= gap_a <= max_gap and 0 <= gap_b <= max_gap:
                group.append(blk)
                continue
        if group:
            sa, sb = group[0].a, group[0].b
            ea, eb = group[-1].a + group[-1].size, group[-1].b + group[-1].size
            matched = [i for g in group for i in range(g.a, g.a + g.size)]
            similarity = len(matched) / max(ea - sa, eb - sb)
            if similarity >= min_similarity:
                yield (sa, ea), (sb, eb), matched, similarity, len(group)
        group = [blk] if blk is not None else []


def _row(a: _Doc, b: _Doc, sa: int, ea: int, sb: int, eb: int, kind: str, sim: float,
         n: int) -> dict:
    return {"article_a": a.article_id, "article_b": b.article_id, "outlet_a": a.outlet,
            "outlet_b": b.outlet, "same_outlet": bool(a.outlet and a.outlet == b.outlet),
            "kind": kind, "similarity": sim, "n_tokens": n,
            "passage": "", "passage_b": "", "start_a": a.starts[sa], "end_a": a.ends[ea - 1],
            "start_b": b.starts[sb], "end_b": b.ends[eb - 1]}


def attach_text(reuse: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Fill ``passage``/``passage_b`` with the text of each passage as it stands in a and b."""
    body = dict(zip(articles["article_id"], articles["body"], strict=True))
    out = reuse.copy()
    out["passage"] = [body[a][s:e] for a, s, e in zip(out["article_a"], out["start_a"],
                                                       out["end_a"], strict=True)]
    out["passage_b"] = [body[b][s:e] for b, s, e in zip(out["article_b"], out["start_b"],
                                                         out["end_b"], strict=True)]
    return out


def reuse_summary(reuse: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per article: share of its body inside shared passages, and the outlets it shares with.

    ``reused_share`` is the share of the body's letters and digits inside the union of its
    passages (:func:`union_spans`: text covered by several passages counts once; an article
    identical to another is 1.0); ``shared_letters`` the number of those letters and digits;
    ``passages`` the number of passages. See :func:`pair_shares` for the per-pair matrix.
    """
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    partners: dict[str, set[str]] = defaultdict(set)
    for row in reuse.itertuples(index=False):
        spans[row.article_a].append((row.start_a, row.end_a))
        spans[row.article_b].append((row.start_b, row.end_b))
        partners[row.article_a].add(row.outlet_b or "unknown")
        partners[row.article_b].add(row.outlet_a or "unknown")
    records = []
    for article_id, outlet, body in zip(articles["article_id"], articles["outlet"],
                                        articles["body"], strict=True):
        merged = union_spans(spans.get(article_id, []))
        total = _word_chars(body)
        shared = _word_chars(body, merged)
        records.append({"article_id": article_id, "outlet": outlet,
                        "reused_share": round(shared / total, 3) if total else 0.0,
                        "shared_letters": shared,
                        "passages": len(spans.get(article_id, [])),
                        "shared_with": ", ".join(sorted(partners.get(article_id, set())))})
    return pd.DataFrame.from_records(records, columns=["article_id", "outlet", "reused_share",
                                                       "shared_letters", "passages",
                                                       "shared_with"])
