"""The notebook series runs unchanged on six different corpora (issue 9): no error, every
figure drawn, no overlapping tick labels, and a report written for each corpus.

The corpora (``tests/corpora.py``) come from the repository only. The series is executed
through ``nkcorpus.report.build_report``, the function behind
``python -m nkcorpus report --raw-dir DIR``, two corpora at a time (one per core).
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from nkcorpus.report import build_report, notebooks

from .corpora import make_corpora

NAMES = ["seeds", "outlet-fixtures", "exports", "mixed", "indosum-2000", "one-article"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """``{corpus: (report folder, exception or None)}``, all six run once per session."""
    tmp = tmp_path_factory.mktemp("series")
    corpora = make_corpora(tmp / "corpora")
    assert list(corpora) == NAMES

    def run(name):
        out = tmp / "reports" / name
        try:
            build_report(out, raw_dir=corpora[name])
        except Exception as error:  # reported by the test of that corpus
            return name, (out, error)
        return name, (out, None)

    # The IndoSum corpus takes longest: start it first so the two workers finish together.
    order = ["indosum-2000", *[n for n in NAMES if n != "indosum-2000"]]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(run, order))


@pytest.mark.parametrize("name", NAMES)
def test_series_runs_and_writes_a_report(reports, name):
    out, error = reports[name]
    assert error is None, f"{name}: {error}"
    stems = [p.stem for p in notebooks()]
    assert (out / "index.html").is_file()
    assert sorted(p.stem for p in out.glob("[0-9][0-9]-*.html")) == stems
    checks = json.loads((out / "checks.json").read_text())["notebooks"]
    assert sorted(checks) == stems
    missing = {nb: c["figures_missing"] for nb, c in checks.items() if c["figures_missing"]}
    assert not missing, f"cells with plt.show() and no figure: {missing}"
    assert all(c["figures"] >= 1 for c in checks.values())
    pngs = list((out / "figures").glob("*.png"))
    assert len(pngs) == sum(c["figures"] for c in checks.values())


@pytest.mark.parametrize("name", NAMES)
def test_no_figure_has_overlapping_tick_labels(reports, name):
    out, error = reports[name]
    assert error is None, f"{name}: {error}"
    checks = json.loads((out / "checks.json").read_text())["notebooks"]
    overlaps = {nb: c["overlapping_ticks"] for nb, c in checks.items() if c["overlapping_ticks"]}
    assert not overlaps, overlaps
