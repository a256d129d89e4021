"""Small helpers for showing results in notebooks: readable labels and glossed evidence."""

from __future__ import annotations

import textwrap

import pandas as pd

from .reference import gloss, has_gloss

#: How every table and plot names an article whose outlet is not known.
UNKNOWN_OUTLET = "unknown outlet"


def outlet_names(outlets: pd.Series) -> pd.Series:
    """``outlets`` with blanks replaced by ``UNKNOWN_OUTLET``, for tables and plots."""
    return outlets.fillna("").replace("", UNKNOWN_OUTLET)


def article_labels(articles: pd.DataFrame) -> pd.Series:
    """Short, stable labels (``"01 SINDOnews"``) indexed by ``article_id``, in table order.
    Numbers have as many digits as the corpus needs (``"0001 ..."`` for thousands)."""
    outlets = outlet_names(articles["outlet"])
    digits = max(2, len(str(len(articles))))
    labels = [f"{i:0{digits}d} {o}" for i, o in enumerate(outlets, start=1)]
    return pd.Series(labels, index=articles["article_id"], name="article")


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 article"``, ``"5 articles"``; ``many`` for irregular plurals."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def evidence(text: str, *, width: int = 100) -> str:
    """An Indonesian sentence and its English gloss, wrapped, ready to ``print``. Sentences
    without a hand translation in ``glosses.csv`` (all but the seeds') get the ``ID:`` line
    only, rather than a "(no gloss)" line each."""
    wrap = lambda s, lead: textwrap.fill(s, width, initial_indent=lead,  # noqa: E731
                                         subsequent_indent=" " * len(lead))
    if not has_gloss(text):
        return wrap(text, "ID: ")
    return f"{wrap(text, 'ID: ')}\n{wrap(gloss(text), 'EN: ')}"
