"""Throughput and memory of the corpus build, against baselines measured in the same run.

    python benchmarks/build_throughput.py                       # 1k, 10k, 100k + IndoSum
    python benchmarks/build_throughput.py --sizes 1000 --quick  # a fast look
    python benchmarks/build_throughput.py --sizes 10000 --quick --compare bc2ad3d --repeat 3
    python benchmarks/build_throughput.py --corpus war --sizes 10000 --compare main --only-compare

For each generated corpus (pages varied from the seed articles and the outlet fixtures:
paragraph order, unique sentences, dates, outlets, some CRLF, cp1252 and undated pages) it
reports, each measured in a fresh subprocess so peak memory belongs to that measurement alone:

- ``floor``       read + decode every file (the least any parser must do)
- ``naive dates`` dateparser applied to every line that contains a year (on a sample; the
                  approach a fast path replaces)
- ``build 1 core`` ``build_corpus(workers=1)``
- ``build N cores`` ``build_corpus()`` on all cores, plus writing the Parquet file
- time per stage (decode, extract, row, table) on a sample, single core

With ``--compare REF`` the single-core build is also measured with the code of git ref
``REF`` (checked out into a temporary git worktree, removed afterwards), alternating base and
this tree ``--repeat`` times on the same corpus, so that before and after are measured
together under the same machine load; the best run of each and the speed-up are reported.

``--corpus war`` measures on generated war-coverage pages instead (``war_corpus.py``: each
page a new title, date and body in an outlet's layout, so few lines repeat between pages),
the honest case for a parser that remembers per-line answers: the default corpus repeats its
templates' lines, which that memory makes cheap.

And for the IndoSum folds (``--indosum``, default ``../shared/corpora/indosum``), the
``read_indosum`` import. Generated corpora are cached in ``--workdir`` (default: a folder in
the system temp dir) and rebuilt only when missing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import in_subprocess  # noqa: E402

TEMPLATES = sorted((ROOT / "data" / "raw").glob("0*.txt")) + sorted(
    (ROOT / "tests" / "fixtures" / "outlets").glob("*.txt"))
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]


def generate(folder: Path, n: int, seed: int = 20201110) -> Path:
    """Write ``n`` varied article pages into ``folder`` (skipped if already complete), 1,000
    per subfolder. An interrupted run resumes: the same pages are drawn again and only the
    missing files are written."""
    marker = folder / ".complete"
    if marker.is_file() and marker.read_text() == str(n):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in TEMPLATES]
    for i in range(n):
        lines = texts[i % len(texts)].split("\n")
        body = [j for j, line in enumerate(lines) if len(line) > 120]
        if len(body) >= 3:  # reorder two body paragraphs and add a unique one
            a, b = rng.sample(body[1:], 2)
            lines[a], lines[b] = lines[b], lines[a]
            lines.insert(body[len(body) // 2], f"\nMenurut catatan nomor {i}, pembicaraan "
                         f"dilanjutkan pada hari ke-{rng.randint(1, 44)} perang itu.\n")
        text = "\n".join(lines)
        if rng.random() < 0.5:
            text = text.replace("November 2020", f"{MONTHS[rng.randrange(12)]} 2020", 1)
        if rng.random() < 0.03:
            text = text.replace("2020", "", 1)  # an undated page now and then
        data = text.encode("utf-8")
        r = rng.random()
        if r < 0.05:
            data = text.replace("\n", "\r\n").encode("utf-8")
        elif r < 0.07:
            data = text.encode("cp1252", errors="replace")
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        path = sub / f"{i:06d}.txt"
        if not path.exists():  # resumable: the random stream is replayed, files kept
            part = sub / f".{i:06d}.part"  # renamed when complete: never a half file
            part.write_bytes(data)
            os.replace(part, path)
    marker.write_text(str(n))
    return folder


def _peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def measure(kind: str, folder: Path, sample: int) -> dict:
    """One measurement, run inside its own process; returns a JSON-able dict."""
    from nkcorpus.build import list_inputs

    files = list_inputs(folder)
    if kind in {"naive_dates", "stages"}:
        files = files[:sample]
    nbytes = sum(p.stat().st_size for p in files)
    start = time.perf_counter()
    extra: dict = {}
    if kind == "floor":
        for p in files:
            p.read_bytes().decode("utf-8", errors="replace")
    elif kind == "naive_dates":
        import re

        import dateparser

        year = re.compile(r"(?:19|20)\d\d")
        found = 0
        for p in files:
            for line in p.read_bytes().decode("utf-8", errors="replace").splitlines():
                if year.search(line) and len(line) < 200:
                    found += dateparser.parse(line, languages=["id", "en"],
                                              settings={"DATE_ORDER": "DMY"}) is not None
        extra["dates_found"] = found
    elif kind in {"build_1", "build_all"}:
        from nkcorpus import build_corpus, write_table

        df = build_corpus(folder, workers=1 if kind == "build_1" else None)
        if kind == "build_all":
            out = Path(tempfile.mkdtemp()) / "articles.parquet"
            write_table(df, out)
            extra["parquet_mb"] = round(out.stat().st_size / 1e6, 1)
        extra["status"] = df["status"].value_counts().to_dict()
        extra["code"] = str(Path(sys.modules["nkcorpus"].__file__).resolve().parents[1])
        files = files[: len(df)] if len(df) < len(files) else files
    elif kind == "stages":
        extra["stage_ms"] = _stages(files)
    elif kind == "indosum":
        from nkcorpus import read_indosum

        df = read_indosum(folder)
        extra["rows"] = len(df)
        files = list(range(len(df)))  # records, not files
        nbytes = sum(p.stat().st_size for p in folder.glob("*.jsonl"))
    seconds = time.perf_counter() - start
    own, children = _peak_mb()
    return {"kind": kind, "n": len(files), "seconds": round(seconds, 3),
            "per_s": round(len(files) / seconds, 1), "mb_per_s": round(nbytes / 1e6 / seconds, 2),
            "peak_mb": round(own, 1), "peak_worker_mb": round(children, 1), **extra}


def _stages(files: list[Path]) -> dict:
    from nkcorpus.build import finalise_table, page_row, text_id
    from nkcorpus.extract import parse_page
    from nkcorpus.ingest import decode_bytes
    from nkcorpus.outlets import load_profiles

    profiles = load_profiles()
    t = {"read": 0.0, "decode": 0.0, "extract": 0.0, "row": 0.0}
    rows = []
    for p in files:
        t0 = time.perf_counter()
        data = p.read_bytes()
        t1 = time.perf_counter()
        decoded = decode_bytes(data)
        t2 = time.perf_counter()
        page = parse_page(decoded.text or "", profiles, decoded.notes)
        t3 = time.perf_counter()
        rows.append(page_row(page, decoded.notes, source_file=p.name, sha256="",
                             encoding=decoded.encoding, article_id=text_id(decoded.text or "")))
        t4 = time.perf_counter()
        t["read"] += t1 - t0
        t["decode"] += t2 - t1
        t["extract"] += t3 - t2
        t["row"] += t4 - t3
    t0 = time.perf_counter()
    finalise_table(rows)
    t["table"] = time.perf_counter() - t0
    return {k: round(v / len(files) * 1000, 4) for k, v in t.items()}


def run_child(kind: str, folder: Path, sample: int, code: Path | None = None) -> dict:
    """One measurement in a fresh process, with this tree's code or the code in ``code``."""
    extra = ["--code", str(code)] if code is not None else []
    return in_subprocess(__file__, "--measure", kind, "--dir", str(folder),
                         "--sample", str(sample), *extra)


@contextmanager
def checkout(ref: str):
    """The code of git ref ``ref`` in a temporary git worktree: ``(folder, short sha)``."""
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", ref], check=True,
                         capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="nkbase-") as tmp:
        folder = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet",
                        str(folder), sha], check=True)
        try:
            yield folder, sha
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(folder)], check=False)


def compare_rows(n: int, folder: Path, base: Path, label: str, repeat: int,
                 corpus: str = "generated") -> list[str]:
    """Single-core builds of the base code and this tree, alternated ``repeat`` times."""
    runs: dict[str, list[dict]] = {"base": [], "new": []}
    for _ in range(repeat):
        runs["base"].append(run_child("build_1", folder, 0, base))
        runs["new"].append(run_child("build_1", folder, 0))
    # Each side must have imported its own package, and both must give the same statuses.
    assert all(Path(r["code"]) == base.resolve() for r in runs["base"]), runs["base"][0]
    assert all(Path(r["code"]) == ROOT for r in runs["new"]), runs["new"][0]
    best = {k: min(v, key=lambda r: r["seconds"]) for k, v in runs.items()}
    if best["base"]["status"] != best["new"]["status"]:
        print(f"(statuses differ: base {best['base']['status']}, "
              f"this tree {best['new']['status']}; see compare_tables.py)")
    lines = []
    for key, name in (("base", f"build_corpus, 1 core, base {label}"),
                      ("new", "build_corpus, 1 core, this tree")):
        r = best[key]
        every = ", ".join(f"{x['per_s']:,.0f}" for x in runs[key])
        lines.append(f"| {corpus} {n:,} | {name} (best of {repeat}: {every}/s) | {r['n']:,} | "
                     f"{r['seconds']} | {r['per_s']:,.0f} | {r['mb_per_s']} | "
                     f"{r['peak_mb']:.0f} | - |")
    ratio = best["base"]["seconds"] / best["new"]["seconds"]
    lines.append(f"| {corpus} {n:,} | speed-up of this tree over {label} (best runs) | | | "
                 f"{ratio:.2f}x | | | |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--corpus", choices=["generated", "war"], default="generated",
                        help="pages varied from the seeds and fixtures (default), or "
                        "war-coverage pages from war_corpus.py (few repeated lines)")
    parser.add_argument("--indosum", type=Path,
                        default=Path(os.environ.get("NKCORPUS_INDOSUM",
                                                    ROOT.parent / "shared/corpora/indosum")))
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "nkbench")
    parser.add_argument("--sample", type=int, default=2000, help="files for sampled baselines")
    parser.add_argument("--quick", action="store_true", help="skip the single-core build of "
                        "corpora over 10,000 articles")
    parser.add_argument("--compare", metavar="REF", help="also measure the single-core build "
                        "of git ref REF (a temporary worktree) as the named baseline")
    parser.add_argument("--repeat", type=int, default=3, help="alternating base/this-tree "
                        "runs with --compare (best of each reported)")
    parser.add_argument("--only-compare", action="store_true", help="with --compare, measure "
                        "only the alternated single-core builds (no other baselines)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        if args.code is not None:  # measure another version of the package
            sys.path.insert(0, str(args.code))
        print(json.dumps(measure(args.measure, args.dir, args.sample)))
        return
    if args.compare:
        with checkout(args.compare) as (base, sha):
            run(args, (base, f"{args.compare} ({sha})" if sha != args.compare else sha))
    else:
        run(args, None)


def run(args: argparse.Namespace, base: tuple[Path, str] | None) -> None:

    print(f"# build throughput ({os.cpu_count()} cores, Python {sys.version.split()[0]})\n")
    print("| corpus | measurement | items | seconds | items/s | MB/s | peak MB (main) | "
          "peak MB (largest worker) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    stage_lines = []
    corpus = "war pages" if args.corpus == "war" else "generated"
    for n in args.sizes:
        t0 = time.perf_counter()
        if args.corpus == "war":
            from war_corpus import make_corpus

            folder = make_corpus(args.workdir / f"war-{n}", n)
        else:
            folder = generate(args.workdir / f"gen-{n}", n)
        gen_s = time.perf_counter() - t0
        kinds = ["floor", "naive_dates", "stages", "build_all"]
        if not (args.quick and n > 10000):
            kinds.insert(3, "build_1")
        if args.only_compare and base is not None:
            kinds = ["build_1"]
        for kind in kinds:
            if kind == "build_1" and base is not None:
                for line in compare_rows(n, folder, base[0], base[1], args.repeat, corpus):
                    print(line, flush=True)
                continue
            r = run_child(kind, folder, args.sample)
            if kind == "stages":
                stage_lines.append(f"| {corpus} {n:,} | " + " | ".join(
                    f"{v:.3f}" for v in r["stage_ms"].values()) + " |")
                continue
            label = {"floor": "floor: read+decode", "naive_dates": "naive: dateparser per "
                     "date line (sample)", "build_1": "build_corpus, 1 core",
                     "build_all": f"build_corpus, {os.cpu_count()} cores + Parquet"}[kind]
            print(f"| {corpus} {n:,} | {label} | {r['n']:,} | {r['seconds']} | "
                  f"{r['per_s']:,.0f} | {r['mb_per_s']} | {r['peak_mb']:.0f} | "
                  f"{r['peak_worker_mb']:.0f} |", flush=True)
        print(f"| {corpus} {n:,} | (generating the corpus took {gen_s:.1f} s) | | | | | | |")
    if args.indosum.is_dir() and not (args.only_compare and base is not None):
        r = run_child("indosum", args.indosum, args.sample)
        print(f"| IndoSum dev folds | read_indosum, 1 core | {r['n']:,} records | "
              f"{r['seconds']} | {r['per_s']:,.0f} | {r['mb_per_s']} | {r['peak_mb']:.0f} | - |")
    if stage_lines:
        print("\nTime per stage, milliseconds per article (single core, sample of "
              f"{args.sample}):\n")
        print("| corpus | read | decode | extract | row | table |")
        print("| --- | --- | --- | --- | --- | --- |")
        print("\n".join(stage_lines))


if __name__ == "__main__":
    main()
