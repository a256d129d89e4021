"""Notebook 03, exercise 3 (Changing the method): co-occurrence per paragraph, not sentence."""

from itertools import combinations

import networkx as nx
import pandas as pd

import nkcorpus
from nkcorpus.paths import corpus_dir

articles = nkcorpus.load_corpus(corpus_dir())
sents = nkcorpus.sentences(articles)
mentions = nkcorpus.find_mentions(articles, sents)
named = mentions[mentions["actor"] != ""]
# Add the paragraph number of each mention's sentence.
named = named.merge(sents[["article_id", "sentence", "paragraph"]],
                    on=["article_id", "sentence"])


def network(unit: list[str]) -> nx.Graph:
    """Actors as nodes; an edge for every pair named in the same unit (weight = how often)."""
    graph = nx.Graph()
    for _, group in named.groupby(unit):
        for a, b in combinations(sorted(set(group["actor"])), 2):
            weight = graph.get_edge_data(a, b, {"weight": 0})["weight"]
            graph.add_edge(a, b, weight=weight + 1)
    return graph


by_sentence = network(["article_id", "sentence"])
by_paragraph = network(["article_id", "paragraph"])
# Degree = how many other actors an actor is connected to.
degrees = pd.DataFrame({"sentence": dict(by_sentence.degree()),
                        "paragraph": dict(by_paragraph.degree())}).fillna(0).astype(int)
print(f"Edges: {by_sentence.number_of_edges()} by sentence, "
      f"{by_paragraph.number_of_edges()} by paragraph.")
print(degrees.sort_values(["paragraph", "sentence"], ascending=False).head(8).to_string())
# Reading: paragraphs are longer, so they link more pairs; most central actors keep their
# place, and actors named in neighbouring sentences (a statement and its source) gain links.
