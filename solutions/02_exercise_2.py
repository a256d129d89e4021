"""Notebook 02, exercise 2 (Changing the method): refuse weekdays more than 3 days back."""

import pandas as pd

import nkcorpus
from nkcorpus.paths import corpus_dir

articles = nkcorpus.load_corpus(corpus_dir())
mentions = nkcorpus.find_date_mentions(articles)


def strict(mentions: pd.DataFrame, max_days: int = 3) -> pd.DataFrame:
    """A bare weekday ("Sabtu") resolved more than max_days back is set to unresolved."""
    out = mentions.copy()
    too_far = (out["kind"] == "weekday") & (out["days_before"] > max_days)
    out.loc[too_far, "date"] = pd.NaT
    out.loc[too_far, "days_before"] = pd.NA
    out.loc[too_far, "note"] = f"weekday more than {max_days} days back: not resolved"
    return out


variant = strict(mentions)
weekdays = mentions["kind"] == "weekday"
print(f"Bare weekday mentions: {weekdays.sum()}")
print(f"Resolved by the original rule: {mentions.loc[weekdays, 'date'].notna().sum()}")
print(f"Resolved by the strict rule:   {variant.loc[weekdays, 'date'].notna().sum()}")
print("\nDays back of the resolved bare weekdays (original rule):")
print(mentions.loc[weekdays, "days_before"].value_counts(dropna=False).sort_index().to_string())
# Reading: in the seed corpus every resolved bare weekday lies 1 day back, so the strict rule
# changes nothing here; "Sabtu" in a Monday article (2 days) would survive, in a Friday
# article (6 days) it would not. Test the rule on a larger corpus before adopting it.
