"""Notebook 00, exercise 3 (Changing the method): count words instead of articles."""

import nkcorpus
from nkcorpus.paths import corpus_dir

articles = nkcorpus.load_corpus(corpus_dir())

# sum() instead of size(): add up the words of each outlet's articles.
words = articles.groupby("outlet")["n_words"].sum().sort_values(ascending=False)
# Each outlet's share of all words, as a percentage rounded to one decimal.
share = (words / words.sum() * 100).round(1)
table = words.to_frame("words").assign(share_percent=share)
print(table.to_string())

# Reading: counting words weighs long articles more than short ones. An outlet with few but
# long articles can carry more of the corpus's text than one with many short items.
