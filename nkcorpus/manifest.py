"""``manifest.csv``: a researcher's per-file corrections, which win over what the page says.

Columns: ``file`` (path relative to the raw folder, or ``FILE:LINE`` for a record of a
collection) and any of ``url, outlet, title, published, author, dateline, note``. Empty cells
change nothing. Each correction is listed in the row's ``corrected`` column and explained in
``reasons``, so a reader always knows which values came from the page and which from a person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .dates import parse_date
from .ingest import csv_records
from .notes import Notes
from .outlets import load_profiles

FIELDS = ("url", "outlet", "title", "published", "author", "dateline", "note")
#: A correction longer than this is refused (a title or URL is short; a huge cell is a
#: broken file, e.g. an unterminated quote).
MAX_CELL = 10_000


@dataclass
class Manifest:
    """Corrections keyed by file, plus problems found while reading the manifest."""

    path: Path
    entries: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def apply(self, rows: list[dict]) -> list[str]:
        """Apply corrections to ``rows`` in place; return problems (e.g. unknown files)."""
        problems = []
        seen = set()
        for row in rows:
            entry = self.entries.get(row["source_file"])
            if entry is None:
                continue
            seen.add(row["source_file"])
            _correct(row, entry, self.path.name)
        for name in self.entries:
            if name not in seen:
                problems.append(f"{self.path.name}: names '{name}', which is not an input file")
        return problems


def read_manifest(path: Path) -> Manifest:
    """Read ``manifest.csv``; problems are collected, never raised.

    Parsed with the same record reader as CSV collections: a record with the wrong number of
    fields or an unterminated quote is reported with its line number and not applied, and
    the records around it still are.
    """
    manifest = Manifest(Path(path))
    name = Path(path).name
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        manifest.problems.append(f"{name}: could not be read ({exc})")
        return manifest
    records = csv_records(text)
    columns = [c.strip() for c in records[0].fields] if records else []
    if "file" not in columns:
        manifest.problems.append(f"{name}: has no 'file' column (columns: "
                                 f"{', '.join(columns) or 'none'})")
        return manifest
    unknown = [c for c in columns if c not in FIELDS and c != "file"]
    if unknown:
        manifest.problems.append(f"{name}: ignored unknown columns "
                                 f"{', '.join(unknown)} (known: file, {', '.join(FIELDS)})")
    for rec in records[1:]:
        if rec.problem:
            manifest.problems.append(f"{name}: {rec.problem}; that correction is not applied")
            continue
        record = dict(zip(columns, rec.fields, strict=True))
        file = (record.get("file") or "").strip()
        if not file:
            manifest.problems.append(f"{name}:{rec.start}: empty 'file' cell")
            continue
        entry = {k: (record.get(k) or "").strip() for k in FIELDS}
        too_long = [k for k, v in entry.items() if len(v) > MAX_CELL]
        if too_long:
            manifest.problems.append(f"{name}:{rec.start}: {', '.join(too_long)} over "
                                     f"{MAX_CELL:,} characters; that correction is not applied")
            continue
        manifest.entries[file] = entry
    return manifest


def _correct(row: dict, entry: dict[str, str], source: str) -> None:
    notes = Notes(row["_notes"])
    corrected = []
    for name in ("url", "title", "author", "dateline", "outlet"):
        value = entry.get(name, "")
        if not value:
            continue
        if name == "outlet":
            profile = load_profiles().get(value)
            value = profile.name if profile else value
        notes.drop(name)  # the page's notes about this field no longer apply
        if name == "dateline":
            value = value.upper()
        if row[name] != value:
            old = row[name] or "missing"
            row[name] = value
            corrected.append(name)
            notes.info(f"{name} from {source} (page had: {old})", about=name)
    if entry.get("published"):
        reading = parse_date(entry["published"])
        if reading is None or reading.value is None:
            why = reading.problem if reading else "no date in it"
            notes.warn(f"{source} published value '{entry['published']}' not used: {why}")
        else:
            old = row["published_text"] or "missing"
            row["published"] = reading.value
            row["published_text"] = entry["published"]
            corrected.append("published")
            notes.drop("published")  # the page's date problems no longer apply
            notes.info(f"published from {source} (page had: {old})", about="published")
            if not reading.has_time:
                notes.info(f"{source} date has no time of day: midnight WIB used",
                           about="published")
    if entry.get("note"):
        notes.info(f"{source} note: {entry['note']}")
    row["_notes"] = notes.items
    row["corrected"] = "; ".join(corrected)
    if corrected:
        sources = dict(pair.split("=", 1) for pair in row["field_sources"].split("; ")
                       if "=" in pair)
        sources.update({name: "manifest" for name in corrected})
        row["field_sources"] = "; ".join(f"{k}={v}" for k, v in sorted(sources.items()))
