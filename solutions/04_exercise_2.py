"""Notebook 04, exercise 2 (Changing the method): add three cues to a frame; compare profiles.

The exercise edits data/reference/frames.yaml. This solution leaves the file unchanged: it
counts the frame's cues with the package's own matcher (whole phrases, any case) for the
original list and for the list with three added cues, per 1,000 words as frame_profile does.
"""

import pandas as pd

import nkcorpus
from nkcorpus.frames import phrase_pattern
from nkcorpus.paths import corpus_dir

articles = nkcorpus.load_corpus(corpus_dir())
label = nkcorpus.article_labels(articles)
lexicon = nkcorpus.reference.frame_lexicon()
frame = "military"
original = lexicon.loc[lexicon["frame"] == frame, "cue"].tolist()
# Three cues with a gloss and a rationale each, as the YAML file asks for:
added = {
    "palagan": ("battlefield (literary)", "combat; a word Indonesian journalists use"),
    "angkatan bersenjatanya": ("its armed forces", "armed forces; cues never match with a "
                               "suffix, so the -nya form needs its own entry"),
    "rudal": ("missile", "weapons; the dictionary has 'roket' but not 'rudal'"),
}


def per_thousand(cues: list[str]) -> pd.Series:
    """Matches of the cues per 1,000 words in each article."""
    pattern = phrase_pattern(cues)
    counts = articles["body"].map(lambda body: len(pattern.findall(body)))
    return (counts / articles["n_words"] * 1000).round(1)


table = pd.DataFrame({"original": per_thousand(original).values,
                      "with 3 cues": per_thousand(original + list(added)).values},
                     index=label.values)
table["change"] = table["with 3 cues"] - table["original"]
print(f"{frame} cues per 1,000 words:")
print(table.to_string())
new_hits = nkcorpus.kwic(articles, list(added), window=30)
print(f"\nLines found by the new cues: {len(new_hits)}")
print(new_hits[["term", "left", "match", "right"]].to_string())
# Reading: a profile changes only where the new words occur; every new hit still needs to be
# read (04, exercise 1) before it counts as evidence of the frame.
