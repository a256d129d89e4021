"""Importers for article collections made by other tools: JSON lines and CSV.

A *mapping* says which field of a record holds which column of the article table (keys:
``title, published, author, outlet, url, body, deck``, plus the option ``date_order``:
``day-first`` or ``month-first``). It can be given in code (``mapping=``), in a *sidecar file*
beside the export (``export.csv`` + ``export.mapping.json`` or ``export.mapping.yaml``, the same
keys), or left out: then the IndoSum layout or the columns' names decide (trafilatura,
news-please and Media Cloud names, and Indonesian ones such as ``judul``, ``tanggal``, ``isi``,
``isi_berita``, ``tautan``, ``penulis``, ``sumber``; see :data:`SYNONYMS`).

Every record gives one row; ``source_file`` is ``FILE:LINE`` with the *physical* line number
where the record starts (line 1 is a CSV's header). The file is parsed first (one JSON object
per line; the ``csv`` module on the text as decoded) and each record's fields are cleaned
afterwards, so markup inside a field never changes the file's structure. A malformed line, a
CSV record with the wrong number of fields or an unterminated quote, a record over
``max_bytes``, or a record that cannot be read (numbers too long, nesting too deep) gives an
error row naming its line; the records around it are kept.

Numeric dates (``9/10/2025 22:30``) are read day-first or month-first per file and column, from
the values themselves: a first number over 12 proves day-first, a second number over 12
month-first. When no value settles it, day-first (the Indonesian convention) is used and every
ambiguous row says so. Dates with their own offset (``+07:00``, ``Z``) are taken as they are.
IndoSum's tokenised records are rebuilt into readable text by :func:`read_indosum`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import pandas as pd

from .build import finalise_table, page_row, text_id
from .dates import JAKARTA, DateReading, _checked, parse_date
from .extract import Page, note_date, parse_body_text, split_names
from .ingest import MAX_BYTES, _clean_text, csv_records, decode_raw, size_text
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
#: Options a mapping may carry besides fields.
OPTIONS = {"date_order": ("day-first", "month-first")}
#: Column names recognised without a mapping, per field, in order of preference. Names are
#: compared lower-cased, with spaces and hyphens read as underscores.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": ("title", "judul", "judul_berita", "headline", "heading"),
    "published": ("date", "date_publish", "publish_date", "published", "published_at",
                  "pubdate", "tanggal", "tanggal_terbit", "tanggal_publikasi", "tgl", "waktu",
                  "datetime", "timestamp", "time"),
    "author": ("author", "authors", "penulis", "reporter", "wartawan", "byline", "creator"),
    "outlet": ("sitename", "source_domain", "media_name", "media", "outlet", "source",
               "sumber", "portal", "publisher", "site", "situs"),
    "url": ("url", "link", "tautan", "source_url", "permalink", "href", "canonical_url"),
    "body": ("text", "maintext", "body", "content", "konten", "isi", "isi_berita", "article",
             "artikel", "berita", "full_text", "naskah", "paragraphs"),
    "deck": ("description", "deskripsi", "ringkasan", "summary", "lead", "lede", "excerpt"),
}
SIDECAR_SUFFIXES = (".mapping.json", ".mapping.yaml", ".mapping.yml")


def _norm(name: str) -> str:
    return re.sub(r"[\s-]+", "_", str(name).strip().lower())


def auto_mapping(columns: Iterable[str]) -> dict[str, str]:
    """The mapping the column names suggest (see :data:`SYNONYMS`); may lack ``body``."""
    by_norm: dict[str, str] = {}
    for col in columns:
        by_norm.setdefault(_norm(col), col)
    out: dict[str, str] = {}
    used: set[str] = set()
    for name, synonyms in SYNONYMS.items():
        for syn in synonyms:
            col = by_norm.get(syn)
            if col is not None and col not in used:
                out[name] = col
                used.add(col)
                break
    return out


def choose_mapping(record: dict | Iterable[str], mapping: dict[str, str] | str | None
                   ) -> dict[str, str]:
    """The mapping to use: a preset name, an explicit dict, or the one the fields suggest.

    ``record`` is one record (or the collection's column names). Raises ``ValueError`` for an
    unknown preset name, field or option value.
    """
    if isinstance(mapping, str):
        if mapping not in PRESETS:
            raise ValueError(f"unknown mapping preset {mapping!r}; valid presets: "
                             f"{', '.join(sorted(PRESETS))}")
        return PRESETS[mapping]
    if mapping is not None:
        bad = [k for k in mapping if k not in FIELDS and k not in OPTIONS]
        if bad:
            raise ValueError(f"unknown mapping field(s) {', '.join(map(str, bad))}; valid "
                             f"fields: {', '.join(FIELDS)} (and the option date_order)")
        order = mapping.get("date_order")
        if order is not None and order not in OPTIONS["date_order"]:
            raise ValueError(f"date_order must be one of {', '.join(OPTIONS['date_order'])}, "
                             f"got {order!r}")
        return {str(k): str(v) for k, v in mapping.items()}
    columns = list(record)
    if "paragraphs" in columns and "source" in columns:
        return PRESETS["indosum"]
    return auto_mapping(columns)


def sidecar_for(path: Path) -> Path | None:
    """The mapping sidecar beside collection ``path`` (``NAME.mapping.json``/``.yaml``), if
    there is one."""
    stem = Path(path).name.rsplit(".", 1)[0]
    for suffix in SIDECAR_SUFFIXES:
        candidate = Path(path).with_name(stem + suffix)
        if candidate.is_file():
            return candidate
    return None


def read_sidecar(path: Path) -> dict[str, str]:
    """Read a mapping sidecar (JSON or YAML object of ``field: column``).

    Raises ``ValueError`` naming the file and the problem.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
        if Path(path).suffix == ".json":
            data = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ValueError(f"mapping file {Path(path).name} could not be read: {exc}") from None
    except Exception as exc:  # yaml.YAMLError and friends
        raise ValueError(f"mapping file {Path(path).name} could not be read: "
                         f"{type(exc).__name__}: {exc}") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError(f"mapping file {Path(path).name} must hold an object of "
                         'field: column name pairs, e.g. {"title": "judul", "body": "isi"}')
    try:
        return choose_mapping({}, data)
    except ValueError as exc:
        raise ValueError(f"mapping file {Path(path).name}: {exc}") from None


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


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value if v)
    return str(value).strip()


_NUMERIC_DATE = re.compile(
    r"^\s*(?:[^\W\d_]+\.?,?\s+)?(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)"
    r"(?P<y>\d{4}|\d{2})(?P<rest>(?:[\sT,|-].*)?)$", re.S)
_ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                              r"\s?(?:Z|[+-]\d{2}:?\d{2})$")
_AMPM = re.compile(r"^(?P<pre>\s*[T,|-]?\s*)(?P<h>\d{1,2})(?P<hm>[:.]\d\d(?:[:.]\d\d)?)\s*"
                   r"(?P<ampm>[AaPp])\.?[Mm]\.?(?P<post>.*)$", re.S)


@dataclasses.dataclass(frozen=True)
class DateOrder:
    """How numeric dates of one column are read: ``order`` (``day-first``/``month-first``),
    where that came from (``declared``, ``values``, ``default``), and whether the values
    contradict each other (``conflict``)."""

    order: str
    basis: str
    conflict: bool = False
    column: str = ""


def infer_date_order(values: Iterable[str], column: str = "", declared: str | None = None
                     ) -> DateOrder:
    """Day-first or month-first for a column of date strings, from the values themselves.

    A first number over 12 (``13/10/2025``) proves day-first; a second number over 12
    (``10/13/2025``) month-first. Both: ``conflict=True`` (day-first used). Neither: day-first
    by default (``basis="default"``). ``declared`` (from a mapping) wins over the values.
    """
    day_first = month_first = False
    for value in values:
        m = _NUMERIC_DATE.match(value or "")
        if not m:
            continue
        a, b = int(m["a"]), int(m["b"])
        day_first |= a > 12 >= b
        month_first |= b > 12 >= a
    if declared:
        return DateOrder(declared, "declared", False, column)
    if day_first and month_first:
        return DateOrder("day-first", "values", True, column)
    if month_first:
        return DateOrder("month-first", "values", False, column)
    return DateOrder("day-first", "values" if day_first else "default", False, column)


def read_record_date(value: str, order: DateOrder, notes: Notes) -> DateReading | None:
    """Read one record's date string, numeric forms in the column's ``order``; notes say
    when a reading could have been the other way round."""
    iso = _ISO_WITH_OFFSET.match(value.strip())
    if iso:  # a timestamp with its own offset is taken as it is (no zone assumed)
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError as exc:
            return DateReading(None, value.strip(), f"impossible date '{value.strip()}' ({exc})")
        return _checked(moment.astimezone(JAKARTA), value.strip(), False, True)
    m = _NUMERIC_DATE.match(value)
    if not m:
        return parse_date(value)
    a, b, year = int(m["a"]), int(m["b"]), m["y"]
    year_n = int(year) + (2000 if len(year) == 2 else 0)
    col = f"column '{order.column}'" if order.column else "the date column"
    if a > 12 and b > 12:
        return DateReading(None, value.strip(), f"impossible date '{value.strip()}' (neither "
                           "number can be the month)")
    if a > 12 or b > 12:
        day, month = (a, b) if a > 12 else (b, a)
        if order.conflict:
            notes.warn(f"{col} mixes day-first and month-first dates; '{value.strip()}' can only "
                       "be read one way", about="published")
    else:
        day, month = (a, b) if order.order == "day-first" else (b, a)
        if a != b:
            other = "month-first" if order.order == "day-first" else "day-first"
            if order.conflict:
                notes.warn(f"ambiguous date '{value.strip()}' read {order.order}: {col} mixes "
                           f"day-first and month-first dates (set date_order in the mapping)",
                           about="published")
            elif order.basis == "default":
                notes.warn(f"ambiguous date '{value.strip()}' read day-first ({day} "
                           f"{_MONTH_NAMES[month - 1]}); no value in {col} settles the order: "
                           f"if it is {other}, set date_order in the mapping", about="published")
    rest = m["rest"] or ""
    ampm = _AMPM.match(rest)
    if ampm:
        hour = int(ampm["h"]) % 12 + (12 if ampm["ampm"].lower() == "p" else 0)
        rest = f" {hour:02d}{ampm['hm']}{ampm['post']}"
    reading = parse_date(f"{year_n:04d}-{month:02d}-{day:02d}{rest}", fallback=False)
    if reading is None:
        return DateReading(None, value.strip(), f"impossible date '{value.strip()}'")
    return dataclasses.replace(reading, text=value.strip())


_MONTH_NAMES = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                "September", "Oktober", "November", "Desember")


def _clean_field(value: str, name: str, notes: Notes) -> str:
    """Clean one short field (title, author...): markup, entities, spaces; notes prefixed."""
    if not value:
        return ""
    scratch = Notes()
    cleaned = " ".join(_clean_text(value, scratch).split())
    for level, message, _ in scratch.items:
        if level != "info" and "only whitespace" not in message:
            notes.warn(f"{name} field: {message}", about=name)
    return cleaned


def record_row(record: dict, mapping: dict[str, str], *, source_file: str, sha256: str,
               profiles: Profiles, indosum: bool = False,
               date_order: DateOrder | None = None) -> dict:
    """One article-table row from one imported record (a dict of field values).

    Each field's value is cleaned after the record was parsed; fields that come from the
    record are marked ``record`` in ``field_sources``.
    """
    notes = Notes()
    values = {}
    for name in FIELDS:
        column = mapping.get(name)
        raw = record.get(column) if column else None
        if name == "body" and indosum:
            values[name] = _indosum_body(raw)
        else:
            values[name] = _text(raw)
        if _SURROGATE.search(values[name]):
            values[name] = _SURROGATE.sub("\ufffd", values[name])
            notes.warn(f"{name} field held invalid characters (lone surrogates), replaced "
                       "with U+FFFD", about=name)
    body = _clean_text(values["body"], notes) if values["body"] else ""
    title = _clean_field(values["title"], "title", notes)
    outlet_raw = _clean_field(values["outlet"], "outlet", notes)
    url = _clean_field(values["url"], "url", notes)
    sources: dict[str, str] = {}
    if outlet_raw.startswith(("http://", "https://")) and not url:
        url, outlet_raw = outlet_raw, ""
    profile = profiles.get(outlet_raw) if outlet_raw else None
    outlet_source = "record"
    if profile is None and url:
        profile = profiles.from_url(url)
        outlet_source = "url" if profile else outlet_source
    outlet = profile.name if profile else outlet_raw
    page = parse_body_text(body, profiles, notes, outlet=outlet) if body.strip() else None
    if page is None:
        page = Page(outlet=outlet)
        notes.error("record has no article text")
    page.url, page.title = url, title
    page.deck = _clean_field(values["deck"], "deck", notes)
    page.authors = split_names(_clean_field(values["author"], "author", notes))
    published = _clean_field(values["published"], "published", notes)
    order = date_order or DateOrder("day-first", "default")
    page.date = read_record_date(published, order, notes) if published else None
    for name, value in (("title", title), ("url", url), ("deck", page.deck),
                        ("author", page.authors), ("published", published),
                        ("body", page.body)):
        if value:
            sources[name] = "record"
    if outlet:
        sources["outlet"] = outlet_source
    page.sources = sources
    if not title:
        notes.warn("no title in the record", about="title")
    if not outlet:
        notes.warn("no outlet in the record", about="outlet")
    if indosum and not published:
        notes.warn("no publication date in the record (IndoSum has none: its id prefix is "
                   "the collection time, kept in `retrieved`)", about="published")
    elif published and page.date is None:
        notes.warn(f"publication date '{published[:80]}' in the record could not be read "
                   "(not used)", about="published")
    else:
        note_date(page.date, notes, where="in the record")
    row = page_row(page, notes, source_file=source_file, sha256=sha256, encoding="utf-8",
                   article_id=text_id(f"{title}\n\n{body}"))
    row["source_id"] = _SURROGATE.sub("\ufffd", _text(record.get("id")))
    if indosum:
        m = re.match(r"(\d{9,10})-", row["source_id"])
        if m:
            row["retrieved"] = pd.Timestamp(int(m.group(1)), unit="s", tz="UTC")
    return row


def _error_row(source_file: str, sha256: str, message: str, encoding: str = "") -> dict:
    notes = Notes()
    notes.error(message)
    return page_row(Page(), notes, source_file=source_file, sha256=sha256, encoding=encoding,
                    article_id=hashlib.sha256(source_file.encode("utf-8", "surrogatepass"))
                    .hexdigest()[:16])


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _mapping_help(columns: list[str], guess: dict[str, str]) -> str:
    """The exact ``mapping=`` a user could pass, guesses filled in, placeholders elsewhere."""
    parts = []
    for name in ("title", "published", "body", "author", "outlet", "url"):
        parts.append(f'"{name}": "{guess.get(name, "COLUMN")}"')
    return "mapping={" + ", ".join(parts) + "}"


def _unmapped_problem(name: str, columns: list[str], mapping: dict[str, str]) -> str | None:
    """Why ``mapping`` cannot be used on a collection with ``columns`` (None if it can)."""
    missing = [f"{k}: '{v}'" for k, v in mapping.items()
               if k in FIELDS and v not in columns]
    shown = ", ".join(columns[:30]) + (" …" if len(columns) > 30 else "")
    if missing:
        return (f"{name}: the mapping names column(s) the file does not have "
                f"({'; '.join(missing)}); columns found: {shown}")
    if "body" not in mapping:
        stem = Path(name).name.rsplit(".", 1)[0]
        return (f"{name}: no column for the article text; columns found: {shown}. "
                f"Pass {_mapping_help(columns, mapping)} to read_csv/read_jsonl, or save the "
                f"same pairs as JSON in {stem}.mapping.json beside the file")
    return None


def rows_from_collection(data: bytes, name: str, digest: str, profiles: Profiles | None = None,
                         mapping: dict[str, str] | str | None = None, *,
                         max_bytes: int = MAX_BYTES) -> list[dict]:
    """Rows for every record of a ``.jsonl``/``.ndjson``/``.csv`` collection's bytes.

    ``name`` is the file's path as shown in ``source_file`` (records get ``name:LINE``);
    ``max_bytes`` limits each record, not the file. Never raises: bad data, and a mapping
    that does not fit the file, give error rows.
    """
    profiles = profiles or load_profiles()
    decoded = decode_raw(data)
    if decoded.text is None:
        return [_error_row(name, digest, decoded.notes.reasons)]
    file_notes = [item for item in decoded.notes.items if item[0] != "info"]
    if name.lower().endswith(".csv"):
        records, columns, header_problem = _csv_records(decoded.text)
        if header_problem:
            return [_error_row(name, digest, header_problem)]
    else:
        records = _json_records(decoded.text)
        columns = list(dict.fromkeys(k for r in records if r[2] is not None for k in r[2]))
    rows: list[dict] = []
    good = [r for r in records if r[2] is not None]
    try:
        chosen = choose_mapping(columns, mapping)
        problem = _unmapped_problem(name, columns, chosen) if good else None
    except ValueError as exc:
        chosen, problem = {}, str(exc)
    indosum = chosen is PRESETS["indosum"]
    order = infer_date_order((_text(r[2].get(chosen.get("published", ""))) for r in good),
                             chosen.get("published", ""), chosen.get("date_order"))
    if order.conflict:
        file_notes.append(("warning", f"column '{order.column}' has both day-first and "
                           "month-first dates", "published"))
    for lineno, raw, record, error in records:
        source = f"{name}:{lineno}"
        sha = _sha(raw)
        if error:
            rows.append(_error_row(source, sha, error))
            continue
        if len(raw.encode("utf-8", "surrogatepass")) > max_bytes:
            size = len(raw.encode("utf-8", "surrogatepass"))
            rows.append(_error_row(source, sha, f"record on line {lineno} is "
                                   f"{size_text(size)}, over the "
                                   f"{size_text(max_bytes, limit=True)} limit for one article"))
            continue
        if problem:
            rows.append(_error_row(source, sha, problem))
            continue
        try:
            row = record_row(record, chosen, source_file=source, sha256=sha, profiles=profiles,
                             indosum=indosum, date_order=order)
        except Exception as exc:  # one bad record must not lose the others
            row = _error_row(source, sha, f"record on line {lineno} could not be read "
                             f"({type(exc).__name__}: {str(exc)[:200]})")
        row["encoding"] = decoded.encoding
        row["_notes"].extend(file_notes)
        rows.append(row)
    if not rows:
        rows.append(_error_row(name, digest, "collection holds no records"))
    return rows


_Record = tuple[int, str, "dict | None", str]


def _json_records(text: str) -> list[_Record]:
    """``(line, raw, record or None, error)`` for each non-blank physical line."""
    out: list[_Record] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        try:
            # Integers and floats are kept as their text: a 5,000-digit number is data, not
            # a reason to lose the record (int() refuses more than 4,300 digits).
            record = json.loads(line, parse_int=str, parse_float=str)
        except json.JSONDecodeError as exc:
            out.append((lineno, line, None, f"invalid JSON on line {lineno}: {exc.msg} "
                                            f"(column {exc.colno})"))
            continue
        except RecursionError:
            out.append((lineno, line, None, f"line {lineno}: JSON nested too deeply to read"))
            continue
        except (ValueError, MemoryError) as exc:
            out.append((lineno, line, None, f"line {lineno}: JSON could not be read "
                                            f"({type(exc).__name__}: {str(exc)[:200]})"))
            continue
        if not isinstance(record, dict):
            out.append((lineno, line, None, f"line {lineno} is a JSON {type(record).__name__}, "
                                            "not an object"))
            continue
        out.append((lineno, line, {str(k): v for k, v in record.items()}, ""))
    return out


def _csv_records(text: str) -> tuple[list[_Record], list[str], str]:
    """``(records, column names, header problem)``; each record is ``(first line, raw,
    fields or None, error)``."""
    records = csv_records(text)
    if not records:
        return [], [], ""
    header = records[0]
    if header.problem:
        return [], [], f"CSV header unreadable: {header.problem}"
    names = [h.strip().lstrip("\ufeff") or f"column_{i + 1}" for i, h in
             enumerate(header.fields)]
    seen: dict[str, int] = {}
    for i, h in enumerate(names):  # duplicate names would overwrite each other's values
        seen[h] = seen.get(h, 0) + 1
        if seen[h] > 1:
            names[i] = f"{h}_{seen[h]}"
    out: list[_Record] = []
    for rec in records[1:]:
        if rec.problem:
            out.append((rec.start, rec.raw, None, rec.problem))
        else:
            out.append((rec.start, rec.raw, dict(zip(names, rec.fields, strict=True)), ""))
    return out, names, ""


def _read(paths: list[Path], mapping: dict[str, str] | str | None) -> pd.DataFrame:
    if mapping is not None:
        choose_mapping({}, mapping)  # a bad mapping argument is the caller's error: raise
    profiles = load_profiles()
    rows: list[dict] = []
    for path in paths:
        data = path.read_bytes()
        chosen = mapping
        if chosen is None:
            sidecar = sidecar_for(path)
            chosen = read_sidecar(sidecar) if sidecar else None
        rows.extend(rows_from_collection(data, path.name, hashlib.sha256(data).hexdigest(),
                                         profiles, chosen))
    return finalise_table(rows)


def read_jsonl(path: str | Path, *, mapping: dict[str, str] | str | None = None) -> pd.DataFrame:
    """Import a JSON-lines collection (one article object per line) as an article table.

    ``mapping``: a preset name or ``{field: column}`` (see the module docstring); default: a
    sidecar ``NAME.mapping.json``/``.yaml`` beside the file, else the fields' names.
    Raises ``FileNotFoundError`` if ``path`` is missing and ``ValueError`` for a bad mapping
    or sidecar. Bad records give error rows, never exceptions.
    """
    return _read([Path(path)], mapping)


def read_csv(path: str | Path, *, mapping: dict[str, str] | str | None = None) -> pd.DataFrame:
    """Import a CSV collection (one article per row, a header row naming the fields).

    Same ``mapping`` rules, errors and guarantees as :func:`read_jsonl`.
    """
    return _read([Path(path)], mapping)


def read_indosum(path: str | Path) -> pd.DataFrame:
    """Import IndoSum folds: one ``.jsonl`` file, or every ``*.jsonl`` in a folder."""
    path = Path(path)
    paths = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not paths:
        raise FileNotFoundError(f"no .jsonl files in {path}")
    return _read(paths, "indosum")
