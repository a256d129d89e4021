"""Notebook 01, exercise 1 (Beginners): compare a raw file with its body; find a cut block."""

import nkcorpus
from nkcorpus.paths import corpus_dir

RAW = corpus_dir()
articles = nkcorpus.load_corpus(RAW)
article = articles.iloc[-1]  # any article will do; here the last one
raw = (RAW / article["source_file"]).read_text(encoding="utf-8", errors="replace")
print(f"{article['source_file']}: {len(raw.split())} words in the raw file, "
      f"{article['n_words']} in the clean body.")

cut = nkcorpus.removed_blocks(articles)
mine = cut[cut["article_id"] == article["article_id"]]
print("\nRules that cut blocks from this page:")
print(mine["rule"].value_counts().to_string())

# One block per rule: it is in the raw file and not in the body.
for row in mine.drop_duplicates("rule").itertuples():
    in_raw = row.text.strip()[:40] in raw
    in_body = row.text.strip() in article["body"]
    print(f"\n[{row.rule}] {row.text[:90]!r}")
    print(f"  in the raw file: {in_raw}; in the body: {in_body}")

# Reading (seed corpus): the date line, the photo caption and the "Baca juga" links are
# page furniture, not the reporter's text, and the trailing lists are other headlines of the
# site. Cutting them is right; check that no cut block is a paragraph of the story itself.
