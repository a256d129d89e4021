"""Stage 3, build: a folder of raw inputs to the article table.

The input contract, enforced here and nowhere else: every path below the raw folder gets
exactly one outcome.

- An article file (``.txt``, ``.html``, ``.htm``) gives one row; a collection (``.jsonl``,
  ``.ndjson``, ``.csv``) one row per record (``FILE:LINE``). Anything that goes wrong while
  reading one file or one record becomes an ``error`` row naming the problem; the build goes on.
- The top-level ``manifest.csv`` is read as corrections, not as an article.
- Every other path is a *listed skip* with a reason (``hidden``, ``not an article file:
  .yaml``, ``symlink outside the raw folder``, ``not a regular file``, ``unreadable folder``,
  a ``manifest.csv`` below the top folder...). Skips are in ``df.attrs["skipped"]`` as
  ``(path, reason)`` pairs, in :func:`nkcorpus.problems` and in the command line's summary.

Symbolic links that stay inside the raw folder are followed; one that leaves it is a listed
skip unless ``follow_symlinks=True``. The folder is walked without recursion, so deep nesting,
link loops, unreadable folders and file names that are not UTF-8 (shown with ``\\x``
escapes) never raise. Large folders are parsed on all cores. Raw files are only ever opened
for reading.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import json
import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .extract import Page, n_words, parse_page, published_value
from .ingest import MAX_BYTES, _clean_text, decode_bytes, size_text
from .manifest import Manifest, read_manifest
from .notes import Notes
from .outlets import Profiles, load_profiles
from .readahead import all_in_cache, read_ahead
from .schema import coerce_articles, empty_articles

log = logging.getLogger(__name__)

#: Files in a raw folder that are not articles: the manifest and checksums beside them.
SIDECARS = frozenset({"manifest.csv", "SHA256SUMS", "README.md", "README.txt"})
#: Suffixes read as one article page each.
PAGES = frozenset({".txt", ".html", ".htm"})
#: Suffixes read as collections of many articles (one row per record).
COLLECTIONS = frozenset({".jsonl", ".ndjson", ".csv"})
#: Every suffix that is read; other files are listed skips.
READ_SUFFIXES = PAGES | COLLECTIONS
#: Endings of a collection's column-mapping file (``export.csv`` + ``export.mapping.json``).
MAPPING_SIDECARS = (".mapping.json", ".mapping.yaml", ".mapping.yml")
PARALLEL_THRESHOLD = 200


@dataclass
class Inputs:
    """What a raw folder holds: ``files`` to read as ``(path on disk, source_file name)``,
    ``skipped`` paths as ``(path, reason)``, and the top-level ``manifest`` (or None)."""

    files: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    manifest: str | None = None


def display_name(rel: str) -> str:
    """``rel`` made printable: bytes of a non-UTF-8 file name become ``\\xNN`` escapes."""
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _is_link(entry: os.DirEntry) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def scan_inputs(raw_dir: str | os.PathLike, *, follow_symlinks: bool = False) -> Inputs:
    """Classify every path below ``raw_dir`` (see the module docstring). Never raises for
    what it finds; only a missing ``raw_dir`` raises ``FileNotFoundError``."""
    root = os.fspath(raw_dir)
    if not os.path.isdir(root):
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    root_real = os.path.realpath(root)
    out = Inputs()
    top = os.stat(root)
    visited = {(top.st_dev, top.st_ino)}
    stack: list[tuple[str, str]] = [(root, "")]
    while stack:
        folder, rel = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            out.skipped.append((display_name(rel or "."),
                                f"unreadable folder ({exc.strerror or exc})"))
            continue
        names = {e.name for e in entries}
        # Real entries before links, each by name: a folder reached both directly and through
        # a link is read under its own name, and the order never depends on the file system.
        entries.sort(key=lambda e: (_is_link(e), e.name))
        for entry in entries:
            r = f"{rel}/{entry.name}" if rel else entry.name
            try:
                reason = _classify(entry, r, rel, names, root_real, follow_symlinks, visited,
                                   stack, out)
            except OSError as exc:
                reason = f"could not be examined ({exc.strerror or exc})"
            if reason:
                out.skipped.append((display_name(r), reason))
    out.files.sort(key=lambda pair: pair[1])
    out.skipped.sort()
    return out


def _classify(entry: os.DirEntry, rel: str, parent: str, names: set[str], root_real: str,
              follow_symlinks: bool, visited: set, stack: list, out: Inputs) -> str:
    """Put one directory entry where it belongs; return a skip reason ("" if none)."""
    name = entry.name
    if name.startswith("."):
        return "hidden"
    if entry.is_symlink():
        target = os.path.realpath(entry.path)
        try:
            st = os.stat(entry.path)
        except FileNotFoundError:
            return f"broken symlink (points to {display_name(os.readlink(entry.path))})"
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "symlink loop"
            raise
        if not _inside(target, root_real) and not follow_symlinks:
            return ("symlink outside the raw folder (to "
                    f"{display_name(target)}; build with follow_symlinks=True to read it)")
        is_dir, is_file = stat.S_ISDIR(st.st_mode), stat.S_ISREG(st.st_mode)
    else:
        # the type the folder listing gives (d_type): no stat call, and no inode read from
        # disk, per file; folders are stat'ed for their device and inode
        is_dir = entry.is_dir(follow_symlinks=False)
        is_file = not is_dir and entry.is_file(follow_symlinks=False)
        st = entry.stat(follow_symlinks=False) if is_dir else None
    if is_dir:
        key = (st.st_dev, st.st_ino)
        if key in visited:
            return "folder already read through another path (symlink loop or second link)"
        visited.add(key)
        stack.append((entry.path, rel))
        return ""
    if not is_file:
        return "not a regular file (a FIFO, socket or device)"
    if name == "manifest.csv":
        if not parent:
            out.manifest = entry.path
            return ""
        return ("manifest.csv below the top folder is not applied (corrections are read "
                "only from the raw folder's own manifest.csv)")
    if name in SIDECARS:
        return "checksums or read-me beside the articles, not an article file"
    for ending in MAPPING_SIDECARS:
        if name.endswith(ending):
            stem = name[: -len(ending)]
            owners = [stem + s for s in sorted(COLLECTIONS) if stem + s in names]
            if owners:
                return f"column mapping for {owners[0]} (applied to it)"
    suffix = os.path.splitext(name)[1].lower()
    if suffix in READ_SUFFIXES:
        out.files.append((entry.path, display_name(rel)))
        return ""
    return f"not an article file: {display_name(suffix) or 'no extension'}"


def list_inputs(raw_dir: Path, *, follow_symlinks: bool = False) -> list[Path]:
    """Every article file or collection below ``raw_dir`` (sorted by ``source_file``)."""
    return [Path(p) for p, _ in scan_inputs(raw_dir, follow_symlinks=follow_symlinks).files]


def text_id(text: str) -> str:
    """Content-derived article id: the first 16 hex digits of the SHA-256 of ``text``."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def page_row(page: Page, notes: Notes, *, source_file: str, sha256: str, encoding: str,
             article_id: str) -> dict:
    """One article-table row (a plain dict) from a parsed page and its notes."""
    body = "\n\n".join(page.body)
    # The same text as json.dumps([{"rule": r, "text": t}, ...], ensure_ascii=False), written
    # without building the dicts: each string escaped by the encoder json.dumps uses.
    quote = json.encoder.encode_basestring
    removed = "[" + ", ".join(f'{{"rule": {quote(r)}, "text": {quote(t)}}}'
                              for r, t in page.removed) + "]"
    return {
        "article_id": article_id,
        "source_file": source_file,
        "source_id": "",
        "sha256": sha256,
        "encoding": encoding,
        "outlet": page.outlet,
        "url": page.url,
        "title": page.title,
        "published": published_value(page.date),
        "published_text": page.date.text if page.date else "",
        "retrieved": pd.NaT,
        "author": "; ".join(page.authors),
        "dateline": page.dateline,
        "deck": page.deck,
        "captions": "\n".join(page.captions),
        "body": body,
        "removed": removed,
        "n_words": sum(map(n_words, page.body)),
        "page_kind": page.page_kind,
        "field_sources": "; ".join(f"{k}={v}" for k, v in sorted(page.sources.items())),
        "status": "",
        "reasons": "",
        "corrected": "",
        "_notes": list(notes.items),
    }


def finalise(rows: Iterable[dict]) -> None:
    """Turn each row's collected notes into its ``status`` and ``reasons`` (in place)."""
    for row in rows:
        notes = Notes(row.pop("_notes", []))
        row["status"], row["reasons"] = notes.status, notes.reasons


def _parse_text_page(text: str, profiles: Profiles, notes: Notes,
                     rel: str) -> tuple[Page, str]:
    """Parse one page file's decoded (uncleaned) text: the single place page files are read.

    A saved HTML page (``.html``/``.htm``, or any file whose content is an HTML document)
    goes through :mod:`nkcorpus.htmlpage`; everything else is cleaned as text and read by
    :func:`nkcorpus.extract.parse_page`. Returns the page and the text its article id is
    derived from.
    """
    from .htmlpage import looks_like_html, parse_html_page

    is_html_name = rel.lower().endswith((".html", ".htm"))
    if looks_like_html(text):
        notes.info("read as a saved HTML page" if is_html_name else
                   "content is an HTML document: read as a saved HTML page")
        return parse_html_page(text, profiles, notes), text
    text = _clean_text(text, notes)
    if is_html_name:
        notes.info("named .html but holds plain text: read as text")
    if not text.strip():
        return Page(), text
    return parse_page(text, profiles, notes), text


def _error_row(rel: str, message: str, sha256: str = "") -> dict:
    notes = Notes()
    notes.error(message)
    return page_row(Page(), notes, source_file=rel, sha256=sha256, encoding="",
                    article_id=hashlib.sha256(rel.encode("utf-8", "surrogatepass"))
                    .hexdigest()[:16])


def parse_file(path: str | os.PathLike, raw_dir: str | os.PathLike,
               profiles: Profiles | None = None, *, max_bytes: int = MAX_BYTES,
               rel: str | None = None) -> list[dict]:
    """Parse one input file into rows (one for a page, one per record for a collection).

    ``rel`` is the name shown in ``source_file`` (default: ``path`` relative to ``raw_dir``).
    Never raises: any failure becomes an ``error`` row naming the problem.
    """
    if rel is None:
        rel = display_name(os.path.relpath(os.fspath(path), os.fspath(raw_dir))
                           .replace(os.sep, "/"))
    try:
        rows = _parse_file(os.fspath(path), rel, profiles or load_profiles(), max_bytes)
    except Exception as exc:  # a bug or an odd file must not lose the other files
        log.exception("reading %s failed", rel)
        rows = [_error_row(rel, f"could not be read ({type(exc).__name__}: "
                                f"{str(exc)[:200]}); please report this file")]
    if "\\x" in rel and display_name(os.fspath(path)) != os.fspath(path):
        for row in rows:
            row["_notes"].append(("info", "file name is not valid UTF-8 (shown with \\x "
                                  "escapes)", ""))
    return rows


def _read_bytes(path: str, limit: int | None) -> tuple[bytes | None, str, int]:
    """``(data, sha256, size)``; ``data`` is None when the file is over ``limit`` (then it
    is hashed in pieces, never held in memory). Opened non-blocking: a FIFO that appeared
    since the folder was scanned cannot hang the build. Plain ``os.read`` calls, without a
    buffered file object (a build opens a million small files)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if limit is not None and st.st_size > limit:
            h = hashlib.sha256()
            for chunk in iter(lambda: os.read(fd, 1 << 20), b""):
                h.update(chunk)
            return None, h.hexdigest(), st.st_size
        # One read of the whole file (one byte more, to see its end); a file that grew
        # since fstat is read on to its end.
        chunks = [os.read(fd, st.st_size + 1)]
        while chunks[-1]:
            chunks.append(os.read(fd, 1 << 20))
        data = chunks[0] if len(chunks) == 2 else b"".join(chunks)
    finally:
        os.close(fd)
    return data, hashlib.sha256(data).hexdigest(), len(data)


def _parse_file(path: str, rel: str, profiles: Profiles, max_bytes: int) -> list[dict]:
    collection = os.path.splitext(rel)[1].lower() in COLLECTIONS
    try:
        data, digest, size = _read_bytes(path, None if collection else max_bytes)
    except OSError as exc:
        return [_error_row(rel, f"could not read file: {exc.strerror or exc}")]
    if collection:
        from .importers import read_sidecar, rows_from_collection, sidecar_for

        mapping = None
        sidecar = sidecar_for(Path(path))
        if sidecar is not None:
            try:
                mapping = read_sidecar(sidecar)
            except ValueError as exc:
                return [_error_row(rel, str(exc), digest)]
        return rows_from_collection(data, rel, digest, profiles, mapping, max_bytes=max_bytes)
    if data is None:
        return [_error_row(rel, f"file is {size_text(size)}, over the "
                                f"{size_text(max_bytes, limit=True)} limit for one article: "
                                "not parsed (split it, or raise max_bytes)", digest)]
    # Decoded but not yet cleaned: an HTML page is parsed as markup, text is cleaned by
    # _parse_text_page (leftover tags stripped, entities decoded, line ends normalised).
    decoded = decode_bytes(data, max_bytes=max_bytes, clean=False)
    notes = decoded.notes
    if decoded.text is None:
        return [page_row(Page(), notes, source_file=rel, sha256=digest,
                         encoding=decoded.encoding, article_id=digest[:16])]
    text = decoded.text
    try:
        page, text = _parse_text_page(decoded.text, profiles, notes, rel)
    except Exception as exc:  # a parser bug must not lose the file: report it on its row
        log.exception("parser failed on %s", rel)
        page = Page()
        notes.error(f"parser failed ({type(exc).__name__}: {exc}); please report this file")
    # text_id(text) hashes text encoded as UTF-8: when text is the file's bytes decoded as
    # strict UTF-8, unchanged, that is the file's own hash (computed already).
    article_id = digest[:16] if decoded.exact and text is decoded.text else text_id(text)
    return [page_row(page, notes, source_file=rel, sha256=digest, encoding=decoded.encoding,
                     article_id=article_id)]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off inside the block (restored after it).

    Parsing allocates many short-lived containers and creates no reference cycles that
    matter, while the collector, triggered every 700 allocations, keeps walking the large
    per-line memo tables (some 5% of the parse time in a profile of war pages). Reference
    counting still frees everything as usual; cycles made in the block wait for the next
    collection after it, so keep blocks bounded (a chunk of files).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse_chunk(args: tuple[list[tuple[str, str]], int]) -> list[dict]:
    files, max_bytes = args
    profiles = load_profiles()
    rows: list[dict] = []
    with gc_paused():
        for path, rel in files:
            rows.extend(parse_file(path, "", profiles, max_bytes=max_bytes, rel=rel))
    return rows


#: Files parsed with the garbage collector paused, one batch at a time (see ``gc_paused``).
SERIAL_BATCH = 500


def build_corpus(raw_dir: str | os.PathLike, *, workers: int | None = None,
                 progress: Callable[[int], None] | None = None, manifest: bool = True,
                 max_bytes: int = MAX_BYTES, follow_symlinks: bool = False,
                 engine: str = "local", scheduler: object = None,
                 out: str | os.PathLike | None = None, chunk_size: int | None = None):
    """Parse every input below ``raw_dir`` into the article table (no cache).

    ``engine="local"`` (the default) returns a pandas table, described below.
    ``engine="dask"`` parses on a Dask cluster and writes a partitioned Parquet dataset to
    ``out`` (default ``data/processed/corpus.parquet``), returning a lazy
    :class:`nkcorpus.dataset.LazyCorpus` over it instead of a table (``.df()`` gives the
    same table as the local engine; see :func:`build_dataset` for ``scheduler``,
    ``workers`` and ``chunk_size``).

    Returns one row per article file (one per record for ``.jsonl``/``.csv`` collections),
    sorted by ``source_file``, with the columns of :data:`nkcorpus.schema.ARTICLE_COLUMNS`.
    Bad input gives rows with ``status == "error"``; only a missing ``raw_dir`` raises
    (``FileNotFoundError``). ``workers``: processes to use (default: all cores for folders of
    200 files or more). ``progress`` is called with the number of files just finished.
    ``manifest``: apply ``raw_dir/manifest.csv`` corrections if the file exists.
    ``max_bytes``: size limit of one page file or one collection record.
    ``follow_symlinks``: also read links that point outside ``raw_dir``.

    ``df.attrs``: ``skipped`` (``(path, reason)`` for every path that is not read),
    ``manifest_problems`` (problems in the manifest itself), ``n_files`` (files read).
    """
    if engine == "dask":
        from .dataset import open_dataset

        path = build_dataset(raw_dir, out=out, scheduler=scheduler, workers=workers,
                             progress=progress, manifest=manifest, max_bytes=max_bytes,
                             follow_symlinks=follow_symlinks, chunk_size=chunk_size)
        return open_dataset(path)
    if engine != "local":
        raise ValueError(f"engine must be 'local' or 'dask', got {engine!r}")
    if scheduler is not None or out is not None or chunk_size is not None:
        raise ValueError("scheduler, out and chunk_size apply only to engine='dask'")
    raw_dir = Path(raw_dir)
    inputs = scan_inputs(raw_dir, follow_symlinks=follow_symlinks)
    files = inputs.files
    if workers is None:
        workers = (os.cpu_count() or 1) if len(files) >= PARALLEL_THRESHOLD else 1
    rows: list[dict] = []
    if workers <= 1 or len(files) < 2:
        profiles = load_profiles()
        batches = [files[i: i + SERIAL_BATCH] for i in range(0, len(files), SERIAL_BATCH)]
        with closing(_reading_ahead(batches, 1)) as ahead:  # the next batch, while parsing
            for batch in ahead:
                with gc_paused():  # per batch: cycles made while parsing are freed after it
                    for path, rel in batch:
                        rows.extend(parse_file(path, raw_dir, profiles, max_bytes=max_bytes,
                                               rel=rel))
                        if progress:
                            progress(1)
    else:
        size = max(1, min(500, len(files) // (workers * 8) or 1))
        chunks = [files[i: i + size] for i in range(0, len(files), size)]
        # this process reads ahead of the workers, which take the chunks in order
        with ProcessPoolExecutor(max_workers=workers) as pool, \
                closing(_reading_ahead(chunks, 2 * workers)) as ahead:
            for chunk, result in zip(ahead, pool.map(_parse_chunk, [
                    (c, max_bytes) for c in chunks]), strict=False):
                rows.extend(result)
                if progress:
                    progress(len(chunk))
    problems: list[str] = []
    if manifest and inputs.manifest:
        table = read_manifest(Path(inputs.manifest))
        problems = table.problems + table.apply(rows)
    df = finalise_table(rows)
    df.attrs["skipped"] = list(inputs.skipped)
    df.attrs["manifest_problems"] = problems
    df.attrs["n_files"] = len(files)
    return df


def finalise_table(rows: list[dict]) -> pd.DataFrame:
    """Mark duplicates, settle status and reasons, and build the typed table."""
    _mark_duplicates(rows)
    finalise(rows)
    return coerce_articles(pd.DataFrame.from_records(rows)) if rows else empty_articles()


def _mark_duplicates(rows: Iterable[dict]) -> None:
    """Give exact duplicates unique ids (``-2``, ``-3``…) and a warning naming the original."""
    first: dict[str, str] = {}
    counts: dict[str, int] = {}
    for row in rows:
        base = row["article_id"]
        if base not in first:
            first[base] = row["source_file"]
            counts[base] = 1
            continue
        counts[base] += 1
        row["article_id"] = f"{base}-{counts[base]}"
        row["_notes"].append(("warning", f"exact duplicate of {first[base]}", ""))


# -- The Dask engine: a raw folder to a partitioned Parquet dataset -------------------------
#
# Pass 1, one task per slice of the sorted file list, on the workers: parse with
# ``_parse_chunk`` (the local engine's code), apply the manifest (a correction depends only
# on its own row), settle status and reasons, and write the rows by month with
# ``MonthWriter``; a small key file per task keeps ``article_id``, ``source_file`` and the
# notes. The client then reads only the two key columns, marks exact duplicates with
# ``_mark_duplicates`` (in the local build's order: task by task, row by row), and pass 2
# rewrites only the files holding a duplicate, re-settling those rows from their notes.
# Everything is written into ``OUT.tmp-XXXX`` and renamed at the end.

#: Files per task are chosen so that each worker gets about this many tasks (load balance
#: and progress) within the bounds below (a few well-sized files per month and task).
TASKS_PER_WORKER = 4
MIN_TASK_FILES = 500
MAX_TASK_FILES = 25_000
#: Files parsed between two writes inside a task (bounds a worker's memory).
TASK_BATCH = 1000


def _task_size(n_files: int, n_workers: int) -> int:
    per = -(-n_files // max(1, n_workers * TASKS_PER_WORKER))
    return max(1, min(MAX_TASK_FILES, max(MIN_TASK_FILES, per)))


def _warm_worker() -> bool:
    """Import the parser and read the outlet profiles on a worker once, before the tasks:
    each worker's first page otherwise pays for the imports and the date parser's first
    call (seconds), one worker after another."""
    notes = Notes()
    try:
        parse_page("Judul Berita\n\nSenin, 12 Oktober 2020 10:00 WIB\n\nBAKU - Isi berita "
                   "yang cukup panjang untuk dibaca sebagai isi.", load_profiles(), notes)
    except Exception:  # only a warm-up: the real parse reports its own problems
        log.debug("warm-up parse failed", exc_info=True)
    return True


def _read_ahead(files: list[tuple[str, str]]) -> int:
    """Load these files into the page cache (:func:`nkcorpus.readahead.read_ahead`), so that
    on a cold disk their reading overlaps the parsing of the files before them, in a few
    large disk requests instead of one per file. Skipped when nine files spread over the
    chunk are all in the cache already (pages just written or read: the work would only
    take CPU time from the parser; :func:`nkcorpus.readahead.all_in_cache`). Best effort:
    anything odd (a missing file, a FIFO, a folder) is left to the parser, which reports
    it. Returns the number of files handed to the kernel."""
    paths = [path for path, _ in files]
    if all_in_cache(paths):
        return 0
    return read_ahead(paths)


def _report_failure(future) -> None:
    """A read-ahead that failed costs only speed (the parser reads every file itself); it is
    logged for whoever debugs a slow build."""
    if not future.cancelled() and future.exception() is not None:
        log.debug("read-ahead failed", exc_info=future.exception())


def _reading_ahead(chunks: list[list[tuple[str, str]]], depth: int) -> Iterator[list]:
    """Yield ``chunks`` in order while a thread reads their files ahead (:func:`_read_ahead`):
    the first ``depth`` chunks at once, then chunk ``i + depth`` when chunk ``i`` is taken.
    Closing the generator early drops the read-ahead not yet started."""
    # With a fork-started process pool, the thread must start after the pool's workers
    # (a child must not inherit a lock the thread holds): build_corpus creates the pool and
    # submits every task before it takes the first chunk from this generator.
    ahead = ThreadPoolExecutor(1, thread_name_prefix="nkcorpus-read-ahead")
    try:
        for chunk in chunks[:depth]:
            ahead.submit(_read_ahead, chunk).add_done_callback(_report_failure)
        for i, chunk in enumerate(chunks):
            if i + depth < len(chunks):
                ahead.submit(_read_ahead, chunks[i + depth]).add_done_callback(_report_failure)
            yield chunk
    finally:
        ahead.shutdown(wait=True, cancel_futures=True)


def _dask_parse_task(task: int, files_path: str, tmp: str, max_bytes: int,
                     corrections: Manifest | None, batch: int) -> dict:
    """Pass 1 on a worker: parse the files listed in ``files_path`` and write their rows into
    ``tmp/articles/month=*/part-TASK.parquet`` and their keys into ``tmp/_work/build``."""
    import pickle

    import pyarrow as pa
    import pyarrow.parquet as pq

    from .dataset import ARTICLES, MonthWriter, rows_to_arrow

    with open(files_path, "rb") as fh:
        files = pickle.load(fh)
    keys: dict[str, list] = {"article_id": [], "source_file": [], "notes": []}
    name = f"part-{task:05d}"
    chunks = [files[start: start + batch] for start in range(0, len(files), batch)]
    # a thread reads the files of the next two chunks while this one is parsed
    with MonthWriter(Path(tmp) / ARTICLES, name) as writer, \
            closing(_reading_ahead(chunks, 2)) as ahead:
        for chunk in ahead:
            rows = _parse_chunk((chunk, max_bytes))
            if corrections is not None:
                corrections.apply(rows)  # its problem list is made once, on the client
            for row in rows:
                keys["article_id"].append(row["article_id"])
                keys["source_file"].append(row["source_file"])
                keys["notes"].append(json.dumps(row["_notes"]))
            finalise(rows)
            if rows:
                writer.write(rows_to_arrow(rows))
    table = pa.table({k: pa.array(v, pa.string()) for k, v in keys.items()})
    pq.write_table(table, Path(files_path).with_name(f"keys-{task:05d}.parquet"))
    return {"task": task, "files": len(files), "rows": table.num_rows}


def _dask_fix_task(task: int, tmp: str, work: str) -> int:
    """Pass 2 on a worker: give the rows named in ``work/changes-TASK.pkl`` (``source_file``
    -> new ``article_id`` and notes to add) their duplicate ids and re-settled
    status/reasons, in every month file of ``task``. Returns the number of rows changed."""
    import pickle

    import pyarrow as pa
    import pyarrow.parquet as pq

    from .dataset import ARTICLE_SCHEMA, ARTICLES, PARTITION

    with open(Path(work) / f"changes-{task:05d}.pkl", "rb") as fh:
        changes: dict[str, tuple[str, list]] = pickle.load(fh)
    keys = pq.read_table(Path(work) / f"keys-{task:05d}.parquet",
                         columns=["source_file", "notes"]).to_pydict()
    settled = {}
    for source, notes in zip(keys["source_file"], keys["notes"], strict=True):
        if source in changes:
            new_id, extra = changes[source]
            row = {"_notes": [tuple(n) for n in json.loads(notes)] + [tuple(n) for n in extra]}
            finalise([row])
            settled[source] = (new_id, row["status"], row["reasons"])
    done = 0
    for path in sorted((Path(tmp) / ARTICLES).glob(f"{PARTITION}=*/part-{task:05d}.parquet")):
        # Arrow, not pandas: only three short columns change; the bodies are copied as
        # they are.
        table = pq.read_table(path, schema=ARTICLE_SCHEMA)
        sources = table.column("source_file").to_pylist()
        hits = [settled.get(source) for source in sources]
        n_hits = sum(hit is not None for hit in hits)
        if not n_hits:
            continue
        for col, i in (("article_id", 0), ("status", 1), ("reasons", 2)):
            old = table.column(col).to_pylist()
            new = [hit[i] if hit is not None else value for hit, value in zip(hits, old,
                                                                                strict=True)]
            table = table.set_column(table.schema.get_field_index(col), col,
                                     pa.array(new, pa.string()))
        fresh = path.with_name(path.name + ".new")
        pq.write_table(table, fresh)
        os.replace(fresh, path)
        done += n_hits
    return done


def _duplicate_changes(key_files: list[Path]) -> dict[int, dict[str, tuple[str, list]]]:
    """Read the key columns of every task (in task order, the local build's row order) and
    mark exact duplicates with ``_mark_duplicates``; return per task the rows it changes.
    Only ids that occur more than once become Python objects."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    tables = [pq.read_table(p, columns=["article_id", "source_file"]) for p in key_files]
    if not tables:
        return {}
    offsets = np.cumsum([0] + [t.num_rows for t in tables])
    ids = pa.chunked_array([t["article_id"] for t in tables], pa.string())
    counts = pc.value_counts(ids)
    repeated = counts.field("values").filter(pc.greater(counts.field("counts"), 1))
    changes: dict[int, dict[str, tuple[str, list]]] = {}
    if not len(repeated):
        return changes
    positions = pc.indices_nonzero(pc.is_in(ids, value_set=repeated))
    sources = pa.chunked_array([t["source_file"] for t in tables], pa.string())
    light = [{"article_id": a, "source_file": s, "_notes": []} for a, s in
             zip(ids.take(positions).to_pylist(), sources.take(positions).to_pylist(),
                 strict=True)]
    _mark_duplicates(light)
    for pos, row in zip(positions.to_pylist(), light, strict=True):
        if row["_notes"]:
            task = int(np.searchsorted(offsets, pos, side="right")) - 1
            changes.setdefault(task, {})[row["source_file"]] = (row["article_id"],
                                                                row["_notes"])
    return changes


def _unmatched_manifest_problems(corrections: Manifest, key_files: list[Path]) -> list[str]:
    """The problems ``Manifest.apply`` reports for corrections naming no input row, found
    from the key files' ``source_file`` column (not from the rows)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    names = list(corrections.entries)
    if not names:
        return []
    sources = [pq.read_table(p, columns=["source_file"])["source_file"] for p in key_files]
    present = pa.array([False] * len(names))
    if sources:
        every = pa.chunked_array(sources, pa.string()).combine_chunks()
        present = pc.is_in(pa.array(names, pa.string()), value_set=every)
    unmatched = Manifest(corrections.path, {n: corrections.entries[n] for n, hit in
                                            zip(names, present.to_pylist(), strict=True)
                                            if not hit})
    return unmatched.apply([])


def local_cluster(workers: int | None = None, *, processes: bool = True) -> object:
    """A ``distributed.LocalCluster`` as builds use it: ``workers`` processes (default 2) of
    one thread each, no dashboard, its small HTTP server (health checks) on a free port
    rather than 8787, so several clusters on one machine do not collide. Close it (use it
    as a context manager)."""
    import dask
    from distributed import LocalCluster

    # The workers' statistical profiler samples the parsing thread's stack 100 times a
    # second for a dashboard nobody sees here: off. The event-loop health tick (20 ms),
    # memory monitor (100 ms) and system monitor (500 ms) take the GIL from the parser: run
    # them less often. Tasks are bounded in size, so a slower memory check is safe. The
    # nannies pass these settings on to the worker processes.
    # Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536, so that glibc gives freed memory
    # back to the system at once; parsing allocates and frees many page-sized strings, and
    # with that setting a worker spends about 5% more CPU in the kernel (mapping memory back
    # in). The workers keep glibc's own adaptive threshold instead; their memory stays
    # bounded by the task batches (``TASK_BATCH``) and the bounded memo tables.
    environ = {k: v for k, v in dask.config.get("distributed.nanny.pre-spawn-environ",
                                                {}).items() if k != "MALLOC_TRIM_THRESHOLD_"}
    with dask.config.set({"distributed.worker.profile.enabled": False,
                          "distributed.admin.tick.interval": "500ms",
                          "distributed.worker.memory.monitor-interval": "1s",
                          "distributed.admin.system-monitor.interval": "2s",
                          "distributed.nanny.pre-spawn-environ": environ}):
        return LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=processes,
                            dashboard_address=None,
                            scheduler_kwargs={"dashboard": False, "dashboard_address": ":0"})


@contextmanager
def dask_client(scheduler: object = None, workers: int | None = None) -> Iterator[object]:
    """A ``distributed.Client`` for a build, closed afterwards if made here.

    ``scheduler``: ``None`` starts a ``distributed.LocalCluster`` (``workers`` processes,
    default 2, one thread each, no dashboard) and closes it; a scheduler address
    (``"tcp://host:8786"``) connects to that cluster; a ``Client`` is used as it is (and left
    open); any other object with a ``scheduler_address`` (a ``SLURMCluster``, a
    ``KubeCluster``...) is connected to. Raises ``ValueError`` for other values and
    ``OSError``/``TimeoutError`` when the scheduler cannot be reached.
    """
    from distributed import Client

    if scheduler is None:
        with local_cluster(workers) as cluster, Client(cluster) as client:
            yield client
    elif isinstance(scheduler, Client):
        yield scheduler
    elif isinstance(scheduler, str) or hasattr(scheduler, "scheduler_address"):
        if workers is not None:
            raise ValueError("workers sets the size of a local cluster; an existing "
                             "cluster has its own workers")
        with Client(scheduler, timeout="30s") as client:
            yield client
    else:
        raise ValueError(f"scheduler must be None, an address, a distributed.Client or a "
                         f"cluster object, got {type(scheduler).__name__}")


def build_dataset(raw_dir: str | os.PathLike, *, out: str | os.PathLike | None = None,
                  scheduler: object = None, workers: int | None = None,
                  progress: Callable[[int], None] | None = None, manifest: bool = True,
                  max_bytes: int = MAX_BYTES, follow_symlinks: bool = False,
                  chunk_size: int | None = None) -> Path:
    """Build the article table of ``raw_dir`` on a Dask cluster as a partitioned dataset.

    Writes ``out`` (default ``data/processed/corpus.parquet``; layout in
    :mod:`nkcorpus.dataset`) atomically: into ``OUT.tmp-XXXX`` beside it, renamed when
    complete; on any failure the temporary folder is removed and an existing dataset at
    ``out`` is left as it was. The rows equal the local engine's, row for row (the dataset
    has no row order; sort by ``source_file``). Workers read the raw files and write the
    dataset themselves, so on a real cluster ``raw_dir`` and ``out`` must be on a file
    system that the client and every worker share. The client holds the file list and two
    short columns (``article_id``, ``source_file``), never the bodies.

    ``scheduler``, ``workers``: see :func:`dask_client`. ``chunk_size``: files per task
    (default: about 4 tasks per worker, 500 to 25,000 files each). ``progress`` is called
    with the number of files of each finished task. Returns ``out``.
    Raises ``FileNotFoundError`` if ``raw_dir`` is missing, ``FileExistsError`` if ``out``
    exists and is not a dataset, and the task's exception if a worker fails.
    """
    import pickle
    import shutil

    from distributed import as_completed

    from .dataset import (
        ARTICLES,
        WORK,
        atomic_folder,
        check_replaceable,
        write_empty_articles,
        write_metadata,
    )
    from .paths import DATASET_DIR

    if chunk_size is not None and chunk_size < 1:
        raise ValueError(f"chunk_size must be 1 or more, got {chunk_size}")
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be 1 or more, got {workers}")
    raw_dir = Path(raw_dir)
    out = Path(out) if out is not None else DATASET_DIR
    if out.exists():  # refused before a cluster is started, not after
        check_replaceable(out)
    inputs = scan_inputs(raw_dir, follow_symlinks=follow_symlinks)
    files = inputs.files
    corrections = read_manifest(Path(inputs.manifest)) if manifest and inputs.manifest else None
    with dask_client(scheduler, workers) as client, atomic_folder(out) as tmp:
        work = tmp / WORK / "build"
        work.mkdir(parents=True)
        n_workers = sum(client.nthreads().values()) or 1  # tasks run one per thread
        size = chunk_size or _task_size(len(files), n_workers)
        (tmp / ARTICLES).mkdir()  # tasks add month folders only inside it (see MonthWriter)
        lists = []
        for task, start in enumerate(range(0, len(files), size)):
            path = work / f"files-{task:05d}.pkl"  # a file, not the graph: 1M names is large
            with open(path, "wb") as fh:
                pickle.dump(files[start: start + size], fh)
            lists.append(os.fspath(path))
        client.run(_warm_worker)
        remote = client.scatter(corrections, broadcast=True) if corrections else None
        futures = [client.submit(_dask_parse_task, task, path, os.fspath(tmp), max_bytes,
                                 remote, min(size, TASK_BATCH), key=f"nkcorpus-parse-{task}",
                                 pure=False)
                   for task, path in enumerate(lists)]
        n_rows = 0
        try:
            for future in as_completed(futures):
                result = future.result()  # a failed task raises; atomic_folder cleans up
                n_rows += result["rows"]
                if progress:
                    progress(result["files"])
        except BaseException:
            client.cancel(futures)  # the others must not go on writing into the temp folder
            raise
        key_files = [work / f"keys-{task:05d}.parquet" for task in range(len(lists))]
        problems: list[str] = []
        if corrections is not None:
            problems = corrections.problems + _unmatched_manifest_problems(corrections,
                                                                           key_files)
        changes = _duplicate_changes(key_files)
        fixes = []
        for task, rows in sorted(changes.items()):
            with open(work / f"changes-{task:05d}.pkl", "wb") as fh:
                pickle.dump(rows, fh)
            fixes.append(client.submit(_dask_fix_task, task, os.fspath(tmp), os.fspath(work),
                                       key=f"nkcorpus-duplicates-{task}", pure=False))
        del changes
        client.gather(fixes)
        if not any((tmp / ARTICLES).glob("*/*.parquet")):
            write_empty_articles(tmp / ARTICLES)
        shutil.rmtree(work)
        if not any((tmp / WORK).iterdir()):
            (tmp / WORK).rmdir()
        write_metadata(tmp, engine="dask", n_files=len(files), n_rows=n_rows,
                       skipped=inputs.skipped, manifest_problems=problems,
                       raw_dir=os.fspath(raw_dir.resolve()))
    return out


__all__ = ["Inputs", "build_corpus", "build_dataset", "dask_client", "display_name",
           "list_inputs", "local_cluster", "parse_file", "scan_inputs", "text_id"]
