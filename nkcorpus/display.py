"""Small helpers for showing results in notebooks: readable labels and glossed evidence."""

from __future__ import annotations

import textwrap

import pandas as pd

from .reference import gloss


def article_labels(articles: pd.DataFrame) -> pd.Series:
    """Short, stable labels (``"01 SINDOnews"``) indexed by ``article_id``, in table order."""
    outlets = articles["outlet"].replace("", "unknown outlet")
    labels = [f"{i:02d} {o}" for i, o in enumerate(outlets, start=1)]
    return pd.Series(labels, index=articles["article_id"], name="article")


def evidence(text: str, *, width: int = 100) -> str:
    """An Indonesian sentence and its English gloss, wrapped, ready to ``print``."""
    wrap = lambda s, lead: textwrap.fill(s, width, initial_indent=lead,  # noqa: E731
                                         subsequent_indent=" " * len(lead))
    return f"{wrap(text, 'ID: ')}\n{wrap(gloss(text), 'EN: ')}"
