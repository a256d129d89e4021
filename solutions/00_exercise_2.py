"""Notebook 00, exercise 2 (Beginners): the title and outlet of the longest article."""

import nkcorpus
from nkcorpus.paths import corpus_dir

articles = nkcorpus.load_corpus(corpus_dir())

# idxmax() gives the row label of the largest value; .loc[label] fetches that row.
longest = articles.loc[articles["n_words"].idxmax()]
print(f"Longest article: {longest['title']!r}")
print(f"Outlet: {longest['outlet']}; {longest['n_words']} words.")

# The same with sorting: the last row after sorting by length is the longest.
same = articles.sort_values("n_words").iloc[-1]
assert same["article_id"] == longest["article_id"]
