"""Notebook 03, exercise 1 (Beginners): a person who is mentioned but never quoted."""

import textwrap

import nkcorpus
from nkcorpus.paths import corpus_dir

articles = nkcorpus.load_corpus(corpus_dir())
sents = nkcorpus.sentences(articles)
mentions = nkcorpus.find_mentions(articles, sents)
quotes = nkcorpus.find_quotes(articles, mentions)

people = set(mentions.loc[mentions["type"] == "person", "actor"])
quoted = set(quotes["speaker_actor"])
silent = sorted(people - quoted)
print("People mentioned but never quoted:", ", ".join(silent))

person = silent[0]
hits = mentions[mentions["actor"] == person][["article_id", "sentence"]].drop_duplicates()
# merge() adds the text of each sentence, matched on article and sentence number.
texts = hits.merge(sents, on=["article_id", "sentence"])
print(f"\nSentences that mention {person}:")
for text in texts["text"]:
    print(textwrap.fill(text, 88, initial_indent="- ", subsequent_indent="  "))

# Reading (seed corpus): the foreign ministers appear as the objects of other people's
# statements (who met whom, who will visit), never in their own words. Counting mentions alone
# would overstate their voice in the coverage.
