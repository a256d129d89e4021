"""Plot helpers: every figure gets a title, labelled axes with units, and a source note.

The helpers keep figures readable from one article to 100,000: a colour-blind-safe palette
(Okabe & Ito 2008), readable font sizes, labels shortened with an ellipsis (the full text stays
in the table beside the plot), and tick labels thinned when they would overlap.
"""

from __future__ import annotations

import itertools
import math
import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from cycler import cycler

#: Okabe-Ito colours, distinguishable with the common forms of colour blindness.
OKABE_ITO = {"orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00",
             "reddish purple": "#CC79A7", "grey": "#999999", "black": "#000000"}
PALETTE = [OKABE_ITO[c] for c in ("blue", "orange", "bluish green", "vermillion",
                                  "reddish purple", "sky blue", "yellow", "grey")]
#: One colour per agency bloc and per side in the war, the same in every notebook.
BLOC_COLORS = {"Turkish": OKABE_ITO["vermillion"], "Russian": OKABE_ITO["blue"],
               "Western": OKABE_ITO["bluish green"], "Azerbaijani": OKABE_ITO["orange"],
               "Armenian": OKABE_ITO["reddish purple"], "Indonesian": OKABE_ITO["sky blue"],
               "Other": OKABE_ITO["grey"]}
SIDE_COLORS = {"azerbaijan_camp": OKABE_ITO["vermillion"], "armenia_camp": OKABE_ITO["blue"],
               "mediator": OKABE_ITO["bluish green"], "contested": OKABE_ITO["reddish purple"],
               "other": OKABE_ITO["grey"]}
#: Up to this many articles are drawn one by one; beyond it the notebooks aggregate.
MAX_LABELLED = 30

STYLE = {"figure.figsize": (8, 4.5), "figure.dpi": 100, "axes.spines.top": False,
         "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3, "font.size": 11,
         "axes.titlesize": 12, "axes.labelsize": 11, "xtick.labelsize": 10,
         "ytick.labelsize": 10, "legend.fontsize": 10, "axes.prop_cycle": cycler(color=PALETTE)}


def source_note(articles: pd.DataFrame, corpus: str = "") -> str:
    """``Source: nkcorpus, 5 articles from 5 outlets (seed corpus)`` computed from the data."""
    outlets = articles["outlet"].replace("", pd.NA).dropna().nunique()
    label = f" ({corpus})" if corpus else ""
    return (f"Source: nkcorpus, {len(articles)} article{'s' * (len(articles) != 1)} from "
            f"{outlets} outlet{'s' * (outlets != 1)}{label}")


def short(label: object, width: int = 28) -> str:
    """``label`` as text, cut to ``width`` characters with an ellipsis if longer."""
    text = str(label)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _has_data(ax) -> bool:
    """Whether anything data-bearing is drawn: an empty ``scatter`` still adds a collection,
    so collections and lines count only when they hold points or segments."""
    if ax.images or ax.patches:
        return True
    if any(len(line.get_xdata()) for line in ax.lines):
        return True
    return any(len(c.get_offsets()) or (hasattr(c, "get_segments") and len(c.get_segments()))
               for c in ax.collections)


def _overlaps(boxes: list) -> bool:
    return any(a.overlaps(b) for a, b in itertools.pairwise(boxes))


def _label_boxes(axis, renderer) -> list:
    """Window extents of the visible, non-empty major tick labels of ``axis``, in order."""
    low, high = sorted(axis.get_view_interval())
    boxes = []
    for tick in axis.get_major_ticks():
        loc = tick.get_loc()
        label = tick.label1
        if loc is None or not (low - 1e-9 <= loc <= high + 1e-9):
            continue
        if label.get_visible() and label.get_text().strip():
            boxes.append((loc, label.get_window_extent(renderer)))
    return [box for _, box in sorted(boxes, key=lambda pair: pair[0])]


def overlapping_ticks(fig) -> list[tuple[str, str]]:
    """``(axes title, "x" or "y")`` for every axis of ``fig`` whose tick labels overlap."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    found = []
    for ax in fig.axes:
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            if _overlaps(_label_boxes(axis, renderer)):
                found.append((ax.get_title(loc="left") or ax.get_title(), name))
    return found


def _thin_ticks(ax) -> None:
    """Show every k-th tick label, with the smallest k at which none overlap: with many
    categories some labels must go, and the table printed beside the plot has them all."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for axis in (ax.xaxis, ax.yaxis):
        boxes = _label_boxes(axis, renderer)
        if not _overlaps(boxes):
            continue
        # Hiding a label does not move the others, so the boxes measured once decide k.
        step = next(k for k in range(2, len(boxes) + 1)
                    if not any(a.overlaps(b) for a, b in zip(boxes, boxes[k:], strict=False)))
        low, high = sorted(axis.get_view_interval())
        shown = [t for t in axis.get_major_ticks()
                 if t.get_loc() is not None and low - 1e-9 <= t.get_loc() <= high + 1e-9
                 and t.label1.get_visible() and t.label1.get_text().strip()]
        for i, tick in enumerate(sorted(shown, key=lambda t: t.get_loc())):
            tick.label1.set_visible(i % step == 0)


def finish(ax, *, title: str, xlabel: str, ylabel: str, source: str) -> None:
    """Title, axis labels (say the unit in them) and a source note under the axes.

    An axes with nothing drawn says so ("no data to plot") instead of staying blank, and tick
    labels that would overlap are thinned.
    """
    width = max(40, int(ax.figure.get_figwidth() * 9))
    ax.set_title("\n".join(textwrap.wrap(title, width)), loc="left", fontweight="bold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if not _has_data(ax):
        ax.text(0.5, 0.5, "no data to plot in this corpus", transform=ax.transAxes,
                ha="center", va="center", color="0.4")
    ax.figure.text(0.01, 0.005, source, fontsize=8, color="0.35", ha="left", va="bottom")
    ax.figure.tight_layout(rect=(0, 0.04, 1, 1))
    _thin_ticks(ax)
    ax.figure.tight_layout(rect=(0, 0.04, 1, 1))


def figure_height(n: int, *, per_row: float = 0.35, base: float = 1.8, most: float = 12) -> float:
    """A figure height in inches for ``n`` horizontal bars or matrix rows, capped at ``most``."""
    return min(most, base + per_row * max(n, 1))


def period_label(dates: pd.Series, what: str = "date") -> str:
    """An axis label naming the period the dates span: ``"date (2020, WIB)"`` or
    ``"date (2016–2024, WIB)"``; ``"date"`` alone when there are no dates."""
    years = pd.to_datetime(dates).dropna().dt.year
    if years.empty:
        return what
    low, high = int(years.min()), int(years.max())
    span = str(low) if low == high else f"{low}–{high}"
    return f"{what} ({span}, WIB)"


def bins(n: int) -> int:
    """A histogram bin count for ``n`` values (Sturges' rule, at least 1)."""
    return max(1, math.ceil(math.log2(max(n, 1)) + 1))


def use_style() -> None:
    """Apply the project's plot style (quiet, readable, deterministic sizes)."""
    plt.rcParams.update(STYLE)
