"""Views for auditing a build: what was cut from each page, and which inputs have problems."""

from __future__ import annotations

import json

import pandas as pd


def removed_blocks(df: pd.DataFrame) -> pd.DataFrame:
    """Long table of every block cut from each page: ``article_id, order, rule, text``."""
    records = []
    for article_id, removed in zip(df["article_id"], df["removed"], strict=False):
        for order, block in enumerate(json.loads(removed or "[]"), start=1):
            records.append({"article_id": article_id, "order": order, "rule": block["rule"],
                            "text": block["text"]})
    return pd.DataFrame.from_records(records, columns=["article_id", "order", "rule", "text"])


def reason_counts(df: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """How often each reason occurs, with the status of the rows it occurs on."""
    exploded = (df.assign(reason=df["reasons"].str.split("; "))
                  .explode("reason").query("reason != ''"))
    # Numbers and file names make every message unique; group on the message's shape.
    exploded["reason"] = exploded["reason"].str.replace(r"\d[\d.,]*", "N", regex=True)
    exploded["reason"] = exploded["reason"].str.replace(r"duplicate of .*", "duplicate of …",
                                                        regex=True)
    counts = (exploded.groupby(["reason", "status"]).size().rename("rows").reset_index()
              .sort_values(["rows", "reason"], ascending=[False, True]).reset_index(drop=True))
    return counts.head(top) if top else counts


def problems(df: pd.DataFrame) -> list[str]:
    """Everything a researcher should look at, one line each.

    ``FILE: status: reasons`` for each row with a warning or error, then
    ``PATH: skipped: reason`` for each path the build did not read (``df.attrs["skipped"]``),
    then the problems found in ``manifest.csv`` itself (``df.attrs["manifest_problems"]``).
    """
    bad = df[df["status"] != "ok"].sort_values("source_file")
    rows = zip(bad["source_file"], bad["status"], bad["reasons"], strict=True)
    lines = [f"{f}: {s}: {r}" for f, s, r in rows]
    lines += [f"{path}: skipped: {reason}" for path, reason in df.attrs.get("skipped", [])]
    lines += [str(p) for p in df.attrs.get("manifest_problems", [])]
    return lines
