"""Prove that a change left the article table unchanged: build it with two versions of the code.

    python benchmarks/compare_tables.py --base bc2ad3d          # base commit vs this tree
    python benchmarks/compare_tables.py --base main --no-generated --no-real-dev

The named git ref is checked out into a temporary git worktree (removed afterwards) and each
corpus below is built twice, once with the base code and once with this tree's code, each in
its own subprocess (so each imports its own ``nkcorpus``). Every column of every row must be
equal (same dtypes, same values, NaN/NaT equal to themselves), and so must ``df.attrs``
(skipped paths, manifest problems, file count). Corpora:

- ``data/raw`` (the seed pages);
- every folder under ``tests/fixtures`` that holds input files, each built as a raw folder;
- the shipped IndoSum sample, through ``read_indosum`` (``data/external/indosum``);
- a generated corpus (``--generated N``, default 10,000; the generator of
  ``build_throughput.py``), cached in ``--workdir``;
- the real pages in ``../shared/corpora/real-dev`` (``text/`` through ``build_corpus``, and
  ``html/``), read in place and never copied; skipped with a message when the folder is absent;
- any extra raw folder given with ``--folder PATH`` (repeatable), read in place.

Exit status 0 when every table is equal, 1 otherwise (the first differing rows are printed).
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL_DEV = Path(os.environ.get("NKCORPUS_REAL_DEV", ROOT.parent / "shared/corpora/real-dev"))
INPUT_SUFFIXES = {".txt", ".html", ".htm", ".jsonl", ".ndjson", ".csv"}


def fixture_folders() -> list[Path]:
    """Folders under tests/fixtures that directly hold an input file (each a raw folder)."""
    found = []
    for folder in sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.is_dir()):
        if any(f.suffix.lower() in INPUT_SUFFIXES for f in folder.iterdir() if f.is_file()):
            found.append(folder)
    return found


def corpora(args: argparse.Namespace) -> list[tuple[str, str, Path]]:
    """``(label, how, path)`` for every corpus to compare; ``how`` is build or indosum."""
    out = [("data/raw (seeds)", "build", ROOT / "data" / "raw")]
    out += [(str(f.relative_to(ROOT)), "build", f) for f in fixture_folders()]
    out.append(("IndoSum sample (read_indosum)", "indosum", ROOT / "data/external/indosum"))
    if args.generated:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from build_throughput import generate

        folder = generate(args.workdir / f"gen-{args.generated}", args.generated)
        out.append((f"generated {args.generated:,}", "build", folder))
    if args.real_dev:
        if REAL_DEV.is_dir():
            for sub in ("text", "html"):
                if (REAL_DEV / sub).is_dir():
                    out.append((f"real-dev/{sub}", "build", REAL_DEV / sub))
        else:
            print(f"(real-dev pages not found at {REAL_DEV}: skipped)")
    for folder in args.folder:
        if folder.is_dir():
            out.append((str(folder), "build", folder))
        else:
            print(f"(folder {folder} not found: skipped)")
    return out


def dump(code_root: Path, how: str, path: Path, out: Path) -> None:
    """Child process: build one table with the code in ``code_root`` and pickle it."""
    sys.path.insert(0, str(code_root))
    import nkcorpus

    assert Path(nkcorpus.__file__).resolve().is_relative_to(code_root.resolve()), \
        f"imported {nkcorpus.__file__}, not the code in {code_root}"
    if how == "indosum":
        df = nkcorpus.read_indosum(path)
    else:
        df = nkcorpus.build_corpus(path, workers=1)
    with open(out, "wb") as fh:
        pickle.dump((df, dict(df.attrs)), fh)


def build_with(code_root: Path, how: str, path: Path, scratch: Path, tag: str):
    out = scratch / f"{tag}.pkl"
    env = {**os.environ, "PYTHONPATH": str(code_root)}
    subprocess.run([sys.executable, __file__, "--dump", how, str(path), str(out),
                    "--code", str(code_root)], check=True, env=env, cwd=str(code_root))
    with open(out, "rb") as fh:
        df, attrs = pickle.load(fh)
    out.unlink()
    return df, attrs


def differences(old, new, old_attrs: dict, new_attrs: dict, limit: int = 5) -> list[str]:
    """Human-readable differences between two article tables (empty when equal)."""
    import pandas as pd

    problems = []
    if list(old.columns) != list(new.columns):
        return [f"columns differ: {list(old.columns)} vs {list(new.columns)}"]
    if len(old) != len(new):
        return [f"row counts differ: {len(old)} vs {len(new)}"]
    if old_attrs != new_attrs:
        problems.append(f"df.attrs differ: {old_attrs!r} vs {new_attrs!r}"[:2000])
    for col in old.columns:
        a, b = old[col].reset_index(drop=True), new[col].reset_index(drop=True)
        if a.dtype != b.dtype:
            problems.append(f"column {col}: dtype {a.dtype} vs {b.dtype}")
            continue
        same = (a == b) | (a.isna() & b.isna())
        if not bool(same.all()):
            for i in list(same[~same].index)[:limit]:
                problems.append(f"column {col}, row {i} ({old['source_file'].iloc[i]}): "
                                f"{a.iloc[i]!r:.300} vs {b.iloc[i]!r:.300}")
        try:  # belt and braces: pandas' own exact comparison
            pd.testing.assert_series_equal(a, b, check_exact=True, check_names=True)
        except AssertionError as exc:
            if same.all():
                problems.append(f"column {col}: {str(exc)[:300]}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="main", help="git ref of the code to compare with")
    parser.add_argument("--base-dir", type=Path, help="use this checkout of the base code "
                        "instead of making a temporary worktree")
    parser.add_argument("--generated", type=int, default=10000,
                        help="size of the generated corpus (0: none)")
    parser.add_argument("--no-generated", dest="generated", action="store_const", const=0)
    parser.add_argument("--no-real-dev", dest="real_dev", action="store_false")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "nkbench")
    parser.add_argument("--folder", type=Path, action="append", default=[],
                        help="an extra raw folder to build with both versions (repeatable; "
                        "read in place, never written)")
    parser.add_argument("--dump", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dump:
        how, path, out = args.dump
        dump(args.code, how, Path(path), Path(out))
        return 0

    with tempfile.TemporaryDirectory(prefix="nkcompare-") as tmp:
        scratch = Path(tmp)
        base = args.base_dir
        made = False
        if base is None:
            base = scratch / "base"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet",
                            str(base), args.base], check=True)
            made = True
        try:
            failed = 0
            for label, how, path in corpora(args):
                old, old_attrs = build_with(base, how, path, scratch, "old")
                new, new_attrs = build_with(ROOT, how, path, scratch, "new")
                problems = differences(old, new, old_attrs, new_attrs)
                verdict = "EQUAL" if not problems else "DIFFERENT"
                print(f"{verdict:9} {label}: {len(new)} rows x {len(new.columns)} columns",
                      flush=True)
                for p in problems:
                    print(f"          {p}")
                failed += bool(problems)
        finally:
            if made:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                                str(base)], check=False)
    print(f"\n{'all tables equal' if not failed else f'{failed} table(s) differ'} "
          f"(base {args.base if args.base_dir is None else args.base_dir})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
