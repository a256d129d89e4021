"""Notebook 01, exercise 3 (Research): run section 4 on a folder of your own articles.

Your folder would hold your own articles; here a copy of the seed corpus stands in for it, so
that the solution runs anywhere. The steps are the same: point NKCORPUS_RAW_DIR at the folder
(before starting Jupyter, or as here before loading), then compare outlets.
"""

import os
import shutil
from pathlib import Path

import nkcorpus
from nkcorpus.paths import RAW_DIR, corpus_dir

folder = Path("my_corpus")
shutil.copytree(RAW_DIR, folder, dirs_exist_ok=True)
os.environ["NKCORPUS_RAW_DIR"] = str(folder.resolve())  # absolute: any working directory
print("The notebooks would now read:", corpus_dir().name)

articles = nkcorpus.load_corpus(corpus_dir(), cache=False)
credits = nkcorpus.find_citations(articles)
text_credits = credits[credits["where"] == "body"]
outlet = articles.set_index("article_id")["outlet"]
crediting = (text_credits.assign(outlet=text_credits["article_id"].map(outlet))
             .groupby(["outlet", "bloc"])["article_id"].nunique().unstack(fill_value=0))
# Share of each outlet's articles that credit each bloc at least once.
share = crediting.div(articles["outlet"].value_counts(), axis=0).fillna(0).round(2)
print(share.to_string())
