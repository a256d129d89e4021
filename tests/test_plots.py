"""Plot helpers: overlap detection and thinning, empty axes, periods from the data, palette."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from nkcorpus import plots
from nkcorpus.display import article_labels, evidence, plural


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _crowded():
    fig, ax = plt.subplots(figsize=(4, 3))
    names = [f"a rather long category label {i}" for i in range(40)]
    ax.bar(names, range(40))
    return fig, ax


def test_overlapping_ticks_finds_crowded_labels_and_not_sparse_ones():
    fig, _ax = _crowded()
    assert ("", "x") in [(t, a) for t, a in plots.overlapping_ticks(fig)]
    fig2, ax2 = plt.subplots()
    ax2.bar(["a", "b", "c"], [1, 2, 3])
    assert plots.overlapping_ticks(fig2) == []


def test_finish_thins_tick_labels_until_none_overlap():
    fig, ax = _crowded()
    plots.finish(ax, title="t", xlabel="x", ylabel="y", source="s")
    assert plots.overlapping_ticks(fig) == []
    visible = [t for t in ax.get_xticklabels() if t.get_visible()]
    assert 1 <= len(visible) < 40


def test_finish_says_when_there_is_nothing_to_plot():
    _fig, ax = plt.subplots()
    plots.finish(ax, title="t", xlabel="x", ylabel="y", source="s")
    assert any("no data to plot" in t.get_text() for t in ax.texts)


def test_period_label_comes_from_the_data():
    assert plots.period_label(pd.Series(pd.to_datetime(["2020-10-01", "2020-11-10"]))) \
        == "date (2020, WIB)"
    assert plots.period_label(pd.Series(pd.to_datetime(["2016-01-01", "2024-05-01"]))) \
        == "date (2016–2024, WIB)"
    assert plots.period_label(pd.Series([], dtype="datetime64[ns]")) == "date"


def test_short_keeps_short_labels_and_cuts_long_ones():
    assert plots.short("Kompas.com") == "Kompas.com"
    cut = plots.short("x" * 50, 20)
    assert len(cut) == 20 and cut.endswith("…")


def test_palette_is_okabe_ito_and_style_uses_it():
    assert plots.PALETTE[0] == "#0072B2" and "#E69F00" in plots.PALETTE
    plots.use_style()
    assert plt.rcParams["axes.prop_cycle"].by_key()["color"] == plots.PALETTE
    assert plt.rcParams["font.size"] >= 10


def test_plural_and_labels_scale():
    assert plural(1, "article") == "1 article"
    assert plural(2000, "article") == "2,000 articles"
    articles = pd.DataFrame({"article_id": [f"id{i}" for i in range(120)],
                             "outlet": ["Kompas.com", ""] * 60})
    labels = article_labels(articles)
    assert labels.iloc[0] == "001 Kompas.com" and labels.iloc[1] == "002 unknown outlet"


def test_evidence_without_a_gloss_prints_no_gloss_line():
    text = "Kalimat ini tidak ada dalam daftar terjemahan."
    assert evidence(text) == "ID: " + text


def test_an_empty_scatter_counts_as_nothing_to_plot():
    _fig, ax = plt.subplots()
    ax.scatter([], [])
    plots.finish(ax, title="t", xlabel="x", ylabel="y", source="s")
    assert any("no data to plot" in t.get_text() for t in ax.texts)
    _fig2, ax2 = plt.subplots()
    ax2.scatter([1], [2])
    plots.finish(ax2, title="t", xlabel="x", ylabel="y", source="s")
    assert not any("no data to plot" in t.get_text() for t in ax2.texts)
