"""Text reuse out of core: :func:`nkcorpus.reuse.find_reuse` on a partitioned dataset.

:func:`find_reuse_dataset` reads ``DATASET/articles/`` (hive-partitioned Parquet, only the
columns it needs) and writes ``DATASET/reuse/part-*.parquet`` (``REUSE_COLUMNS``), with the same
rows as ``find_reuse`` on the article table sorted by ``source_file`` (the local build's order;
``article_a`` is the article that comes first in that order). It runs in stages, each on Dask
workers when a ``distributed.Client`` is given (else one after the other in this process), and
keeps scratch files under ``DATASET/_work/reuse/``:

1. *Keys and sample.* DuckDB numbers the articles in ``source_file`` order (a small integer
   key per article, written per partition). The sample for topical words and common 3-grams
   is the ``sample`` articles with the smallest seeded hash of ``article_id``
   (:func:`nkcorpus.reuse.pick_sample`, as in memory); only those bodies are read to build the
   corpus :class:`~nkcorpus.reuse.Lexicon`.
2. *Signatures.* Per partition (in batches of ``batch_rows`` articles): tokens, MinHash band
   keys of sentences and word 5-gram keys, written as Parquet (band, key, article key,
   sentence number, partition), split into hash buckets of the keys.
3. *Candidates.* Per hash bucket, a DuckDB join of equal keys (buckets of more than
   ``max_bucket`` sentences skipped, like in memory) gives candidate sentence pairs; the
   distinct 5-gram keys each pair of articles shares are counted too, for the
   ``min_shared`` rule. LSH pairs that cannot pass the content-word test are dropped in
   the join (16-bit word hashes travel with the band keys); the rest are verified on
   their words, as in memory. DuckDB spills to ``_work`` beyond ``memory_limit``.
4. *Alignment.* A pair is aligned in the partition of its first article (its home). The
   articles the verified pairs need are tokenised once, per partition, with their
   common-phrase masks, and each home gets the ones its pairs need (``inbox/``): a shuffle,
   so that the data read grows with the pairs and not with the number of partitions
   squared. Then per home, its pairs are aligned with the in-memory code
   (:func:`nkcorpus.reuse.pair_records`).
5. *Outlet boilerplate.* Same-outlet passages are looked for in every article of their
   outlet, partition by partition (an Aho-Corasick pass per article,
   :func:`nkcorpus.reuse.needle_hits`); the flags are then applied and the result written.

Memory is bounded by the partition (and batch) size: no process holds the corpus. Corpora
under ``exact_below`` articles are small by definition and go through ``find_reuse`` directly.
"""

from __future__ import annotations

import heapq
import shutil
import uuid
from collections import defaultdict
from pathlib import Path

import pandas as pd

from .reuse import (
    REUSE_COLUMNS,
    STOPWORDS,
    Lexicon,
    _Doc,
    _token_ids,
    _tokenise,
    band_codes,
    boilerplate_needles,
    common_mask,
    corpus_lexicon,
    find_reuse,
    footer_flags,
    merge_hits,
    needle_automata,
    needle_hits,
    pair_records,
    records_frame,
    sample_rank,
    sentence_signatures,
    shingle_keys,
    third_article_flags,
    word_hashes,
)

_EMPTY_TYPES = {"article_a": "object", "article_b": "object", "outlet_a": "object",
                "outlet_b": "object", "same_outlet": "bool", "kind": "object",
                "similarity": "float64", "n_tokens": "int64", "passage": "object",
                "passage_b": "object", "start_a": "int64", "end_a": "int64",
                "start_b": "int64", "end_b": "int64"}


def find_reuse_dataset(dataset, *, client=None, min_tokens: int = 6, max_gap: int = 4,
                       min_similarity: float = 0.6, paraphrase: float = 0.25,
                       lsh_threshold: float = 0.3, num_perm: int = 96, bands: int = 32,
                       max_df: float = 0.02, sample: int = 2000, max_bucket: int = 100,
                       exact_below: int = 100, shingle: int = 5, min_shared: int = 2,
                       seed: int = 1, boilerplate: bool = False, batch_rows: int = 20000,
                       memory_limit: str = "2GB", keep_work: bool = False) -> Path:
    """Write ``dataset/reuse/part-*.parquet``: the passages :func:`find_reuse` finds, out of core.

    ``dataset``: a dataset folder with ``articles/`` (see the module docstring).
    ``client``: a ``distributed.Client`` to run the stages on its workers; ``None`` runs
    them in this process. The other keyword arguments are ``find_reuse``'s, with the same
    meaning and defaults; ``batch_rows``: articles tokenised at once in a worker;
    ``memory_limit``: DuckDB's memory limit per process before it spills to
    ``dataset/_work``; ``keep_work``: keep the scratch files (else deleted at the end).
    Returns the ``reuse`` folder. The folder is replaced atomically (written beside it, then
    renamed), so a failure leaves the previous result in place.
    Raises ``FileNotFoundError`` when ``dataset/articles`` holds no Parquet file.
    """
    import pyarrow.parquet as pq

    from .tables import partition_files

    dataset = Path(dataset)
    files = [str(p) for p in partition_files(dataset)]  # FileNotFoundError when none
    params = dict(min_tokens=min_tokens, max_gap=max_gap, min_similarity=min_similarity,
                  paraphrase=paraphrase)
    work = dataset / "_work" / "reuse"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        n_docs = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
        if n_docs < exact_below:
            articles = pd.concat([_read(f, ["article_id", "source_file", "outlet", "body"])
                                  for f in files], ignore_index=True)
            articles = articles.sort_values(["source_file", "article_id"], ignore_index=True)
            out = find_reuse(articles, lsh_threshold=lsh_threshold, num_perm=num_perm,
                             bands=bands, max_df=max_df, sample=sample, max_bucket=max_bucket,
                             exact_below=exact_below, shingle=shingle,
                             min_shared=min_shared, seed=seed,
                             boilerplate=boilerplate, **params)
            return _publish(dataset, [out])
        _article_keys(files, work, memory_limit)
        # 1. the corpus-wide sample and its lexicon
        picked = []
        if n_docs >= 20:
            parts = _map(client, _smallest_ranks, files, sample=sample, seed=seed)
            picked = [a for _, a in heapq.nsmallest(sample, (x for p in parts for x in p))]
        tokens = _map(client, _sample_tokens, files, ids=set(picked))
        lex = corpus_lexicon(n_docs, (t for part in tokens for t in part), max_df=max_df,
                             exact_below=exact_below)
        # 2. band and shingle keys per partition
        n_radix = max(1, min(256, -(-n_docs // 20000)))
        _map(client, _partition_keys, list(enumerate(files)), work=str(work), lex=lex,
             num_perm=num_perm, bands=bands, seed=seed, shingle=shingle,
             batch_rows=batch_rows, n_radix=n_radix)
        # 3. candidate sentence pairs per hash bucket
        threads = 1 if client is not None else 2
        _map(client, _bucket_candidates, list(range(n_radix)), work=str(work),
             max_bucket=max_bucket, min_jaccard=paraphrase, memory_limit=memory_limit,
             threads=threads)
        _verify_candidates(work, paraphrase, min_shared, memory_limit)
        # 4. alignment: every needed article tokenised once (per partition) and sent to the
        # partitions whose pairs need it, then each partition's pairs aligned
        needs, homes = _plan_alignment(work, memory_limit)
        _map(client, _doc_store, [(p, files[p]) for p in needs], work=str(work), lex=lex)
        found = _map(client, _align_part, homes, work=str(work), lex=lex, params=params)
        needles: dict[str, set[str]] = defaultdict(set)
        for part in found:
            for outlet, texts in part.items():
                needles[outlet] |= texts
        # 5. outlet boilerplate: the passages in third articles of the outlet
        hits = {}
        if needles:
            hits = merge_hits(_map(client, _needle_part, files, needles=dict(needles),
                                   batch_rows=batch_rows, run=uuid.uuid4().hex))
            _forget_automata()
            if client is not None:
                client.run(_forget_automata)  # the workers' copies too
        frames = (_apply_flags(path, hits, boilerplate)
                  for path in sorted((work / "rows").glob("*.parquet")))
        return _publish(dataset, frames)
    finally:
        if not keep_work:
            shutil.rmtree(work, ignore_errors=True)


def _map(client, fn, items, **kwargs) -> list:
    """``fn(item, **kwargs)`` for every item: on the client's workers, or here in order."""
    if client is None:
        return [fn(item, **kwargs) for item in items]
    # The function and its shared arguments (the lexicon, the needles...) travel to each
    # worker once, scattered, rather than once per task.
    [packed] = client.scatter([(fn, kwargs)], broadcast=True, hash=False)
    futures = client.map(_call, items, [packed] * len(items), pure=False)
    return client.gather(futures)


def _call(item, packed):
    fn, kwargs = packed
    return fn(item, **kwargs)


def _read(path: str, columns: list[str], ids=None) -> pd.DataFrame:
    import pyarrow.parquet as pq

    filters = [("article_id", "in", sorted(ids))] if ids is not None else None
    return pq.read_table(path, columns=columns, filters=filters,
                         partitioning=None).to_pandas()


def _connect(memory_limit: str, temp: Path, threads: int = 1):
    import duckdb

    temp.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute(f"SET temp_directory = '{temp}'")
    con.execute(f"SET threads = {int(threads)}")
    con.execute("SET enable_progress_bar = false")  # workers have no terminal to draw on
    con.execute("SET preserve_insertion_order = false")
    return con


def _article_keys(files: list[str], work: Path, memory_limit: str) -> None:
    """Number the articles in ``source_file`` order (ties by ``article_id``): the order of
    the in-memory table, so that ``article_a`` is the same article on both paths."""
    con = _connect(memory_limit, work / "duckdb", threads=2)
    con.register("files", pd.DataFrame({"filename": files, "p": range(len(files))}))
    con.execute(f"""
        COPY (SELECT f.p, a.article_id,
                     (row_number() OVER (ORDER BY a.source_file, a.article_id) - 1)::BIGINT
                         AS doc
              FROM read_parquet({files!r}, filename = true, hive_partitioning = false) a
              JOIN files f USING (filename))
        TO '{work / "keys"}' (FORMAT parquet, PARTITION_BY (p))""")
    con.close()


def _keys(work: Path, p: int) -> dict[str, int]:
    import pyarrow.parquet as pq

    folder = work / "keys" / f"p={p}"
    if not folder.is_dir():
        return {}
    table = pq.read_table(folder, partitioning=None)
    return dict(zip(table["article_id"].to_pylist(), table["doc"].to_pylist(), strict=True))


def _smallest_ranks(path: str, *, sample: int, seed: int) -> list[tuple[int, str]]:
    ids = _read(path, ["article_id"])["article_id"]
    return heapq.nsmallest(sample, ((sample_rank(a, seed), a) for a in ids))


def _sample_tokens(path: str, *, ids: set[str]) -> list[list[str]]:
    if not ids:
        return []
    df = _read(path, ["article_id", "body"], ids)
    return [_tokenise("", "", body).tokens for body in df["body"]]


def _partition_keys(item, *, work: str, lex: Lexicon, num_perm: int, bands: int, seed: int,
                    shingle: int, batch_rows: int, n_radix: int) -> int:
    """Band keys and shingle keys of one partition, written per hash bucket; returns the
    number of articles."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    p, path = item
    work_dir = Path(work)
    keys = _keys(work_dir, p)
    rows = num_perm // bands
    done = 0
    batches = pq.ParquetFile(path).iter_batches(batch_size=batch_rows,
                                                columns=["article_id", "body"])
    for ci, batch in enumerate(batches):
        ids = batch.column("article_id").to_pylist()
        vocab: dict[str, int] = {}
        doc_ids, doc_sents = [], []
        for body in batch.column("body").to_pylist():
            toks, sents = _token_ids(body or "", vocab)
            doc_ids.append(toks)
            doc_sents.append(sents)
        done += len(ids)
        words = list(vocab)
        if not words:
            continue
        gdoc = np.array([keys[a] for a in ids], dtype=np.int64)
        excluded = np.array([lex.excluded(w) for w in words], dtype=bool)
        hashes = word_hashes(words)
        sent_doc, sent_num, flat_ids, starts, sigs = sentence_signatures(
            doc_ids, doc_sents, excluded, words, num_perm, bands, seed)
        if sent_doc:
            # each signed sentence's content words (as word hashes), for verifying LSH pairs
            content_hashes = hashes[flat_ids]
            offsets = pa.array(starts.astype(np.int32))
            sent_gdoc = gdoc[np.array(sent_doc)]
            sent_nums = np.array(sent_num, dtype=np.int32)
            (work_dir / "content").mkdir(exist_ok=True)
            pq.write_table(pa.table({"doc": sent_gdoc, "sent": sent_nums,
                                     "words": pa.ListArray.from_arrays(
                                         offsets, pa.array(content_hashes.view(np.int64)))}),
                           work_dir / "content" / f"{p:05d}-{ci:04d}.parquet")
            n = len(sent_doc)
            code = np.concatenate([band_codes(sigs, band, rows) for band in range(bands)])
            # 16-bit hashes of the content words, repeated in every band row: the bucket join
            # drops the LSH pairs that cannot pass similar_enough before writing them
            short = pa.ListArray.from_arrays(
                offsets, pa.array(((content_hashes >> np.uint64(16)) & np.uint64(0xFFFF))
                                  .astype(np.uint16)))
            columns = {"band": np.repeat(np.arange(bands, dtype=np.int16), n),
                       "code": code.view(np.int64),
                       "doc": np.tile(sent_gdoc, bands),
                       "sent": np.tile(sent_nums, bands),
                       "h": pa.concat_arrays([short] * bands)}
            _write_buckets(work_dir / "bands", f"{p:05d}-{ci:04d}", code, columns, n_radix, p)
        stop = np.array([w in STOPWORDS for w in words], dtype=bool)
        code, doc, sent = shingle_keys(doc_ids, doc_sents, stop, hashes, shingle)
        if len(code):
            columns = {"code": code.view(np.int64), "doc": gdoc[doc], "sent": sent}
            _write_buckets(work_dir / "shingles", f"{p:05d}-{ci:04d}", code, columns,
                           n_radix, p)
        del doc_ids, doc_sents, sigs, code, doc, sent
    return done


def _write_buckets(folder: Path, name: str, code, columns: dict, n_radix: int, p: int) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    radix = (code % np.uint64(n_radix)).astype(np.int32)
    order = np.argsort(radix, kind="stable")
    bounds = np.searchsorted(radix[order], np.arange(n_radix + 1))
    # one table in bucket order, then a zero-copy slice per bucket
    take = pa.array(order)
    table = pa.table({k: v.take(take) if isinstance(v, pa.Array) else v[order]
                      for k, v in columns.items()})
    table = table.append_column("p", pa.array(np.full(len(order), p, dtype=np.int32)))
    # the hash codes are unique 64-bit values: a dictionary for them costs time and space
    # (a list column is named by its leaf's path)
    dictionary = [f"{f.name}.list.element" if pa.types.is_list(f.type) else f.name
                  for f in table.schema if f.name != "code"]
    for r in range(n_radix):
        lo, hi = bounds[r], bounds[r + 1]
        if lo == hi:
            continue
        out = folder / f"r={r}"
        out.mkdir(parents=True, exist_ok=True)
        pq.write_table(table.slice(lo, hi - lo), out / f"{name}.parquet", compression="lz4",
                       use_dictionary=dictionary, write_statistics=False)


def _bucket_candidates(r: int, *, work: str, max_bucket: int, min_jaccard: float,
                       memory_limit: str, threads: int) -> int:
    """Candidate sentence pairs of one hash bucket: equal band keys (same band) and equal
    shingle keys, in groups of 2 to ``max_bucket``; ``doc`` of a < ``doc`` of b.

    LSH pairs are kept only when they may pass :func:`nkcorpus.reuse.similar_enough`: the
    count of ``a``'s content words whose 16-bit hash is among ``b``'s is at least the
    number they share (equal words have equal hashes), so a pair failing the test on that
    count fails it on the words too. Without this, nine in ten LSH pairs share one word
    and are written only to be dropped by :func:`_verify_candidates`."""
    work_dir = Path(work)
    con = _connect(memory_limit, work_dir / "duckdb" / f"r{r}", threads)
    parts = []
    for kind, group in (("bands", "band, code"), ("shingles", "code")):
        folder = work_dir / kind / f"r={r}"
        if not folder.is_dir():
            continue
        source = (f"read_parquet('{folder}/*.parquet', hive_partitioning = false)")
        # the rows of groups of 2 to max_bucket first (a few in ten), then their self-join:
        # both sides of a pair are in the same group
        con.execute(f"""
            CREATE TEMP TABLE {kind} AS SELECT * FROM {source} WHERE ({group}) IN
                (SELECT ({group}) FROM {source} GROUP BY {group}
                 HAVING count(*) BETWEEN 2 AND {int(max_bucket)})""")
        on = " AND ".join(f"x.{c} = y.{c}" for c in group.split(", "))
        joined = f"FROM {kind} x JOIN {kind} y ON {on} AND x.doc < y.doc"
        if kind == "bands":
            parts.append(f"""
                SELECT da, sa, pa, db, sb, pb, false AS shingle FROM (
                    SELECT x.doc AS da, x.sent AS sa, x.p AS pa, y.doc AS db,
                           y.sent AS sb, y.p AS pb, len(x.h) AS nx, len(y.h) AS ny,
                           len(list_filter(x.h, lambda e: list_contains(y.h, e))) AS i
                    {joined})
                WHERE i >= 3 AND i / (nx + ny - i) >= {float(min_jaccard)!r}""")
        else:
            # joined once: the pairs and, per pair of articles, the distinct shared runs
            # (for the min-match rule; a code falls in one hash bucket only, so the
            # buckets' counts add up)
            con.execute(f"""
                CREATE TEMP TABLE sh AS
                SELECT x.doc AS da, x.sent AS sa, x.p AS pa, y.doc AS db, y.sent AS sb,
                       y.p AS pb, x.code {joined}""")
            parts.append("SELECT da, sa, pa, db, sb, pb, true AS shingle FROM sh")
            (work_dir / "runs").mkdir(exist_ok=True)
            con.execute(f"""
                COPY (SELECT da, db, count(DISTINCT code) AS n FROM sh GROUP BY da, db)
                TO '{work_dir / "runs" / f"r{r:04d}.parquet"}' (FORMAT parquet)""")
    if not parts:
        con.close()
        return 0
    (work_dir / "cand").mkdir(exist_ok=True)
    query = " UNION ALL ".join(parts)
    con.execute(f"""
        COPY (SELECT da, sa, pa, db, sb, pb, bool_or(shingle) AS shingle,
                     bool_or(NOT shingle) AS lsh FROM ({query})
              GROUP BY da, sa, pa, db, sb, pb)
        TO '{work_dir / "cand" / f"r{r:04d}.parquet"}' (FORMAT parquet)""")
    n = con.execute(f"SELECT count(*) FROM '{work_dir / 'cand' / f'r{r:04d}.parquet'}'"
                    ).fetchone()[0]
    con.close()
    return n


def _verify_candidates(work: Path, min_jaccard: float, min_shared: int,
                       memory_limit: str) -> None:
    """Keep the shingle candidates of articles sharing ``min_shared`` distinct runs, and the
    LSH candidates whose content words pass
    :func:`nkcorpus.reuse.similar_enough` (computed in DuckDB on the stored word hashes)."""
    if not list((work / "cand").glob("*.parquet")):
        return
    con = _connect(memory_limit, work / "duckdb", threads=2)
    cand = f"read_parquet('{work / 'cand'}/*.parquet')"
    content = f"read_parquet('{work / 'content'}/*.parquet')"
    # shingle candidates count only between articles sharing min_shared distinct runs
    shingled = "false"
    if list((work / "runs").glob("*.parquet")):
        shingled = f"""(da, db) IN (SELECT da, db FROM read_parquet('{work / "runs"}/*.parquet')
                                 GROUP BY da, db HAVING sum(n) >= {int(min_shared)})"""
    lsh = ""
    if list((work / "content").glob("*.parquet")):
        lsh = f"""
            UNION ALL
            SELECT da, sa, pa, db, sb, pb FROM (
                SELECT c.*, len(list_intersect(x.words, y.words)) AS inter,
                       len(x.words) AS nx, len(y.words) AS ny
                FROM (SELECT * FROM {cand} WHERE lsh) c
                JOIN {content} x ON c.da = x.doc AND c.sa = x.sent
                JOIN {content} y ON c.db = y.doc AND c.sb = y.sent)
            WHERE inter >= 3 AND inter / (nx + ny - inter) >= {float(min_jaccard)!r}"""
    con.execute(f"""
        COPY (SELECT DISTINCT * FROM (
                  SELECT da, sa, pa, db, sb, pb FROM {cand} WHERE shingle AND {shingled}
                  {lsh}))
        TO '{work / "pairs.parquet"}' (FORMAT parquet)""")
    con.close()


def _plan_alignment(work: Path, memory_limit: str) -> tuple[list[int], list[int]]:
    """Route the verified pairs for alignment. A pair is aligned in the partition of its
    first article (its *home*, ``pa``): the pairs by home go to ``byhome/h=H``, and every
    article a home needs to ``route/p=P`` as ``(home, doc)``, ``P`` being the article's own
    partition. Returns the partitions with needed articles and the homes."""
    if not (work / "pairs.parquet").is_file():
        return [], []
    con = _connect(memory_limit, work / "duckdb", threads=2)
    pairs = f"'{work / 'pairs.parquet'}'"
    con.execute(f"""
        COPY (SELECT DISTINCT p, home, doc FROM (SELECT pa AS p, pa AS home, da AS doc
                                                 FROM {pairs}
                                                 UNION ALL SELECT pb, pa, db FROM {pairs}))
        TO '{work / "route"}' (FORMAT parquet, PARTITION_BY (p))""")
    con.execute(f"""
        COPY (SELECT pa AS h, da, sa, db, sb FROM {pairs})
        TO '{work / "byhome"}' (FORMAT parquet, PARTITION_BY (h))""")
    needs = [p for (p,) in con.execute(f"SELECT DISTINCT pa FROM {pairs} UNION "
                                       f"SELECT DISTINCT pb FROM {pairs} ORDER BY 1").fetchall()]
    homes = [h for (h,) in con.execute(f"SELECT DISTINCT pa FROM {pairs} ORDER BY 1")
             .fetchall()]
    con.close()
    return [int(p) for p in needs], [int(h) for h in homes]


def _doc_store(item, *, work: str, lex: Lexicon) -> int:
    """Tokenise once the articles of one partition that some home needs, with their
    common-phrase masks, and write each home its share: ``inbox/h=H/pNNNNN.parquet``
    (body, token offsets, sentences, mask; the tokens are the body's slices, lower-cased,
    so they are not stored). Reads grow with the pairs, not with partitions squared."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    p, path = item
    work_dir = Path(work)
    route = pq.read_table(work_dir / "route" / f"p={p}", partitioning=None)
    need = set(route["doc"].to_pylist())
    keys = {a: d for a, d in _keys(work_dir, p).items() if d in need}
    df = _read(path, ["article_id", "outlet", "body"], set(keys))
    df["doc"] = df["article_id"].map(keys)
    df = df.sort_values("doc", ignore_index=True)
    docs = [_tokenise(a, o, b) for a, o, b in zip(df["article_id"], df["outlet"], df["body"],
                                                  strict=True)]
    table = pa.table({
        "doc": pa.array(df["doc"], pa.int64()),
        "article_id": df["article_id"], "outlet": df["outlet"], "body": df["body"],
        "starts": pa.array([d.starts for d in docs], pa.list_(pa.int32())),
        "ends": pa.array([d.ends for d in docs], pa.list_(pa.int32())),
        "sentences": pa.array([[x for span in d.sentences for x in span] for d in docs],
                              pa.list_(pa.int32())),
        "mask": pa.array([common_mask(d, lex) for d in docs], pa.list_(pa.bool_())),
    })
    route = route.sort_by([("home", "ascending"), ("doc", "ascending")])
    homes = route["home"].to_numpy()
    bounds = np.flatnonzero(np.diff(homes)) + 1
    row_of = pa.array(np.searchsorted(table["doc"].to_numpy(), route["doc"].to_numpy()))
    for lo, hi in zip(np.r_[0, bounds], np.r_[bounds, len(homes)], strict=True):
        folder = work_dir / "inbox" / f"h={homes[lo]}"
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(table.take(row_of.slice(lo, hi - lo)), folder / f"p{p:05d}.parquet",
                       compression="lz4")
    return len(docs)


class _Tokens:
    """A document's tokens computed when sliced: its body's ``[start, end)`` slices,
    lower-cased (what :func:`nkcorpus.reuse._tokenise` gives). Alignment looks at a few
    windows of most articles it loads, so building every token list up front cost more than
    the alignment itself."""

    __slots__ = ("body", "ends", "starts")

    def __init__(self, body: str, starts, ends) -> None:
        self.body, self.starts, self.ends = body, starts, ends

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i):
        body = self.body
        if not isinstance(i, slice):
            return body[int(self.starts[i]):int(self.ends[i])].lower()
        return [body[s:e].lower() for s, e in zip(self.starts[i].tolist(),
                                                   self.ends[i].tolist(), strict=True)]


def _load_docs(folder: Path) -> dict[int, tuple]:
    """``doc -> (_Doc, mask, body)`` for the articles in a home's inbox; token offsets,
    sentences and masks are numpy views of the columns, tokens are made when sliced."""
    import pyarrow.parquet as pq

    table = pq.read_table(folder, partitioning=None)
    flat = {}
    for name in ("starts", "ends", "sentences", "mask"):
        col = table.column(name).combine_chunks()
        flat[name] = (col.offsets.to_numpy(), col.values.to_numpy(zero_copy_only=False))
    (so, sv), (_, ev), (no, nv), (mo, mv) = (flat[k] for k in ("starts", "ends", "sentences",
                                                              "mask"))
    ids, outlets, bodies = (table.column(c).to_pylist() for c in ("article_id", "outlet",
                                                                   "body"))
    out = {}
    for i, doc in enumerate(table.column("doc").to_pylist()):
        starts, ends = sv[so[i]:so[i + 1]], ev[so[i]:so[i + 1]]
        body = bodies[i]
        out[doc] = (_Doc(ids[i], outlets[i], _Tokens(body, starts, ends), starts, ends,
                         nv[no[i]:no[i + 1]].reshape(-1, 2)),
                    mv[mo[i]:mo[i + 1]], body)
    return out


def _align_part(home: int, *, work: str, lex: Lexicon, params: dict) -> dict[str, set[str]]:
    """Passages of the candidate pairs whose first article is in partition ``home``, written
    to ``_work/reuse/rows``; returns the same-outlet passages to look for in third articles.
    The articles come tokenised from the home's inbox (:func:`_doc_store`)."""
    import pyarrow.parquet as pq

    work_dir = Path(work)
    cand = pq.read_table(work_dir / "byhome" / f"h={home}", partitioning=None,
                         columns=["da", "sa", "db", "sb"])
    pairs: dict[tuple[int, int], set[tuple[int, int]]] = defaultdict(set)
    for da, sa, db, sb in zip(*(cand.column(c).to_pylist() for c in ("da", "sa", "db", "sb")),
                              strict=True):
        pairs[(da, db)].add((sa, sb))
    docs = _load_docs(work_dir / "inbox" / f"h={home}")
    records = []
    for (da, db), found in sorted(pairs.items()):
        (a, mask, _), (b, _, _) = docs[da], docs[db]
        records.extend(pair_records(a, b, found, lex, mask=mask, **params))
    if not records:
        return {}
    used = sorted({d for da, db in pairs for d in (da, db)})
    articles = pd.DataFrame({"article_id": [docs[d][0].article_id for d in used],
                             "body": [docs[d][2] for d in used]})
    out = records_frame(records, articles)
    out["_footer"] = footer_flags(out, articles)
    (work_dir / "rows").mkdir(exist_ok=True)
    out.to_parquet(work_dir / "rows" / f"b{home:05d}.parquet", index=False)
    return boilerplate_needles(out[~out["_footer"]])


# The needles' automata of the current run, built once per worker process (not once per
# partition): {run key: automata}. A new run's key replaces the previous entry, and the end
# of a run clears it on every worker.
_AUTOMATA: dict[str, dict] = {}


def _forget_automata() -> None:
    """Free this process's cached automata (run on every worker at the end of a run)."""
    _AUTOMATA.clear()


def _needle_part(path: str, *, needles: dict[str, set[str]], batch_rows: int, run: str) -> dict:
    import pyarrow.parquet as pq

    automata = _AUTOMATA.get(run)
    if automata is None:  # (a local, so that threads sharing the cache never miss it)
        automata = needle_automata(needles)
        _AUTOMATA.clear()
        _AUTOMATA[run] = automata
    parts = []
    for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_rows,
                                                   columns=["article_id", "outlet", "body"]):
        parts.append(needle_hits(needles, batch.column("article_id").to_pylist(),
                                 batch.column("outlet").to_pylist(),
                                 batch.column("body").to_pylist(), automata=automata))
    return merge_hits(parts)


def _apply_flags(path: Path, hits: dict, keep: bool) -> pd.DataFrame:
    out = pd.read_parquet(path)
    flags = out.pop("_footer").astype(bool) | third_article_flags(out, hits)
    out.loc[flags, "kind"] = "boilerplate"
    if not keep:
        out = out[~flags]
    return out.sort_values(["article_a", "article_b", "start_a"]).reset_index(drop=True)


def _publish(dataset: Path, frames) -> Path:
    """Write the frames as ``reuse/part-*.parquet`` beside the dataset's tables, then swap
    the folder in with a rename (never a half-written table under the final name)."""
    final = dataset / "reuse"
    tmp = dataset / f"reuse.tmp-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        n = 0
        for frame in frames:
            if len(frame):
                frame[REUSE_COLUMNS].to_parquet(tmp / f"part-{n:05d}.parquet", index=False)
                n += 1
        if n == 0:  # an empty table still has its columns
            pd.DataFrame({c: pd.Series(dtype=t) for c, t in _EMPTY_TYPES.items()}).to_parquet(
                tmp / "part-00000.parquet", index=False)
        old = None
        if final.exists():
            old = dataset / f"reuse.old-{uuid.uuid4().hex[:8]}"
            final.rename(old)
        tmp.rename(final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final
