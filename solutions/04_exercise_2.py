"""Notebook 04, exercise 2 (Changing the method): add three cues to a frame; compare profiles.

The exercise edits data/reference/frames.yaml and then restores it. This solution works on a
copy instead (the other way the exercise allows): it copies the reference folder into the
working directory, adds three cues to the copy's frames.yaml, points the reference loader at
the copy, runs nkcorpus.reload_reference() and compares the frame profile before and after.
The repository's own files are never changed.
"""

import shutil
from pathlib import Path

import pandas as pd
import yaml

import nkcorpus
from nkcorpus import reference
from nkcorpus.paths import REFERENCE_DIR, corpus_dir

articles = nkcorpus.load_corpus(corpus_dir())
label = nkcorpus.article_labels(articles)
frame = "military"


def profile_of(frame: str) -> pd.Series:
    """The frame's cues per 1,000 words in each article, with the lexicon loaded now."""
    cues = nkcorpus.find_frame_cues(articles)
    return nkcorpus.frame_profile(cues, articles)[frame]


before = profile_of(frame)

# Three cues with a gloss and a rationale ("why") each, as frames.yaml asks for.
added = [
    {"cue": "palagan", "gloss": "battlefield (literary)",
     "why": "combat; a word Indonesian journalists use"},
    {"cue": "angkatan bersenjatanya", "gloss": "its armed forces",
     "why": "armed forces; cues never match with a suffix, so the -nya form needs its own entry"},
    {"cue": "rudal", "gloss": "missile", "why": "weapons; the lexicon has 'roket' but not 'rudal'"},
]
copy = Path("reference")
shutil.copytree(REFERENCE_DIR, copy, dirs_exist_ok=True)
lexicon = yaml.safe_load((copy / "frames.yaml").read_text(encoding="utf-8"))
known = {c["cue"] for c in lexicon["frames"][frame]["cues"]}
lexicon["frames"][frame]["cues"] += [c for c in added if c["cue"] not in known]
(copy / "frames.yaml").write_text(yaml.safe_dump(lexicon, allow_unicode=True, sort_keys=False),
                                  encoding="utf-8")

# Point the loaders at the copy, and forget the lexicon (and patterns) read so far.
reference.REFERENCE_DIR = copy.resolve()
nkcorpus.reload_reference()
after = profile_of(frame)

table = pd.DataFrame({"original": before.values, "with 3 cues": after.values},
                     index=label.values)
table["change"] = (table["with 3 cues"] - table["original"]).round(1)
print(f"{frame} cues per 1,000 words, before and after adding "
      f"{', '.join(c['cue'] for c in added)}:")
print(table.to_string())
new_hits = nkcorpus.kwic(articles, [c["cue"] for c in added], window=30)
print(f"\nLines found by the new cues: {len(new_hits)}")
print(new_hits[["term", "left", "match", "right"]].to_string())
# Reading: a profile changes only where the new words occur; every new hit still needs to be
# read (04, exercise 1) before it counts as evidence of the frame.
