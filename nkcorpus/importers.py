"""Importers for article collections made by other tools: JSON lines and CSV.

A *mapping* says which field of a record holds which column of the article table (keys:
``title, published, author, outlet, url, body, deck``). Presets cover trafilatura, news-please
and Media Cloud exports; ``mapping=None`` picks the preset whose fields the first record has.
IndoSum's tokenised records are rebuilt into readable text by :func:`read_indosum`.
Every record gives one row (a malformed line gives an error row naming its line number).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

import pandas as pd

from .build import finalise_table, page_row, text_id
from .dates import parse_date
from .extract import note_date, parse_body_text, split_names
from .ingest import _clean_text, decode_bytes
from .notes import Notes
from .outlets import Profiles, load_profiles

PRESETS: dict[str, dict[str, str]] = {
    "trafilatura": {"title": "title", "published": "date", "author": "author",
                    "outlet": "sitename", "url": "url", "body": "text", "deck": "description"},
    "news-please": {"title": "title", "published": "date_publish", "author": "authors",
                    "outlet": "source_domain", "url": "url", "body": "maintext",
                    "deck": "description"},
    "mediacloud": {"title": "title", "published": "publish_date", "outlet": "media_name",
                   "url": "url", "body": "text"},
    "indosum": {"outlet": "source", "url": "source_url", "body": "paragraphs"},
}
FIELDS = ("title", "published", "author", "outlet", "url", "body", "deck")


def choose_mapping(record: dict, mapping: dict[str, str] | str | None) -> dict[str, str]:
    """The mapping to use: a preset name, an explicit dict, or the best-fitting preset.

    Raises ``ValueError`` for an unknown preset name or field.
    """
    if isinstance(mapping, str):
        if mapping not in PRESETS:
            raise ValueError(f"unknown mapping preset {mapping!r}; valid presets: "
                             f"{', '.join(sorted(PRESETS))}")
        return PRESETS[mapping]
    if mapping is not None:
        bad = [k for k in mapping if k not in FIELDS]
        if bad:
            raise ValueError(f"unknown mapping field(s) {', '.join(bad)}; valid fields: "
                             f"{', '.join(FIELDS)}")
        return dict(mapping)
    if "paragraphs" in record and "source" in record:
        return PRESETS["indosum"]
    return max(PRESETS.values(), key=lambda m: sum(1 for v in m.values() if v in record))


_ATTACH_LEFT = set(".,;:!?)]}%”’")
_ATTACH_RIGHT = set("([{“‘")


def detokenize(tokens: list[str]) -> str:
    """Rebuild readable text from word tokens (IndoSum's tokenised sentences).

    >>> detokenize(['"', 'Tidak', 'hanya', 'tarif', ',', '"', 'ucap', 'dia',
    ...             '(', '27', '/', '3', ')', '.'])
    '"Tidak hanya tarif," ucap dia (27/3).'
    """
    out: list[str] = []
    attach = True
    quote_open = False
    for tok in tokens:
        if tok == '"':
            if quote_open:
                out.append(tok)
                attach = False
            else:
                out.append(tok if attach else " " + tok)
                attach = True
            quote_open = not quote_open
            continue
        if attach or tok in _ATTACH_LEFT:
            out.append(tok)
        else:
            out.append(" " + tok)
        attach = tok in _ATTACH_RIGHT
    return _join_fixes("".join(out))


_SLASH = re.compile(r"(?<=\d) ?/ ?(?=\d)")
_HYPHEN = re.compile(r"(?<=\w) - (?=[a-z0-9])")


def _join_fixes(text: str) -> str:
    """Re-join what tokenisation split: ``27 / 3`` -> ``27/3``, ``ke - 23`` -> ``ke-23``."""
    if "/" in text:
        text = _SLASH.sub("/", text)
    return _HYPHEN.sub("-", text) if " - " in text else text


def _indosum_body(paragraphs: object) -> str:
    if not isinstance(paragraphs, list):
        return ""
    out = []
    for para in paragraphs:
        sentences = [detokenize(s) for s in para if isinstance(s, list)]
        out.append(" ".join(s for s in sentences if s))
    return "\n\n".join(p for p in out if p)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value if v)
    return str(value).strip()


def record_row(record: dict, mapping: dict[str, str], *, source_file: str, sha256: str,
               profiles: Profiles, indosum: bool = False) -> dict:
    """One article-table row from one imported record."""
    notes = Notes()
    raw_body = record.get(mapping.get("body", ""))
    body = _indosum_body(raw_body) if indosum else _text(raw_body)
    body = _clean_text(body, notes) if body else ""
    title = _text(record.get(mapping.get("title", "")))
    outlet_raw = _text(record.get(mapping.get("outlet", "")))
    url = _text(record.get(mapping.get("url", "")))
    profile = profiles.get(outlet_raw) if outlet_raw else None
    if profile is None and url:
        profile = profiles.from_url(url)
    outlet = profile.name if profile else outlet_raw
    page = parse_body_text(body, profiles, notes, outlet=outlet) if body.strip() else None
    if page is None:
        from .extract import Page

        page = Page(outlet=outlet)
        notes.error("record has no article text")
    page.url, page.title = url, title
    page.deck = _text(record.get(mapping.get("deck", "")))
    page.authors = split_names(_text(record.get(mapping.get("author", ""))))
    published = _text(record.get(mapping.get("published", "")))
    page.date = parse_date(published) if published else None
    if not title:
        notes.warn("no title in the record", about="title")
    if not outlet:
        notes.warn("no outlet in the record", about="outlet")
    if indosum and not published:
        notes.warn("no publication date in the record (IndoSum has none: its id prefix is "
                   "the collection time, kept in `retrieved`)", about="published")
    else:
        note_date(page.date, notes, where="in the record")
    row = page_row(page, notes, source_file=source_file, sha256=sha256, encoding="utf-8",
                   article_id=text_id(f"{title}\n\n{body}"))
    row["source_id"] = _text(record.get("id"))
    if indosum:
        m = re.match(r"(\d{9,10})-", _text(record.get("id")))
        if m:
            row["retrieved"] = pd.Timestamp(int(m.group(1)), unit="s", tz="UTC")
    return row


def _error_row(source_file: str, sha256: str, message: str) -> dict:
    from .extract import Page

    notes = Notes()
    notes.error(message)
    return page_row(Page(), notes, source_file=source_file, sha256=sha256, encoding="",
                    article_id=hashlib.sha256(source_file.encode()).hexdigest()[:16])


def rows_from_collection(data: bytes, name: str, digest: str, profiles: Profiles | None = None,
                         mapping: dict[str, str] | str | None = None) -> list[dict]:
    """Rows for every record of a ``.jsonl``/``.ndjson``/``.csv`` collection's bytes."""
    profiles = profiles or load_profiles()
    decoded = decode_bytes(data)
    if decoded.text is None:
        return [_error_row(name, digest, decoded.notes.reasons)]
    if name.lower().endswith(".csv"):
        return _rows_from_csv(decoded.text, name, profiles, mapping)
    rows: list[dict] = []
    chosen: dict[str, str] | None = None
    for lineno, line in enumerate(decoded.text.split("\n"), start=1):
        if not line.strip():
            continue
        source = f"{name}:{lineno}"
        sha = hashlib.sha256(line.encode("utf-8")).hexdigest()
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append(_error_row(source, sha, f"invalid JSON on line {lineno}: {exc.msg} "
                                                f"(column {exc.colno})"))
            continue
        if not isinstance(record, dict):
            rows.append(_error_row(source, sha, f"line {lineno} is a JSON {type(record).__name__}, "
                                                "not an object"))
            continue
        chosen = chosen or choose_mapping(record, mapping)
        rows.append(record_row(record, chosen, source_file=source, sha256=sha, profiles=profiles,
                               indosum=chosen is PRESETS["indosum"]))
    if not rows:
        rows.append(_error_row(name, digest, "collection holds no records"))
    return rows


def _rows_from_csv(text: str, name: str, profiles: Profiles,
                   mapping: dict[str, str] | str | None) -> list[dict]:
    try:
        records = list(csv.DictReader(io.StringIO(text)))
    except csv.Error as exc:
        return [_error_row(name, hashlib.sha256(text.encode()).hexdigest(),
                           f"not readable as CSV: {exc}")]
    if not records:
        return [_error_row(name, hashlib.sha256(text.encode()).hexdigest(),
                           "CSV holds no records")]
    chosen = choose_mapping(records[0], mapping)
    rows = []
    for i, record in enumerate(records, start=2):
        sha = hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()
        rows.append(record_row(record, chosen, source_file=f"{name}:{i}", sha256=sha,
                               profiles=profiles))
    return rows


def _read(paths: list[Path], mapping: dict[str, str] | str | None) -> pd.DataFrame:
    profiles = load_profiles()
    rows: list[dict] = []
    for path in paths:
        data = path.read_bytes()
        rows.extend(rows_from_collection(data, path.name, hashlib.sha256(data).hexdigest(),
                                         profiles, mapping))
    return finalise_table(rows)


def read_jsonl(path: str | Path, *, mapping: dict[str, str] | str | None = None) -> pd.DataFrame:
    """Import a JSON-lines collection (one article object per line) as an article table.

    Raises ``FileNotFoundError`` if ``path`` is missing and ``ValueError`` for a bad mapping.
    """
    return _read([Path(path)], mapping)


def read_csv(path: str | Path, *, mapping: dict[str, str] | str | None = None) -> pd.DataFrame:
    """Import a CSV collection (one article per row, a header row naming the fields)."""
    return _read([Path(path)], mapping)


def read_indosum(path: str | Path) -> pd.DataFrame:
    """Import IndoSum folds: one ``.jsonl`` file, or every ``*.jsonl`` in a folder."""
    path = Path(path)
    paths = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not paths:
        raise FileNotFoundError(f"no .jsonl files in {path}")
    return _read(paths, "indosum")
