"""The six corpora the notebook series must run on unchanged (issue 9), made from files in the
repository only: the seeds, the outlet fixtures, exports of the seeds as CSV/JSONL, a folder
mixing text, HTML and exports, the IndoSum sample, and a one-article corpus.

``make_corpora(folder)`` writes them under ``folder`` and returns ``{name: raw_dir}``. The
export corpora are written from the seed article table, so they hold no text that is not
already in ``data/raw``.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from nkcorpus import build_corpus
from nkcorpus.paths import INDOSUM_SAMPLE, PROJECT_ROOT, RAW_DIR

OUTLET_FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "outlets"

# A page in the style of an outlet's HTML, written for the tests (not copied from any site).
HTML_PAGE = """<!doctype html>
<html><head><title>Rusia dan Turki Bahas Pengamat Gencatan Senjata</title></head>
<body><nav>Beranda | Internasional | Dunia</nav>
<h1>Rusia dan Turki Bahas Pengamat Gencatan Senjata</h1>
<p>Minggu, 15 November 2020 10:12 WIB</p>
<p>MOSKOW - Menteri luar negeri Rusia dan Turki membahas pusat pemantauan gencatan senjata
di Nagorno-Karabakh melalui telepon pada Minggu (15/11).</p>
<p>Kedua menteri sepakat tim teknis akan bertemu di Ankara pekan depan untuk membahas
rincian pusat pemantauan itu, kata kementerian luar negeri Rusia dalam sebuah pernyataan.</p>
<p>Baca juga: Harga Emas Hari Ini Turun Tipis</p>
<footer>Hak cipta dilindungi undang-undang</footer>
</body></html>
"""


def _export_records(articles) -> list[dict]:
    return [{"title": r.title, "date": r.published.isoformat() if r.published == r.published
             else "", "author": r.author, "sitename": r.outlet, "url": r.url, "text": r.body}
            for r in articles.itertuples()]


def _write_jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")


def _write_csv(path: Path, records: list[dict]) -> None:
    # Media Cloud's column names, so the CSV is read through another preset than the JSONL.
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["title", "publish_date", "media_name", "url", "text"])
        for r in records:
            writer.writerow([r["title"], r["date"], r["sitename"], r["url"], r["text"]])


def make_corpora(folder: Path) -> dict[str, Path]:
    """Write the six corpora under ``folder``; return ``{name: raw_dir}`` in a fixed order."""
    folder = Path(folder)
    seeds = build_corpus(RAW_DIR)
    seeds = seeds[seeds["status"] != "error"]
    records = _export_records(seeds)

    exports = folder / "exports"
    exports.mkdir(parents=True)
    _write_jsonl(exports / "articles.jsonl", records[:3])
    _write_csv(exports / "more.csv", records[3:])

    mixed = folder / "mixed"
    mixed.mkdir()
    for name in ("antara.txt", "detik.txt", "kompas_com.txt", "tempo.txt"):
        shutil.copy(OUTLET_FIXTURES / name, mixed / name)
    (mixed / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    _write_jsonl(mixed / "export.jsonl", records[:2])
    # Last in sort order on purpose: notebook 01 once crashed when the last file was an export.
    _write_csv(mixed / "zz-export.csv", records[2:4])

    indosum = folder / "indosum"
    indosum.mkdir()
    shutil.copy(INDOSUM_SAMPLE, indosum / INDOSUM_SAMPLE.name)

    one = folder / "one-article"
    one.mkdir()
    first = sorted(RAW_DIR.glob("*.txt"))[0]
    shutil.copy(first, one / first.name)

    return {"seeds": RAW_DIR, "outlet-fixtures": OUTLET_FIXTURES, "exports": exports,
            "mixed": mixed, "indosum-2000": indosum, "one-article": one}
