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
   Sentences that share a run of five words (hashed word 5-grams, grouped by sorting) are
   candidates too, so verbatim and near copies do not depend on chance, provided their
   articles share at least two such runs (passim's *min-match*: a single shared run is
   mostly a formula, a speech verb and a name, and at scale such formulas would make most
   pairs of articles candidates; a copied passage of six words or more gives two runs).
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

Corpus statistics (topical words, frequent 3-grams) come from a sample of articles chosen by a
seeded hash of ``article_id`` (:func:`pick_sample`), not by row position, so the result does
not depend on the order of the rows. The steps are split into per-batch pieces
(:func:`sentence_signatures`, :func:`shingle_keys`, :func:`pair_records`, :func:`needle_hits`...)
that :mod:`nkcorpus.reuse_scale` runs out of core on a partitioned dataset, with the same result.

Shares: :func:`reuse_summary` counts each character of an article once, however many
passages cover it (:func:`union_spans`); per-pair figures (:func:`pair_shares`) do the same
within each pair, so an article's row in the pair matrix sums to *at least* its
``reused_share``: more when one stretch of text is shared with several partners.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, combinations, compress

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
_WORD_SPLIT = re.compile(r"(\w+)")


@dataclass(frozen=True)
class _Doc:
    # The out-of-core alignment (nkcorpus.reuse_scale._load_docs) fills the last four fields
    # with objects indexed the same way: tokens made when sliced, numpy offsets and an
    # (n, 2) numpy array of sentence ranges.
    article_id: str
    outlet: str
    tokens: list[str]
    starts: list[int]
    ends: list[int]
    sentences: list[tuple[int, int]]  # token index ranges


def _words(body: str) -> tuple[list[str], list[int], list[int], list[tuple[int, int]]]:
    r"""The ``\w+`` runs of ``body`` (as written), their start and end offsets, and each
    sentence's token index range (sentences without a word left out).

    One ``re.split`` over the whole body finds the words and ``accumulate`` their offsets, in
    C; sentences are then token ranges found by bisection. This equals tokenising sentence by
    sentence because no word crosses a sentence boundary: between two sentences of
    :func:`nkcorpus.text.split_sentences` there is only whitespace, and the text around
    them is whitespace or a paragraph break (the property tests check it). Words outside
    every sentence, which that splitter never leaves, would be dropped, as before.
    """
    pieces = _WORD_SPLIT.split(body)
    words = pieces[1::2]
    bounds = list(accumulate(map(len, pieces)))
    starts, ends = bounds[0:-1:2], bounds[1::2]
    sentences = []
    offset = 0
    for para in body.split("\n\n"):
        for s, e in split_sentences(para):
            lo = bisect_left(starts, offset + s)
            hi = bisect_left(starts, offset + e, lo)
            if hi > lo:
                sentences.append((lo, hi))
        offset += len(para) + 2
    if sum(hi - lo for lo, hi in sentences) != len(words):
        # a word outside every sentence (a sentence splitter that leaves text out): keep
        # only the sentences' words, as a sentence-by-sentence tokeniser would
        keep = [i for lo, hi in sentences for i in range(lo, hi)]
        words, starts, ends = ([x[i] for i in keep] for x in (words, starts, ends))
        renumbered, n = [], 0
        for lo, hi in sentences:
            renumbered.append((n, n + hi - lo))
            n += hi - lo
        sentences = renumbered
    return words, starts, ends, sentences


def _tokenise(article_id: str, outlet: str, body: str) -> _Doc:
    words, starts, ends, sentences = _words(body)
    return _Doc(article_id, outlet, list(map(str.lower, words)), starts, ends, sentences)


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


def common_mask(doc: _Doc, lex: Lexicon) -> list[bool]:
    """True for the tokens of ``doc`` inside one of ``lex``'s common phrases."""
    index, phrases = lex.index, lex.phrases
    toks = doc.tokens
    mask = [False] * len(toks)
    # only the positions of tokens that begin some phrase are looked at (found in C)
    for i in compress(range(len(toks)), map(index.__contains__, toks)):
        for n in index[toks[i]]:
            if tuple(toks[i: i + n]) in phrases:
                mask[i: i + n] = [True] * len(mask[i: i + n])
    return mask


def _token_ids(body: str, vocab: dict[str, int]):
    r"""Token ids (numpy int32) and sentence token ranges of one body, same tokens as
    :func:`_tokenise` (lower-cased ``\w+`` runs within each sentence)."""
    import numpy as np

    words, _, _, sentences = _words(body)
    words = list(map(str.lower, words))
    # look every word up in C (map); only new words take the Python path, numbered in order
    # of first appearance
    found = list(map(vocab.get, words))
    if None in found:
        setdefault = vocab.setdefault
        for i, word in enumerate(words):
            if found[i] is None:
                found[i] = setdefault(word, len(vocab))
    return np.array(found, dtype=np.int32), sentences


def word_signatures(words: list[str], num_perm: int, seed: int):
    """MinHash value of each single word, from ``datasketch`` (its hash function, scheme and
    permutations). The signature of a set is the element-wise minimum of its words' rows,
    exactly what ``datasketch.MinHash.update_batch`` computes (a test checks it).

    The permutations are applied to all words at once with numpy (``datasketch``'s own
    arithmetic, vectorised): a MinHash object per word cost most of the time at scale.
    """
    import numpy as np
    from datasketch import MinHash

    base = MinHash(num_perm=num_perm, seed=seed)
    try:
        from datasketch.minhash import (
            _SCHEME_LEGACY,
            _SCHEME_WIDTHS,
            _fmix,
            _max_hash,
            _mersenne_prime,
        )
    except ImportError:  # another datasketch layout: one MinHash per word (same values)
        return _word_signatures_slow(words, num_perm, seed, base)
    a, b = base.permutations
    hv = base._hash_input_array([base.hashfunc(w.encode("utf-8")) for w in words])
    if base.scheme == _SCHEME_LEGACY:
        hv = hv.astype(np.uint64)
        with np.errstate(over="ignore"):
            phv = np.bitwise_and((hv[:, None] * a[None, :] + b[None, :]) % _mersenne_prime,
                                 _max_hash)
    else:
        hv = _fmix(hv, _SCHEME_WIDTHS[base.scheme])
        with np.errstate(over="ignore"):
            phv = hv[:, None] * a[None, :] + b[None, :]
    return np.minimum(phv, base.hashvalues[None, :]).astype(base.hashvalues.dtype)


def _word_signatures_slow(words: list[str], num_perm: int, seed: int, base):
    import numpy as np
    from datasketch import MinHash

    table = np.empty((len(words), num_perm), dtype=base.hashvalues.dtype)
    for i, word in enumerate(words):
        m = MinHash(num_perm=num_perm, seed=seed, permutations=base.permutations,
                    scheme=base.scheme)
        m.update(word.encode("utf-8"))
        table[i] = m.hashvalues
    return table


def word_hashes(words: list[str]):
    """A 64-bit hash of each word (never 0), independent of any vocabulary's numbering, so
    word k-gram keys computed in different processes agree."""
    import hashlib

    import numpy as np

    out = np.fromiter((int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=8)
                                      .digest(), "little") | 1 for w in words),
                      dtype=np.uint64, count=len(words))
    return out


def sample_rank(article_id: str, seed: int) -> int:
    """Seeded 63-bit rank of an article: the sample is the articles with the smallest ranks,
    whatever the order of the rows."""
    import hashlib

    digest = hashlib.blake2b(article_id.encode("utf-8"), digest_size=8,
                             salt=seed.to_bytes(8, "little", signed=True)).digest()
    return int.from_bytes(digest, "little") >> 1


def pick_sample(article_ids, sample: int, seed: int) -> list[int]:
    """Positions of the ``sample`` articles with the smallest :func:`sample_rank` (ties, which
    need equal ids, broken by position)."""
    import heapq

    ranked = ((sample_rank(a, seed), a, i) for i, a in enumerate(article_ids))
    return sorted(i for _, _, i in heapq.nsmallest(sample, ranked))


@dataclass(frozen=True)
class Lexicon:
    """The corpus-wide word statistics reuse detection needs: common phrases (listed and
    frequent 3-grams), and words excluded from sentence content (stopwords, digits, words of
    common phrases, topical words)."""

    phrases: frozenset
    index: dict  # first token -> phrase lengths
    blocked: frozenset  # topical words and words of common phrases

    def excluded(self, word: str) -> bool:
        return word in STOPWORDS or word in self.blocked or word.isdigit()


def corpus_lexicon(n_docs: int, sample_tokens, *, max_df: float, exact_below: int) -> Lexicon:
    """The :class:`Lexicon` of a corpus of ``n_docs`` articles from the token lists of its
    sample (:func:`pick_sample`; ignored under 20 articles). Topical words: in half the sample
    (and, from ``exact_below`` articles, in more than 1 % and 2 of it); frequent 3-grams
    (from 50 articles): in more than ``max_df`` of the sample."""
    phrases = set(listed_common_phrases())
    topical: set[str] = set()
    if n_docs >= 20:
        n = 0
        df: Counter = Counter()
        grams: Counter = Counter()
        for toks in sample_tokens:
            n += 1
            df.update(set(toks))
            grams.update({tuple(toks[j: j + 3]) for j in range(len(toks) - 2)})
        # Words in most articles (the war's place names in a war corpus) say nothing about
        # reuse; at scale, words in more than 1% of articles make random sentences collide.
        topical = {w for w, c in df.items()
                   if c >= 0.5 * n or (n_docs >= exact_below and c > 0.01 * n and c > 2)}
        if n_docs >= 50:
            phrases.update(g for g, c in grams.items() if c > max(2, max_df * n))
    index: dict[str, list[int]] = defaultdict(list)
    for p in phrases:
        if len(p) not in index[p[0]]:
            index[p[0]].append(len(p))
    named = {t for p in phrases for t in p}
    return Lexicon(frozenset(phrases), dict(index), frozenset(topical | named))


def find_reuse(articles: pd.DataFrame, *, min_tokens: int = 6, max_gap: int = 4,
               min_similarity: float = 0.6, paraphrase: float = 0.25,
               lsh_threshold: float = 0.3, num_perm: int = 96, bands: int = 32,
               max_df: float = 0.02, sample: int = 2000, max_bucket: int = 100,
               exact_below: int = 100, shingle: int = 5, min_shared: int = 2, seed: int = 1,
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
    ``shingle``/``min_shared``: sentences sharing a run of ``shingle`` words (not all
    stopwords) are always candidates, whatever the sampling above, when their articles share
    at least ``min_shared`` distinct such runs: verbatim copies of ``shingle + 1`` words or
    more are never missed by chance, and a single shared formula (a speech verb and a name)
    does not make two articles a candidate pair (passim's *min-match*).
    ``max_df``/``sample``: in corpora of 50+ articles, word 3-grams found in more than
    ``max_df`` of a seeded sample of ``sample`` articles count as common phrases. The sample
    (also used for topical words) is the ``sample`` articles with the smallest seeded hash of
    ``article_id`` (:func:`pick_sample`), so it does not depend on the order of the rows.
    ``boilerplate``: keep passages judged to be an outlet's boilerplate (step 5 of the
    module docstring), with ``kind == "boilerplate"``; by default they are dropped.
    Rows are sorted by article pair and position; ``article_a`` comes first in the table.
    :func:`nkcorpus.reuse_scale.find_reuse_dataset` gives the same rows out of core.
    """
    import numpy as np

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
    picked = pick_sample(ids_list, sample, seed) if n_docs >= 20 else []
    lex = corpus_lexicon(n_docs, ([words[x] for x in doc_ids[i].tolist()] for i in picked),
                         max_df=max_df, exact_below=exact_below)
    stop = np.array([w in STOPWORDS for w in words], dtype=bool)
    excluded = np.array([lex.excluded(w) for w in words], dtype=bool)

    # 1. candidates: sentences with similar content words, and sentences sharing a word run
    if n_docs < exact_below:
        content = {(di, si): set(doc_ids[di][a:b][~excluded[doc_ids[di][a:b]]].tolist())
                   for di in range(n_docs) for si, (a, b) in enumerate(doc_sents[di])}
        keys = [k for k, v in content.items() if len(v) >= 3]
        sentence_pairs = _exact_candidates(keys, content, lsh_threshold / 2)
    else:
        sentence_pairs = _lsh_candidates(doc_ids, doc_sents, excluded, words, num_perm, bands,
                                         seed, max_bucket, paraphrase)
    for pair, found in _shingle_candidates(doc_ids, doc_sents, stop, word_hashes(words),
                                           shingle, max_bucket, min_shared).items():
        sentence_pairs[pair] |= found

    # 2.-3. align around candidate sentences, then look for paraphrased sentences
    needed = sorted({d for pair in sentence_pairs for d in pair})
    docs = {d: _tokenise(ids_list[d], outlets[d], bodies[d]) for d in needed}
    masks: dict[int, list[bool]] = {}  # each article's mask, computed once
    records = []
    for (di, dj), pairs in sorted(sentence_pairs.items()):
        if di not in masks:
            masks[di] = common_mask(docs[di], lex)
        records.extend(pair_records(docs[di], docs[dj], pairs, lex, min_tokens=min_tokens,
                                    max_gap=max_gap, min_similarity=min_similarity,
                                    paraphrase=paraphrase, mask=masks[di]))
    out = records_frame(records, articles)
    if len(out):
        flags = footer_flags(out, articles)
        rest = out[~flags]
        hits = needle_hits(boilerplate_needles(rest), ids_list, outlets, bodies)
        flags |= third_article_flags(out, hits)
        out.loc[flags, "kind"] = "boilerplate"
        if not boilerplate:
            out = out[~flags]
    return out.sort_values(["article_a", "article_b", "start_a"]).reset_index(drop=True)


def content_words(doc: _Doc, si: int, lex: Lexicon) -> set[str]:
    """Content words of sentence ``si`` of ``doc``: its words that ``lex`` does not exclude."""
    a, b = doc.sentences[si]
    # Lexicon.excluded, with the two set tests done as set differences (in C)
    return {t for t in set(doc.tokens[a:b]) - STOPWORDS - lex.blocked if not t.isdigit()}


def similar_enough(x: set, y: set, min_jaccard: float) -> bool:
    """The test an LSH candidate pair of sentences must pass: at least three shared content
    words and a Jaccard similarity of at least ``min_jaccard``."""
    inter = len(x & y)
    return inter >= 3 and inter / (len(x) + len(y) - inter) >= min_jaccard


def pair_records(a: _Doc, b: _Doc, pairs, lex: Lexicon, *, min_tokens: int, max_gap: int,
                 min_similarity: float, paraphrase: float,
                 mask: list[bool] | None = None) -> list[dict]:
    """Passages (rows without text) shared by articles ``a`` and ``b`` around their candidate
    sentence pairs ``pairs`` ((sentence of a, sentence of b)): aligned verbatim and near
    passages, then paraphrased sentences no passage covers (module docstring, steps 2-4).
    ``mask``: ``a``'s common-phrase mask (:func:`common_mask`), when the caller keeps it
    for the many pairs ``a`` is in; computed here otherwise."""
    from rapidfuzz.distance import Indel

    if mask is None:
        mask = common_mask(a, lex)
    records = []
    covered_a, covered_b = [False] * len(a.tokens), [False] * len(b.tokens)
    for (sa, ea), (sb, eb) in _windows(a, b, pairs):
        for passage in _aligned_passages(a.tokens[sa:ea], b.tokens[sb:eb], Indel,
                                         max_gap, min_similarity):
            (pa, qa), (pb, qb), matched, sim, runs = passage
            pa, qa, pb, qb = pa + sa, qa + sa, pb + sb, qb + sb
            if any(covered_a[pa:qa]):
                continue  # already found from an overlapping window
            own = sum(1 for i in matched if not mask[sa + i])
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
        x, y = content_words(a, si, lex), content_words(b, sj, lex)
        if len(x) < 3 or len(y) < 3:
            continue
        shared = x & y
        jaccard = len(shared) / len(x | y)
        if jaccard >= paraphrase and len(shared) >= 4:
            records.append(_row(a, b, sa, ea, sb, eb, "paraphrase", jaccard, len(shared)))
    return records


def records_frame(records: list[dict], articles: pd.DataFrame) -> pd.DataFrame:
    """Rows of :func:`pair_records` as a REUSE_COLUMNS table with each passage's text
    (``articles`` needs at least the two articles of every row)."""
    out = pd.DataFrame.from_records(records, columns=REUSE_COLUMNS)
    out["similarity"] = out["similarity"].astype(float).round(3)
    return attach_text(out, articles) if len(out) else out


def _squash(text: str) -> str:
    return " ".join(_TOKEN.findall(text.lower()))


def footer_flags(reuse: pd.DataFrame, articles: pd.DataFrame) -> pd.Series:
    """True for same-outlet passages that close both articles without covering most of either
    (an uncut footer: module docstring, step 5)."""
    bodies = dict(zip(articles["article_id"], articles["body"], strict=True))
    flags = []
    for row in reuse.itertuples(index=False):
        if not row.same_outlet:
            flags.append(False)
            continue
        tail_a, tail_b = bodies[row.article_a].rstrip(), bodies[row.article_b].rstrip()
        flags.append(bool(row.end_a >= len(tail_a.rstrip(" .!?\"”’)")) and
                          row.end_b >= len(tail_b.rstrip(" .!?\"”’)")) and
                          row.start_a > 0.25 * len(tail_a) and row.start_b > 0.25 * len(tail_b)))
    return pd.Series(flags, index=reuse.index, dtype=bool)


def boilerplate_needles(reuse: pd.DataFrame) -> dict[str, set[str]]:
    """Per outlet, the squashed text (lower-case words joined by single spaces) of its
    same-outlet passages: what :func:`needle_hits` looks for in the outlet's articles."""
    needles: dict[str, set[str]] = defaultdict(set)
    for outlet, same, passage in zip(reuse["outlet_a"], reuse["same_outlet"], reuse["passage"],
                                     strict=True):
        if same:
            needles[outlet].add(_squash(passage))
    return dict(needles)


def needle_automata(needles: dict[str, set[str]]) -> dict:
    """One Aho-Corasick automaton per outlet over its needles (:func:`boilerplate_needles`),
    for :func:`needle_hits`; build it once when searching many slices of a corpus."""
    import ahocorasick

    automata = {}
    for outlet, texts in needles.items():
        if not outlet or not texts:
            continue
        auto = ahocorasick.Automaton()
        for text in texts:
            if text:
                auto.add_word(text, text)
        auto.make_automaton()
        automata[outlet] = auto
    return automata


def needle_hits(needles: dict[str, set[str]], article_ids, outlets, bodies,
                cap: int = 3, *, automata: dict | None = None) -> dict[tuple[str, str], set[str]]:
    """Which articles of each outlet contain each of its needles (substrings of the squashed
    body, found in one pass per article with an Aho-Corasick automaton): ``(outlet, needle)
    -> up to cap article ids``. Three are enough to know a passage stands in a third article.
    Works on any slice of the corpus; merge slices with :func:`merge_hits`. ``automata``:
    :func:`needle_automata` of ``needles``, when the caller has built them already."""
    if automata is None:
        automata = needle_automata(needles)
    hits: dict[tuple[str, str], set[str]] = defaultdict(set)
    for article_id, outlet, body in zip(article_ids, outlets, bodies, strict=True):
        auto = automata.get(outlet) if outlet else None
        if auto is None:
            continue
        for _, text in auto.iter(_squash(body)):
            found = hits[(outlet, text)]
            if len(found) < cap:
                found.add(article_id)
    return dict(hits)


def merge_hits(parts, cap: int = 3) -> dict[tuple[str, str], set[str]]:
    """Union of :func:`needle_hits` results of several slices of the corpus."""
    merged: dict[tuple[str, str], set[str]] = defaultdict(set)
    for part in parts:
        for key, found in part.items():
            room = cap - len(merged[key])
            if room > 0:
                merged[key].update(sorted(found - merged[key])[:room])
    return dict(merged)


def third_article_flags(reuse: pd.DataFrame, hits: dict) -> pd.Series:
    """True for same-outlet passages that also stand in a third article of the outlet."""
    flags = []
    for row in reuse.itertuples(index=False):
        found = hits.get((row.outlet_a, _squash(row.passage)), ()) if row.same_outlet else ()
        flags.append(any(x not in (row.article_a, row.article_b) for x in found))
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


def shingle_keys(doc_ids: list, doc_sents: list, stop, hashes, k: int):
    """Word ``k``-gram keys of a batch of articles: ``(code, doc, sentence)`` numpy arrays, one
    entry per run of ``k`` words inside one article that is not all stopwords. ``doc_ids``:
    each article's token ids; ``stop``/``hashes``: per token id, stopword flag and
    :func:`word_hashes` value, so codes do not depend on the ids (nor on the batch)."""
    import numpy as np

    empty = (np.zeros(0, np.uint64), np.zeros(0, np.int32), np.zeros(0, np.int32))
    lengths = [len(t) + 1 for t in doc_ids]
    total = sum(lengths)
    if total <= k:
        return empty
    tok = np.zeros(total, dtype=np.uint64)  # word hash (never 0); 0 separates articles
    is_stop = np.ones(total, dtype=bool)
    doc = np.empty(total, dtype=np.int32)
    sent = np.full(total, -1, dtype=np.int32)
    pos = 0
    for di, t in enumerate(doc_ids):
        tok[pos: pos + len(t)] = hashes[t]
        is_stop[pos: pos + len(t)] = stop[t]
        doc[pos: pos + len(t) + 1] = di
        for si, (a, b) in enumerate(doc_sents[di]):
            sent[pos + a: pos + b] = si
        pos += len(t) + 1
    n = total - k + 1
    code = np.zeros(n, dtype=np.uint64)
    valid = np.ones(n, dtype=bool)
    informative = np.zeros(n, dtype=bool)
    with np.errstate(over="ignore"):
        for j in range(k):
            window = tok[j: j + n]
            code *= np.uint64(1000003)
            code += window
            valid &= window != 0
            informative |= ~is_stop[j: j + n]
    keep = np.flatnonzero(valid & informative)
    return code[keep], doc[keep], sent[keep]


def _groups(code, max_bucket: int):
    """Positions grouped by equal ``code``: ``(order, starts, sizes)`` of the groups of 2 to
    ``max_bucket`` members (larger groups are boilerplate repeated across a corpus)."""
    import numpy as np

    order = np.argsort(code, kind="stable")
    ordered = code[order]
    cut = np.flatnonzero(np.diff(ordered)) + 1
    starts = np.concatenate(([0], cut))
    sizes = np.diff(np.concatenate((starts, [len(ordered)])))
    multi = (sizes > 1) & (sizes <= max_bucket)
    return order, starts[multi], sizes[multi]


def _shingle_candidates(doc_ids: list, doc_sents: list, stop, hashes, k: int, max_bucket: int,
                        min_shared: int = 2):
    """Sentence pairs that share a run of ``k`` words (not all stopwords): word k-gram keys
    (:func:`shingle_keys`) grouped by sorting (exact). Only pairs of articles that share at
    least ``min_shared`` distinct runs count (passim's *min-match*): one shared run is
    mostly a formula ("kata Menteri Luar Negeri Rusia Sergei Lavrov"), while a copied
    passage of ``k + 1`` words or more already gives two."""
    import numpy as np

    pairs: dict[tuple[int, int], set[tuple[int, int]]] = defaultdict(set)
    shared: dict[tuple[int, int], set[int]] = defaultdict(set)
    code, doc, sent = shingle_keys(doc_ids, doc_sents, stop, hashes, k)
    if not len(code):
        return pairs
    order, starts, sizes = _groups(code, max_bucket)
    for start, size in zip(starts, sizes, strict=True):
        members = order[start: start + size]
        if np.unique(doc[members]).size < 2:
            continue
        key = int(code[members[0]])
        for x, y in combinations(members.tolist(), 2):
            di, dj = int(doc[x]), int(doc[y])
            if di == dj:
                continue
            if di > dj:
                x, y, di, dj = y, x, dj, di
            pairs[(di, dj)].add((int(sent[x]), int(sent[y])))
            shared[(di, dj)].add(key)
    return defaultdict(set, {pair: found for pair, found in pairs.items()
                             if len(shared[pair]) >= min_shared})


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


def sentence_signatures(doc_ids, doc_sents, excluded, words, num_perm: int, bands: int,
                        seed: int):
    """MinHash signatures of the sentences with at least three distinct content words:
    ``(sent_doc, sent_num, flat_ids, starts, signatures)``: each signed sentence's article and
    sentence number, its content word ids (``flat_ids[starts[i]:starts[i+1]]``) and its
    signature (the first ``bands * (num_perm // bands)`` values). ``excluded``: per token id."""
    import numpy as np

    rows = num_perm // bands
    lengths = [b - a for sents in doc_sents for a, b in sents]
    if not lengths:
        return [], [], np.zeros(0, np.int64), np.zeros(1, np.int64), \
            np.zeros((0, rows * bands), np.uint64)
    # every sentence's distinct content words, sorted, in one numpy pass (sentences cover
    # each article's tokens in order): unique (sentence, word id) keys
    all_toks = np.concatenate(doc_ids).astype(np.int64)
    owner = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    keep = ~excluded[all_toks]
    width = np.int64(len(words) + 1)
    keys = np.unique(owner[keep] * width + all_toks[keep])
    own, ids = keys // width, keys % width
    counts = np.bincount(own, minlength=len(lengths))
    signed = counts >= 3
    take = signed[own]
    flat_ids, owners = ids[take], own[take]
    sent_doc_all = np.repeat(np.arange(len(doc_sents)), [len(s) for s in doc_sents])
    sent_num_all = np.concatenate([np.arange(len(s)) for s in doc_sents])
    sent_doc = sent_doc_all[signed].tolist()
    sent_num = sent_num_all[signed].tolist()
    if not sent_doc:
        return [], [], np.zeros(0, np.int64), np.zeros(1, np.int64), \
            np.zeros((0, rows * bands), np.uint64)
    used = np.unique(flat_ids)
    table = word_signatures([words[i] for i in used], num_perm, seed)
    row_of = np.full(len(words), -1, dtype=np.int64)
    row_of[used] = np.arange(used.size)
    n_sent = len(sent_doc)
    signatures = np.empty((n_sent, rows * bands), dtype=table.dtype)
    starts = np.concatenate(([0], np.cumsum(counts[signed])))
    del owners
    chunk = 20000
    for lo in range(0, n_sent, chunk):
        hi = min(n_sent, lo + chunk)
        a, b = starts[lo], starts[hi]
        gathered = table[row_of[flat_ids[a:b]], : rows * bands]
        signatures[lo:hi] = np.minimum.reduceat(gathered, starts[lo:hi] - a, axis=0)
    return sent_doc, sent_num, flat_ids, starts, signatures


def band_codes(signatures, band: int, rows: int):
    """One 64-bit key per sentence for band ``band`` (its ``rows`` signature values)."""
    import numpy as np

    mult = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                     0x27D4EB2F165667C5][:rows], dtype=np.uint64)
    block = signatures[:, band * rows: (band + 1) * rows].astype(np.uint64)
    with np.errstate(over="ignore"):
        return (block * mult).sum(axis=1, dtype=np.uint64)


def _lsh_candidates(doc_ids, doc_sents, excluded, words, num_perm: int, bands: int, seed: int,
                    max_bucket: int, min_jaccard: float):
    """Candidate sentence pairs by MinHash LSH: per-word signatures from ``datasketch``,
    sentence signatures as element-wise minima, banding by sorting numpy band keys. Pairs
    that meet in a bucket are kept only if their content words really pass
    :func:`similar_enough` (LSH only proposes; the sets decide)."""
    import numpy as np

    pairs: dict[tuple[int, int], set[tuple[int, int]]] = defaultdict(set)
    sent_doc, sent_num, flat_ids, starts, signatures = sentence_signatures(
        doc_ids, doc_sents, excluded, words, num_perm, bands, seed)
    if not sent_doc:
        return pairs
    sent_doc_arr = np.array(sent_doc, dtype=np.int64)
    rows = num_perm // bands
    for band in range(bands):
        order, group_starts, sizes = _groups(band_codes(signatures, band, rows), max_bucket)
        for start, size in zip(group_starts, sizes, strict=True):
            members = order[start: start + size]
            if np.unique(sent_doc_arr[members]).size < 2:
                continue
            for x, y in combinations(sorted(members.tolist()), 2):
                di, dj = sent_doc[x], sent_doc[y]
                if di == dj:
                    continue
                wx = set(flat_ids[starts[x]: starts[x + 1]].tolist())
                wy = set(flat_ids[starts[y]: starts[y + 1]].tolist())
                if not similar_enough(wx, wy, min_jaccard):
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
            "passage": "", "passage_b": "", "start_a": int(a.starts[sa]),
            "end_a": int(a.ends[ea - 1]), "start_b": int(b.starts[sb]),
            "end_b": int(b.ends[eb - 1])}


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
