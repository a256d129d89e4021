"""Notebook 05, exercise 1 (Beginners): the words that differ in a near-copy passage."""

import difflib

import nkcorpus
from nkcorpus.paths import corpus_dir

articles = nkcorpus.load_corpus(corpus_dir())
reuse = nkcorpus.find_reuse(articles)
near = reuse[reuse["kind"] == "near"]
print(f"{len(near)} near passage(s).")
row = near.iloc[0]
a, b = row["passage"].split(), row["passage_b"].split()
print(f"{row['outlet_a']}: {row['passage']}")
print(f"{row['outlet_b']}: {row['passage_b']}\n")
# SequenceMatcher lines up the two word lists; opcodes say what to change to turn a into b.
for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b).get_opcodes():
    if op != "equal":
        print(f"{op:8} {' '.join(a[i1:i2])!r} -> {' '.join(b[j1:j2])!r}")
# Reading (seed corpus): "negara" dropped and a comma removed: editing choices in two
# translations of the same wire sentence, not a change of meaning.
