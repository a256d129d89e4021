"""Notebook 06, exercise 5 (Research): code a sample with a classmate; recode after discussion.

Coding is the exercise, so a script cannot do it for you. This solution runs every step
around the coding on a temporary folder: the sheets for two coders, a second sample with a
new seed (disjoint from the first where the corpus allows it), and the reading of the filled
sheets. For that last step it uses the published example of Krippendorff (2011) as the
"filled sheets", not invented codes.
"""

from pathlib import Path

import pandas as pd

import nkcorpus
from nkcorpus import coding
from nkcorpus.paths import corpus_dir

articles = nkcorpus.load_corpus(corpus_dir())
units = coding.coding_units(articles)
first = coding.draw_sample(units, min(12, len(units)), seed=2020)
round1 = Path("coding_round1")
coding.write_sheets(first, ["ana", "budi"], round1)
print("Round 1 sheets:", sorted(p.name for p in round1.iterdir()))

# Round 2: a new seed, drawn from the units not coded in round 1.
rest = units[~units["unit_id"].isin(first["unit_id"])]
second = coding.draw_sample(rest, min(12, len(rest)), seed=2021)
assert not set(second["unit_id"]) & set(first["unit_id"])
coding.write_sheets(second, ["ana", "budi"], Path("coding_round2"), formats=("xlsx",))
print(f"Round 2: {len(second)} new paragraphs, none coded in round 1.")

# Reading filled sheets: here the published example plays the filled folder.
filled = Path("filled")
filled.mkdir(exist_ok=True)
example = coding.krippendorff_2011_example()
for coder, row in example.iterrows():
    values = ["" if pd.isna(v) else str(int(v)) for v in row]
    pd.DataFrame({"coder": coder, "unit_id": list(row.index), "value": values}).to_csv(
        filled / f"coding_{coder}.csv", index=False)
value = coding.Variable("value", "nominal", ("1", "2", "3", "4", "5"), "example C")
codes = coding.read_sheets(filled, variables=[value])
print(coding.reliability(codes, [value], n_boot=200, seed=1).to_string())
# Compare round 1 and round 2 the same way: alpha per variable, with its interval. A rise
# after the codebook was sharpened is the evidence that the discussion helped.
