"""Throughput and memory of saved HTML pages, beside the text-page baseline of the same run.

    python benchmarks/html_throughput.py               # 2,000 generated pages + real-dev
    python benchmarks/html_throughput.py --n 300       # a fast look

Generated corpus: each seed article and outlet fixture page is written twice, once as the
text a reader copies (the baseline: ``build_corpus`` on text pages) and once as a saved HTML
page of the same article (navigation, JSON-LD, meta tags, a related-news list, a footer), so
both runs parse the same articles. Each measurement runs in a fresh subprocess (its own peak
memory), single core. The real development pages (``--real-dev``, default
``../shared/corpora/real-dev``; skipped with a message when absent) are timed as they are:
real saved pages are 75-600 KB each, far heavier than the generated ones.
"""

from __future__ import annotations

import argparse
import html
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import in_subprocess  # noqa: E402

TEMPLATES = sorted((ROOT / "data" / "raw").glob("0*.txt")) + sorted(
    (ROOT / "tests" / "fixtures" / "outlets").glob("*.txt"))
PAGE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{title} - Contoh Berita</title>
<link rel="canonical" href="https://contoh-berita.id/read/{i}/artikel">
<meta property="og:title" content="{title}"><meta property="og:type" content="article">
<meta property="og:site_name" content="Contoh Berita">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": {title_json}}}</script>
<script>var analytics = {{"page": {i}}};</script><style>body {{ margin: 0 }}</style></head>
<body><nav><ul><li><a href="/">Beranda</a></li><li><a href="/dunia">Dunia</a></li></ul></nav>
<main><article><h1>{title}</h1>{paragraphs}</article>
<div class="related"><h3>Berita Terkait</h3><ul>{related}</ul></div></main>
<footer>Copyright &copy; 2020 Contoh Berita</footer></body></html>
"""


def generate(folder: Path, n: int) -> tuple[Path, Path]:
    """``n`` text pages and ``n`` HTML pages of the same articles, under ``folder``."""
    text_dir, html_dir = folder / "text", folder / "html"
    marker = folder / ".complete"
    if marker.is_file() and marker.read_text() == str(n):
        return text_dir, html_dir
    text_dir.mkdir(parents=True, exist_ok=True)
    html_dir.mkdir(parents=True, exist_ok=True)
    pages = [p.read_text(encoding="utf-8") for p in TEMPLATES]
    for i in range(n):
        lines = [line for line in pages[i % len(pages)].split("\n") if line.strip()]
        lines.append(f"Catatan redaksi nomor {i} untuk membedakan halaman ini.")
        (text_dir / f"{i:06d}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        title = lines[0]
        paragraphs = "".join(f"<p>{html.escape(line)}</p>\n" for line in lines[1:])
        related = "".join(f'<li><a href="/r/{i}/{k}">Judul berita terkait nomor {k} '
                          f"tentang peristiwa lain</a></li>" for k in range(5))
        (html_dir / f"{i:06d}.html").write_text(PAGE.format(
            title=html.escape(title), title_json=json.dumps(title), i=i,
            paragraphs=paragraphs, related=related), encoding="utf-8")
    marker.write_text(str(n))
    return text_dir, html_dir


def measure(folder: str) -> None:
    """Build ``folder`` on one core and print pages/s and peak memory as JSON."""
    from nkcorpus import build_corpus

    start = time.perf_counter()
    df = build_corpus(folder, workers=1)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = sum(p.stat().st_size for p in Path(folder).iterdir() if p.is_file())
    print(json.dumps({"pages": len(df), "seconds": round(seconds, 2),
                      "per_second": round(len(df) / seconds, 1), "peak_mb": round(peak),
                      "mb_in": round(size / 1e6, 1),
                      "ok_share": round(float((df["status"] == "ok").mean()), 3)}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="generated pages per format")
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) /
                                                 "nkcorpus-html-bench"))
    parser.add_argument("--real-dev", default=str(ROOT.parent / "shared" / "corpora" /
                                                  "real-dev"))
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return 0
    text_dir, html_dir = generate(Path(args.workdir) / str(args.n), args.n)
    rows = [("text pages (baseline)", text_dir), ("HTML pages, same articles", html_dir)]
    real = Path(args.real_dev)
    if (real / "html").is_dir():
        rows += [("real-dev select-all text", real / "text"), ("real-dev saved HTML",
                                                               real / "html")]
    else:
        print(f"real-dev pages not found at {real}: only generated pages are measured")
    print("| corpus | pages | MB | seconds | pages/s (1 core) | peak MB | ok share |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, folder in rows:
        r = in_subprocess(__file__, "--measure", str(folder))
        print(f"| {label} | {r['pages']} | {r['mb_in']} | {r['seconds']} | "
              f"{r['per_second']} | {r['peak_mb']} | {r['ok_share']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
