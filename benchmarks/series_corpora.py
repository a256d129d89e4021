"""Time the whole notebook series on the six corpora of issue 9, one after the other.

    python benchmarks/series_corpora.py [--out DIR]

For each corpus (the seeds, the 23 outlet fixtures, CSV/JSONL exports only, a folder mixing
text, HTML and exports, the 2,000-article IndoSum sample, a one-article corpus; see
``tests/corpora.py``) it runs ``nkcorpus.report.build_report`` into ``DIR/<corpus>`` (default:
a temporary folder) and prints the wall time, the figures made, and any figure that was
missing or had overlapping tick labels. Everything it reads is inside the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nkcorpus import build_corpus  # noqa: E402
from nkcorpus.report import build_report  # noqa: E402
from tests.corpora import make_corpora  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="keep the reports here")
    parser.add_argument("--only", nargs="*", help="corpus names to run (default: all)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "reports"
        corpora = make_corpora(Path(tmp) / "corpora")
        print(f"{'corpus':18s} {'articles':>8s} {'seconds':>8s} {'figures':>7s}  problems")
        for name, raw in corpora.items():
            if args.only and name not in args.only:
                continue
            n = len(build_corpus(raw))
            start = time.perf_counter()
            build_report(out / name, raw_dir=raw)
            seconds = time.perf_counter() - start
            checks = json.loads((out / name / "checks.json").read_text())["notebooks"]
            figures = sum(c["figures"] for c in checks.values())
            problems = [f"{nb}: missing figure in cell {i}" for nb, c in checks.items()
                        for i in c["figures_missing"]]
            problems += [f"{nb}: overlapping {axis} tick labels in '{title}'"
                         for nb, c in checks.items() for title, axis in c["overlapping_ticks"]]
            print(f"{name:18s} {n:8d} {seconds:8.1f} {figures:7d}  {'; '.join(problems) or '-'}",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
