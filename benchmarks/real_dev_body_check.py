"""Check the hand-labelled body anchors in ``real_dev_body.csv`` against the real-dev texts.

Input: ``benchmarks/real_dev_body.csv`` (columns ``file, start, end, exclude``) and the
select-all texts in ``../shared/corpora/real-dev/text/<file>.txt`` (relative to the repository
root). Output (printed): per file the number of words of the reference body, its first and last
8 words, and an ``ERROR`` line for every anchor that is missing or ambiguous. Exit status 1 if
any error was found, 0 otherwise. If the corpus folder is absent the script says so and exits 0,
because users of the package do not have it.

The reference body is the text from ``start`` (on the line that contains it) to the end of the
first occurrence of ``end`` after it, minus every line whose text (leading whitespace removed)
begins with one of the ``|``-separated ``exclude`` prefixes.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSV_PATH = ROOT / "benchmarks" / "real_dev_body.csv"
TEXT_DIR = ROOT.parent / "shared" / "corpora" / "real-dev" / "text"


def reference_body(text: str, start: str, end: str, exclude: list[str]) -> tuple[str, list[str]]:
    """Return (reference body, errors) for one page text and its anchors.

    The body is empty when ``start`` or ``end`` cannot be located; errors name each problem
    (anchor missing, ``start`` ambiguous, an exclude prefix matching no line in the body).
    """
    errors: list[str] = []
    n_start = text.count(start)
    if n_start == 0:
        return "", [f"start not found: {start!r}"]
    if n_start > 1:
        errors.append(f"start occurs {n_start} times (first one used): {start!r}")
    s = text.index(start)
    e = text.find(end, s)
    if e < 0:
        return "", [*errors, f"end not found after start: {end!r}"]
    if text.find(end, e + 1) >= 0:
        # Not an error: the first occurrence after start is the one used.
        errors.append(f"note: end occurs again later in the page: {end!r}")
    region = text[s : e + len(end)]
    kept: list[str] = []
    used = {p: 0 for p in exclude}
    for line in region.split("\n"):
        stripped = line.strip()
        hit = [p for p in exclude if stripped.startswith(p)]
        for p in hit:
            used[p] += 1
        if not hit and stripped:
            kept.append(stripped)
    for p, n in used.items():
        if n == 0:
            errors.append(f"exclude prefix matches no line in the body: {p!r}")
    return "\n".join(kept), errors


def main() -> int:
    if not TEXT_DIR.is_dir():
        print(f"real-dev corpus not found at {TEXT_DIR}; nothing to check (skipped).")
        return 0
    n_errors = 0
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        path = TEXT_DIR / f"{row['file']}.txt"
        if not path.is_file():
            print(f"{row['file']}: ERROR text file missing: {path.name}")
            n_errors += 1
            continue
        text = path.read_text(encoding="utf-8")
        exclude = [p for p in row["exclude"].split("|") if p.strip()]
        body, errors = reference_body(text, row["start"], row["end"], exclude)
        words = body.split()
        print(f"{row['file']}: {len(words)} words, {len(exclude)} exclude prefixes")
        print(f"    first: {' '.join(words[:8])}")
        print(f"    last:  {' '.join(words[-8:])}")
        for err in errors:
            print(f"    {'NOTE' if err.startswith('note:') else 'ERROR'} {err}")
            n_errors += 0 if err.startswith("note:") else 1
    print(f"{len(rows)} rows, {n_errors} errors")
    return 1 if n_errors else 0


if __name__ == "__main__":
    sys.exit(main())
