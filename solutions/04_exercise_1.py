"""Notebook 04, exercise 1 (Beginners): judge every KWIC line of one frame as true or false."""

import pandas as pd

import nkcorpus
from nkcorpus.paths import corpus_dir

articles = nkcorpus.load_corpus(corpus_dir())
lexicon = nkcorpus.reference.frame_lexicon()
frame = "diplomacy"
cues = lexicon.loc[lexicon["frame"] == frame, "cue"].tolist()
lines = nkcorpus.kwic(articles, {frame: cues}, window=40)


def judge(row: pd.Series) -> bool:
    """The judgement made by reading each line of the seed corpus, written as a rule.

    Every cue was a true use of the diplomacy frame (talks, calls, ceasefires, agreements),
    except "diplomatik" in "Sumber diplomatik": a diplomatic *source* describes who speaks,
    not diplomacy as the topic. On another corpus, read the lines again: the rule is a
    record of one reading, not a classifier.
    """
    return not (row["term"] == "diplomatik" and row["left"].rstrip().endswith("Sumber"))


lines["true_use"] = lines.apply(judge, axis=1)
# Print each line with its judgement: context left, the match in [brackets], context right.
for row in lines.itertuples():
    mark = "true " if row.true_use else "FALSE"
    print(f"{mark} {row.left[-40:]}[{row.match}]{row.right[:40]}")
share = lines["true_use"].mean()
print(f"\n{lines['true_use'].sum()} of {len(lines)} lines are true uses ({share:.0%}).")
