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


def find_reuse(articles: pd.DataFrame, *, min_tokens: int = 6, max_gap: int = 4,
               min_similarity: float = 0.6, paraphrase: float = 0.25,
               lsh_threshold: float = 0.3, num_perm: int = 96, bands: int = 32,
               max_df: float = 0.02, sample: int = 2000, max_bucket: int = 100,
               exact_below: int = 100, shingle: int = 5, seed: int = 1) -> pd.DataFrame:
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
    ``shingle``: sentences sharing any run of this many words (not all common) are always
    candidates, whatever the sampling above: verbatim and near copies are never missed by
    chance.
    ``max_df``/``sample``: in corpora of 50+ articles, word 3-grams found in more than
    ``max_df`` of a seeded sample of ``sample`` articles count as common phrases.
    Rows are sorted by article pair and position; ``article_a`` comes first in the table.
    """
    import random

    from rapidfuzz.distance import Indel

    docs = [_tokenise(a, o, b) for a, o, b in zip(articles["article_id"], articles["outlet"],
                                                   articles["body"], strict=True)]
    n_docs = len(docs)
    phrases = set(listed_common_phrases())
    topical: set[str] = set()
    if n_docs >= 20:
        picked = random.Random(seed).sample(docs, min(sample, n_docs))
        df = Counter()
        grams = Counter()
        for d in picked:
            df.update(set(d.tokens))
            grams.update({tuple(d.tokens[i: i + 3]) for i in range(len(d.tokens) - 2)})
        # Words in most articles (the war's place names in a war corpus) say nothing about
        # reuse; a corpus needs some size before "most articles" means anything.
        topical = {t for t, c in df.items() if c >= 0.5 * len(picked)}
        if n_docs >= exact_below:
            # at scale, words in more than 1% of articles make random sentences collide
            topical |= {t for t, c in df.items() if c > 0.01 * len(picked) and c > 2}
        if n_docs >= 50:
            phrases.update(g for g, c in grams.items() if c > max(2, max_df * len(picked)))
    index: dict[str, list[int]] = defaultdict(list)
    for p in phrases:
        if len(p) not in index[p[0]]:
            index[p[0]].append(len(p))
    masks = [_common_mask(d, index, phrases) for d in docs]

    # 1. candidates: sentences with similar content words
    content: dict[tuple[int, int], set[str]] = {}
    keys = []
    for di, d in enumerate(docs):
        mask = masks[di]
        for si, (a, b) in enumerate(d.sentences):
            words = {d.tokens[i] for i in range(a, b) if not mask[i]
                     and d.tokens[i] not in STOPWORDS and d.tokens[i] not in topical
                     and not d.tokens[i].isdigit()}
            if len(words) >= 3:
                content[(di, si)] = words
                keys.append((di, si))
    if n_docs < exact_below:
        sentence_pairs = _exact_candidates(keys, content, lsh_threshold / 2)
    else:
        sentence_pairs = _lsh_candidates(keys, content, num_perm, bands, seed, max_bucket)
    for pair, found in _shingle_candidates(docs, masks, shingle, max_bucket).items():
        sentence_pairs[pair] |= found

    # 2.-3. align around candidate sentences, then look for paraphrased sentences
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
            x, y = content.get((di, si)), content.get((dj, sj))
            if not x or not y:
                continue
            shared = x & y
            jaccard = len(shared) / len(x | y)
            if jaccard >= paraphrase and len(shared) >= 4:
                records.append(_row(a, b, sa, ea, sb, eb, "paraphrase", jaccard, len(shared)))
    out = pd.DataFrame.from_records(records, columns=REUSE_COLUMNS)
    out["similarity"] = out["similarity"].astype(float).round(3)
    out = attach_text(out, articles) if len(out) else out
    return out.sort_values(["article_a", "article_b", "start_a"]).reset_index(drop=True)


def _shingle_candidates(docs: list[_Doc], masks: list[list[bool]], k: int, max_bucket: int):
    """Sentence pairs that share a run of ``k`` words: word k-grams hashed into one numpy
    array and grouped by sorting (exact; memory about 24 bytes a token)."""
    import numpy as np

    pairs: dict[tuple[int, int], set[tuple[int, int]]] = defaultdict(set)
    vocab: dict[str, int] = {}
    ids, doc_of, sent_of, common = [], [], [], []
    for di, d in enumerate(docs):
        for si, (a, b) in enumerate(d.sentences):
            for i in range(a, b):
                ids.append(vocab.setdefault(d.tokens[i], len(vocab) + 1))
                doc_of.append(di)
                sent_of.append(si)
                common.append(masks[di][i] or d.tokens[i] in STOPWORDS)
        ids.append(0)  # a separator: no k-gram crosses two articles
        doc_of.append(-1)
        sent_of.append(-1)
        common.append(True)
    if len(ids) <= k:
        return pairs
    tok = np.array(ids, dtype=np.uint64)
    docs_arr = np.array(doc_of, dtype=np.int64)
    sents_arr = np.array(sent_of, dtype=np.int64)
    common_arr = np.array(common, dtype=bool)
    n = len(tok) - k + 1
    code = np.zeros(n, dtype=np.uint64)
    valid = np.ones(n, dtype=bool)
    informative = np.zeros(n, dtype=bool)
    with np.errstate(over="ignore"):
        for j in range(k):
            code = code * np.uint64(1000003) + tok[j: j + n]
            valid &= tok[j: j + n] != 0
            informative |= ~common_arr[j: j + n]
    keep = np.flatnonzero(valid & informative)
    order = keep[np.argsort(code[keep], kind="stable")]
    ordered = code[order]
    cut = np.flatnonzero(np.diff(ordered)) + 1
    starts = np.concatenate(([0], cut))
    sizes = np.diff(np.concatenate((starts, [len(ordered)])))
    seen: set[tuple[int, int, int, int]] = set()
    for start, size in zip(starts[sizes > 1], sizes[sizes > 1], strict=True):
        if size > max_bucket:
            continue
        members = order[start: start + size]
        for x, y in combinations(members.tolist(), 2):
            di, dj = int(docs_arr[x]), int(docs_arr[y])
            if di == dj:
                continue
            if di > dj:
                x, y, di, dj = y, x, dj, di
            key = (di, dj, int(sents_arr[x]), int(sents_arr[y]))
            if key not in seen:
                seen.add(key)
                pairs[(di, dj)].add((key[2], key[3]))
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


def _lsh_candidates(keys, content, num_perm: int, bands: int, seed: int, max_bucket: int):
    """Candidate sentence pairs by MinHash LSH: signatures from ``datasketch``, banding by
    sorting (a numpy array of band keys per band) rather than ``MinHashLSH``'s dictionaries,
    which need several gigabytes at a million sentences."""
    import numpy as np
    from datasketch import MinHash

    pairs: dict[tuple[int, int], set[tuple[int, int]]] = defaultdict(set)
    if not keys:
        return pairs
    rows = num_perm // bands
    signatures = np.empty((len(keys), rows * bands), dtype=np.uint64)
    batch = 20000
    for lo in range(0, len(keys), batch):
        sets = [[w.encode("utf-8") for w in content[k]] for k in keys[lo: lo + batch]]
        for i, mh in enumerate(MinHash.bulk(sets, num_perm=num_perm, seed=seed)):
            signatures[lo + i] = mh.hashvalues[: rows * bands]
    docs = np.fromiter((k[0] for k in keys), dtype=np.int64, count=len(keys))
    mult = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                     0x27D4EB2F165667C5][:rows], dtype=np.uint64)
    for band in range(bands):
        block = signatures[:, band * rows: (band + 1) * rows]
        with np.errstate(over="ignore"):
            code = (block * mult[: block.shape[1]]).sum(axis=1, dtype=np.uint64)
        order = np.argsort(code, kind="stable")
        ordered = code[order]
        cut = np.flatnonzero(np.diff(ordered)) + 1
        starts = np.concatenate(([0], cut))
        sizes = np.diff(np.concatenate((starts, [len(ordered)])))
        for start, size in zip(starts[sizes > 1], sizes[sizes > 1], strict=True):
            if size > max_bucket:
                continue
            members = order[start: start + size]
            if np.unique(docs[members]).size < 2:
                continue
            for x, y in combinations(sorted(members.tolist()), 2):
                (di, si), (dj, sj) = keys[x], keys[y]
                if di != dj:
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
    """Per article: share of its body inside shared passages, and the outlets it shares with."""
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
        covered = [False] * len(body)
        for s, e in spans.get(article_id, []):
            covered[s:e] = [True] * (e - s)
        share = sum(covered) / len(body) if body else 0.0
        records.append({"article_id": article_id, "outlet": outlet,
                        "reused_share": round(share, 3),
                        "passages": len(spans.get(article_id, [])),
                        "shared_with": ", ".join(sorted(partners.get(article_id, set())))})
    return pd.DataFrame.from_records(records)
