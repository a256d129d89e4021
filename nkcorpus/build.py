"""Stage 3, build: a folder of raw inputs to the article table, one row per input.

``build_corpus`` never raises on bad input: a file that cannot be read becomes a row with
``status == "error"`` and its reasons. Large folders are parsed on all cores.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from .extract import Page, n_words, parse_page, published_value
from .ingest import MAX_BYTES, _clean_text, decode_bytes
from .manifest import read_manifest
from .notes import Notes
from .outlets import Profiles, load_profiles
from .schema import coerce_articles, empty_articles

log = logging.getLogger(__name__)

#: Files in a raw folder that are not articles: the manifest and checksums beside them.
SIDECARS = frozenset({"manifest.csv", "SHA256SUMS", "README.md", "README.txt"})
#: Suffixes read as collections of many articles (one row per record).
COLLECTIONS = frozenset({".jsonl", ".ndjson", ".csv"})
PARALLEL_THRESHOLD = 200


def list_inputs(raw_dir: Path) -> list[Path]:
    """Every input file below ``raw_dir`` (recursive, sorted), except hidden files and sidecars."""
    raw_dir = Path(raw_dir)
    files = []
    for path in raw_dir.rglob("*"):
        rel = path.relative_to(raw_dir)
        if any(part.startswith(".") for part in rel.parts) or path.name in SIDECARS:
            continue
        if path.is_file():
            files.append(path)
    return sorted(files, key=lambda p: p.relative_to(raw_dir).as_posix())


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


def parse_file(path: Path, raw_dir: Path, profiles: Profiles | None = None, *,
               max_bytes: int = MAX_BYTES) -> list[dict]:
    """Parse one input file into rows (one for a page, one per record for a collection)."""
    profiles = profiles or load_profiles()
    rel = Path(path).relative_to(raw_dir).as_posix()
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        notes = Notes()
        notes.error(f"could not read file: {exc.strerror or exc}")
        return [page_row(Page(), notes, source_file=rel, sha256="", encoding="",
                         article_id=hashlib.sha256(rel.encode()).hexdigest()[:16])]
    digest = hashlib.sha256(data).hexdigest()
    if Path(path).suffix.lower() in COLLECTIONS:
        from .importers import rows_from_collection

        return rows_from_collection(data, rel, digest, profiles)
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


def _parse_text_page(text: str, profiles: Profiles, notes: Notes,
                     rel: str) -> tuple[Page, str]:
    """One page file's decoded text: a saved HTML page (``.html``/``.htm``, or any file whose
    content is an HTML document) through :mod:`nkcorpus.htmlpage`, else plain page text.
    Returns the page and the text its article id is derived from."""
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


def _parse_chunk(args: tuple[list[str], str, int]) -> list[dict]:
    paths, raw_dir, max_bytes = args
    profiles = load_profiles()
    rows: list[dict] = []
    for p in paths:
        rows.extend(parse_file(Path(p), Path(raw_dir), profiles, max_bytes=max_bytes))
    return rows


def build_corpus(raw_dir: str | os.PathLike, *, workers: int | None = None,
                 progress: Callable[[int], None] | None = None, manifest: bool = True,
                 max_bytes: int = MAX_BYTES) -> pd.DataFrame:
    """Parse every input file in ``raw_dir`` into the article table (no cache).

    Returns one row per file (one per record for ``.jsonl``/``.csv`` collections), sorted by
    ``source_file``, with the columns of :data:`nkcorpus.schema.ARTICLE_COLUMNS`. Bad input
    gives rows with ``status == "error"``; only a missing ``raw_dir`` raises
    (``FileNotFoundError``). ``workers``: processes to use (default: all cores for folders of
    200 files or more). ``progress`` is called with the number of files just finished.
    ``manifest``: apply ``raw_dir/manifest.csv`` corrections if the file exists.
    Problems in the manifest itself are listed in ``df.attrs["manifest_problems"]``.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    files = list_inputs(raw_dir)
    if workers is None:
        workers = (os.cpu_count() or 1) if len(files) >= PARALLEL_THRESHOLD else 1
    rows: list[dict] = []
    if workers <= 1 or len(files) < 2:
        profiles = load_profiles()
        for path in files:
            rows.extend(parse_file(path, raw_dir, profiles, max_bytes=max_bytes))
            if progress:
                progress(1)
    else:
        size = max(1, min(500, len(files) // (workers * 8) or 1))
        chunks = [[str(p) for p in files[i: i + size]] for i in range(0, len(files), size)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for chunk, result in zip(chunks, pool.map(_parse_chunk, [
                    (c, str(raw_dir), max_bytes) for c in chunks]), strict=False):
                rows.extend(result)
                if progress:
                    progress(len(chunk))
    problems: list[str] = []
    if manifest and (raw_dir / "manifest.csv").is_file():
        table = read_manifest(raw_dir / "manifest.csv")
        problems = table.problems + table.apply(rows)
    df = finalise_table(rows)
    df.attrs["manifest_problems"] = problems
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


__all__ = ["build_corpus", "list_inputs", "parse_file", "text_id"]
