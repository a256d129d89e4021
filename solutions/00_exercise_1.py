"""Notebook 00, exercise 1 (Beginners): how many articles of each outlet have status ok?"""

import nkcorpus
from nkcorpus.paths import corpus_dir

articles = nkcorpus.load_corpus(corpus_dir())

# Filter first: keep the rows whose status is "ok" ...
ok = articles[articles["status"] == "ok"]
# ... then count how often each outlet occurs among them.
per_outlet = ok["outlet"].value_counts()
print("Articles with status ok, per outlet:")
print(per_outlet.to_string())

# Outlets that have articles but none of them ok do not appear above; reindex adds them as 0.
all_outlets = sorted(articles["outlet"].unique())
print("\nWith every outlet, 0 where none is ok:")
print(per_outlet.reindex(all_outlets, fill_value=0).to_string())
