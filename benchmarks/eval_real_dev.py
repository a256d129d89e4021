"""Accuracy of the loader on real saved pages with hand-checked gold (the real-dev set).

    python benchmarks/eval_real_dev.py                    # ../shared/corpora/real-dev
    python benchmarks/eval_real_dev.py --real-dev PATH    # or NKCORPUS_REAL_DEV=PATH
    python benchmarks/eval_real_dev.py --write-readme     # also update benchmarks/README.md

For each ``text/*.txt`` (select-all copy of a page) and, when ``nkcorpus.htmlpage`` exists,
each ``html/*.html``, the page is read with the package exactly as ``build_corpus`` reads a
file, and compared with ``gold.csv``:

- title: normalised (case folded, whitespace collapsed, quotes and dashes unified)
- date: minute-exact; a gold value without a time is right when the date matches and the row
  says no time was printed (``published_text`` holds no time, or a "no time" note)
- outlet: normalised names, equivalents through the outlet profiles' aliases
- author: the set of names, case folded
- page_kind
- status: share of rows ``ok``, and among ``ok`` rows the share with title and date right
- body token F1 against ``benchmarks/real_dev_body.csv`` (``file,start,end,exclude``): the
  reference is the page text from ``start`` to the end of ``end``, without lines that begin
  with one of the ``|``-separated ``exclude`` prefixes; tokens are lower-case ``\\w+``.

The real-dev pages are the outlets' copyright; they are read in place, never copied. The
script skips with a message when the folder is absent.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nkcorpus.build import finalise, parse_file  # noqa: E402
from nkcorpus.outlets import load_profiles  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpora" / "real-dev"
BODY_CSV = ROOT / "benchmarks" / "real_dev_body.csv"
README = ROOT / "benchmarks" / "README.md"
BEGIN = "<!-- eval_real_dev:begin -->"
END = "<!-- eval_real_dev:end -->"
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "`": "'", "“": '"', "”": '"',
                         "„": '"', "–": "-", "—": "-", "‑": "-", "\u00a0": " "})
FIELDS = ("title", "date", "outlet", "author", "kind", "body_f1")


def norm(text: str) -> str:
    return " ".join(str(text or "").translate(_QUOTES).casefold().split())


def outlet_key(name: str, profiles) -> str:
    """A name that equivalent spellings share: the profile's name when one matches."""
    name = norm(name)
    if not name:
        return ""
    for candidate in (name, name.removeprefix("the "), re.sub(r"\.(?:com|co\.id|id)$", "", name)):
        profile = profiles.get(candidate)
        if profile is not None:
            return norm(profile.name)
    return re.sub(r"[^a-z0-9]", "", name.removeprefix("the "))


def authors_key(value: str) -> frozenset[str]:
    return frozenset(norm(a) for a in re.split(r"\s*;\s*", value or "") if a.strip())


def date_right(gold: str, row: dict) -> bool:
    value = row.get("published")
    if not gold:
        return value is None or str(value) in ("", "NaT", "None")
    if value is None or str(value) in ("", "NaT", "None"):
        return False
    if "T" not in gold:  # date only: right date and the row admits there was no time
        no_time = ("no time" in (row.get("reasons") or "")
                   or not re.search(r"\d[:.]\d\d", row.get("published_text") or ""))
        return value.strftime("%Y-%m-%d") == gold and no_time
    from datetime import datetime

    want = datetime.fromisoformat(gold)
    return value == want or (hasattr(value, "to_pydatetime") and value.to_pydatetime() == want)


def tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.lower()))


def f1(got: Counter, want: Counter) -> float:
    if not got and not want:
        return 1.0
    common = sum((got & want).values())
    if not common:
        return 0.0
    p, r = common / sum(got.values()), common / sum(want.values())
    return 2 * p * r / (p + r)


def reference_bodies(real_dev: Path, path: Path = BODY_CSV) -> dict[str, str]:
    """``file`` stem -> reference body text, from the labelled start/end/exclude rows."""
    if not path.is_file():
        return {}
    out = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            stem = rec["file"].strip().removesuffix(".txt").removesuffix(".html")
            txt = real_dev / "text" / f"{stem}.txt"
            if not txt.is_file() or not rec.get("start") or not rec.get("end"):
                continue
            text = txt.read_text(encoding="utf-8")
            flat = re.sub(r"[ \t]+", " ", text)
            start = flat.find(" ".join(rec["start"].split()))
            end = flat.find(" ".join(rec["end"].split()), max(start, 0))
            if start < 0 or end < 0:
                print(f"  ! {stem}: start/end not found in the text", file=sys.stderr)
                continue
            span = flat[start: end + len(" ".join(rec["end"].split()))]
            excludes = [e.strip() for e in (rec.get("exclude") or "").split("|") if e.strip()]
            kept = [ln for ln in span.split("\n")
                    if not any(ln.strip().startswith(e) for e in excludes)]
            out[stem] = "\n".join(kept)
    return out


def read_rows(folder: Path, profiles) -> dict[str, dict]:
    """Parse every file in ``folder`` as build_corpus does; rows keyed by file stem."""
    rows = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".txt", ".html", ".htm"):
            continue
        got = parse_file(path, folder, profiles)
        finalise(got)
        rows[path.stem] = got[0]
    return rows


def evaluate(real_dev: Path, kind: str, body_csv: Path = BODY_CSV) -> tuple[list[dict], dict]:
    profiles = load_profiles()
    folder = real_dev / kind
    gold = {Path(r["file"]).stem: r for r in
            csv.DictReader((real_dev / "gold.csv").open(encoding="utf-8", newline=""))}
    # .html files go through nkcorpus.htmlpage when build_corpus knows it.
    rows = read_rows(folder, profiles)
    bodies = reference_bodies(real_dev, body_csv)
    results = []
    for stem, g in sorted(gold.items()):
        row = rows.get(stem)
        if row is None:
            continue
        res = {
            "file": stem,
            "outlet_gold": g["outlet"],
            "title": norm(row["title"]) == norm(g["title"]),
            "date": date_right(g["published"], row),
            "outlet": outlet_key(row["outlet"], profiles) == outlet_key(g["outlet"], profiles),
            "author": authors_key(row["author"]) == authors_key(g["author"]),
            "kind": row.get("page_kind", "article") == g["page_kind"],
            "ok": row["status"] == "ok",
            "status": row["status"],
            "got": row,
            "gold": g,
        }
        if g["page_kind"] == "article" and stem in bodies:
            res["body_f1"] = f1(tokens(row["body"]), tokens(bodies[stem]))
        results.append(res)
    return results, gold


def summarise(results: list[dict]) -> dict:
    n = len(results)
    out = {"n": n}
    for f in FIELDS:
        vals = [r[f] for r in results if f in r]
        out[f] = (sum(vals) / len(vals)) if vals else None
    ok = [r for r in results if r["ok"]]
    out["ok_share"] = len(ok) / n if n else None
    out["ok_right"] = (sum(r["title"] and r["date"] for r in ok) / len(ok)) if ok else None
    out["n_ok"] = len(ok)
    out["index_ok"] = sum(1 for r in results if r["ok"] and r["gold"]["page_kind"] != "article")
    return out


def fmt(value, pct: bool = True) -> str:
    if value is None:
        return "–"
    return f"{100 * value:.0f} %" if pct else f"{value:.3f}"


def table(results: list[dict], kind: str) -> list[str]:
    by_outlet = defaultdict(list)
    for r in results:
        by_outlet[r["outlet_gold"]].append(r)
    head = ("| outlet | pages | title | date (minute) | outlet | author | page_kind | body F1 "
            "| ok rows | title+date right among ok |")
    lines = [head, "| " + " | ".join(["---"] * 10) + " |"]
    for name in [*sorted(by_outlet, key=str.casefold), "**all**"]:
        rs = results if name == "**all**" else by_outlet[name]
        s = summarise(rs)
        lines.append(f"| {name} | {s['n']} | {fmt(s['title'])} | {fmt(s['date'])} | "
                     f"{fmt(s['outlet'])} | {fmt(s['author'])} | {fmt(s['kind'])} | "
                     f"{fmt(s['body_f1'], pct=False)} | {s['n_ok']} | {fmt(s['ok_right'])} |")
    s = summarise(results)
    lines.append("")
    lines.append(f"{kind}: {s['n']} pages; non-article pages marked ok: {s['index_ok']}.")
    return lines


def details(results: list[dict]) -> list[str]:
    out = []
    for r in results:
        wrong = [f for f in ("title", "date", "outlet", "author", "kind") if not r[f]]
        bf = r.get("body_f1")
        if not wrong and (bf is None or bf >= 0.92):
            continue
        got, g = r["got"], r["gold"]
        out.append(f"- {r['file']} [{r['status']}] wrong: {', '.join(wrong) or '-'}"
                   + (f"; body F1 {bf:.3f}" if bf is not None else ""))
        for f in wrong:
            key = {"date": "published", "kind": "page_kind"}.get(f, f)
            gk = {"date": "published", "kind": "page_kind"}.get(f, f)
            out.append(f"    {f}: got {str(got.get(key))[:90]!r} want {g.get(gk)[:90]!r}")
        out.append(f"    reasons: {got['reasons'][:200]}")
    return out


def write_readme(sections: list[str]) -> None:
    text = README.read_text(encoding="utf-8") if README.is_file() else ""
    block = "\n".join([BEGIN, *sections, END])
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = (text.rstrip("\n") + "\n\n## Accuracy on real pages (real-dev)\n\n"
                "Made by `python benchmarks/eval_real_dev.py --write-readme`.\n\n" + block + "\n")
    README.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--real-dev", type=Path,
                        default=Path(os.environ.get("NKCORPUS_REAL_DEV", DEFAULT)))
    parser.add_argument("--body-csv", type=Path, default=BODY_CSV,
                        help="reference bodies (default benchmarks/real_dev_body.csv)")
    parser.add_argument("--write-readme", action="store_true")
    parser.add_argument("--details", action="store_true", help="list every wrong field")
    args = parser.parse_args(argv)
    if not (args.real_dev / "gold.csv").is_file():
        print(f"real-dev set not found at {args.real_dev}: skipped (pass --real-dev or set "
              "NKCORPUS_REAL_DEV)")
        return 0
    kinds = ["text"]
    if (ROOT / "nkcorpus" / "htmlpage.py").is_file():  # this checkout reads saved HTML
        kinds.append("html")
    sections = []
    if not args.body_csv.is_file():
        sections.append(f"(body F1 skipped: {args.body_csv.name} not found)")
    for kind in kinds:
        results, _ = evaluate(args.real_dev, kind, args.body_csv)
        label = "select-all text" if kind == "text" else "saved HTML"
        sections += ["", f"### {label} (`{kind}/`)", "", *table(results, kind)]
        if args.details:
            print("\n".join(details(results)))
    print("\n".join(sections))
    if args.write_readme:
        write_readme(sections)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
