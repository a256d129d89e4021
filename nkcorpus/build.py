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
import hashlib
import json
import logging
import os
import stat
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .extract import Page, n_words, parse_page, published_value
from .ingest import MAX_BYTES, _clean_text, decode_bytes, size_text
from .manifest import read_manifest
from .notes import Notes
from .outlets import Profiles, load_profiles
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
    else:
        st = entry.stat(follow_symlinks=False)
    if stat.S_ISDIR(st.st_mode):
        key = (st.st_dev, st.st_ino)
        if key in visited:
            return "folder already read through another path (symlink loop or second link)"
        visited.add(key)
        stack.append((entry.path, rel))
        return ""
    if not stat.S_ISREG(st.st_mode):
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
        "removed": json.dumps([{"rule": r, "text": t} for r, t in page.removed],
                              ensure_ascii=False),
        "n_words": sum(n_words(p) for p in page.body),
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
    since the folder was scanned cannot hang the build."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if limit is not None and st.st_size > limit:
            h = hashlib.sha256()
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
            return None, h.hexdigest(), st.st_size
        data = fh.read()
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
    return [page_row(page, notes, source_file=rel, sha256=digest, encoding=decoded.encoding,
                     article_id=text_id(text))]


def _parse_chunk(args: tuple[list[tuple[str, str]], int]) -> list[dict]:
    files, max_bytes = args
    profiles = load_profiles()
    rows: list[dict] = []
    for path, rel in files:
        rows.extend(parse_file(path, "", profiles, max_bytes=max_bytes, rel=rel))
    return rows


def build_corpus(raw_dir: str | os.PathLike, *, workers: int | None = None,
                 progress: Callable[[int], None] | None = None, manifest: bool = True,
                 max_bytes: int = MAX_BYTES, follow_symlinks: bool = False) -> pd.DataFrame:
    """Parse every input below ``raw_dir`` into the article table (no cache).

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
    raw_dir = Path(raw_dir)
    inputs = scan_inputs(raw_dir, follow_symlinks=follow_symlinks)
    files = inputs.files
    if workers is None:
        workers = (os.cpu_count() or 1) if len(files) >= PARALLEL_THRESHOLD else 1
    rows: list[dict] = []
    if workers <= 1 or len(files) < 2:
        profiles = load_profiles()
        for path, rel in files:
            rows.extend(parse_file(path, raw_dir, profiles, max_bytes=max_bytes, rel=rel))
            if progress:
                progress(1)
    else:
        size = max(1, min(500, len(files) // (workers * 8) or 1))
        chunks = [files[i: i + size] for i in range(0, len(files), size)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for chunk, result in zip(chunks, pool.map(_parse_chunk, [
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


__all__ = ["Inputs", "build_corpus", "display_name", "list_inputs", "parse_file",
           "scan_inputs", "text_id"]
