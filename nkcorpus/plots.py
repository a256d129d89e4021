"""Plot helpers: every figure gets a title, labelled axes with units, and a source note."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

STYLE = {"figure.figsize": (8, 4.5), "figure.dpi": 100, "axes.spines.top": False,
         "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3, "font.size": 10}


def source_note(articles: pd.DataFrame, corpus: str = "") -> str:
    """``Source: nkcorpus, 5 articles from 5 outlets (seed corpus)`` computed from the data."""
    outlets = articles["outlet"].replace("", pd.NA).dropna().nunique()
    label = f" ({corpus})" if corpus else ""
    return (f"Source: nkcorpus, {len(articles)} article{'s' * (len(articles) != 1)} from "
            f"{outlets} outlet{'s' * (outlets != 1)}{label}")


def finish(ax, *, title: str, xlabel: str, ylabel: str, source: str) -> None:
    """Title, axis labels (say the unit in them) and a source note under the axes."""
    ax.set_title(title, loc="left", fontweight="bold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.figure.text(0.01, 0.005, source, fontsize=8, color="0.35", ha="left", va="bottom")
    ax.figure.tight_layout(rect=(0, 0.04, 1, 1))


def use_style() -> None:
    """Apply the project's plot style (quiet, readable, deterministic sizes)."""
    plt.rcParams.update(STYLE)
