"""Notebook 01, exercise 2 (Changing the method): add an agency; group credits differently.

Instead of editing data/reference/agencies.csv in place, this solution edits a copy in the
working directory and points the reference loader at it, so the repository stays unchanged.
In the exercise itself you edit the file and rerun the notebook.
"""

import shutil
from pathlib import Path

import nkcorpus
from nkcorpus import reference
from nkcorpus.paths import RAW_DIR, REFERENCE_DIR

# A corpus: the seed articles plus one short article, written for this solution, that
# credits Kyodo, a Japanese agency not in agencies.csv.
corpus = Path("corpus")
shutil.copytree(RAW_DIR, corpus, dirs_exist_ok=True)
(corpus / "kyodo.txt").write_text("""Jepang Desak Gencatan Senjata di Nagorno-Karabakh

Kompas.com - 12/10/2020, 08:00 WIB

TOKYO, KOMPAS.com - Pemerintah Jepang mendesak Armenia dan Azerbaijan mematuhi gencatan
senjata kemanusiaan, seperti dilansir dari Kyodo News, Senin (12/10/2020).

Menteri Luar Negeri Jepang menyatakan keprihatinan atas jatuhnya korban warga sipil.

Jepang juga siap memberikan bantuan kemanusiaan bagi para pengungsi di kawasan itu.
""", encoding="utf-8")
articles = nkcorpus.load_corpus(corpus, cache=False)

before = nkcorpus.find_citations(articles)
print("Kyodo found before the change:", (before["agency"] == "Kyodo").any())

# The change: one new row in a copy of the reference folder.
copy = Path("reference")
shutil.copytree(REFERENCE_DIR, copy, dirs_exist_ok=True)
with open(copy / "agencies.csv", "a", encoding="utf-8") as f:
    f.write("Kyodo,Japan,Other,wire,no,Kyodo|Kyodo News,Japanese news agency\n")
reference.REFERENCE_DIR = copy.resolve()
# The loaders keep what they read in memory (a cache), and find_citations keeps patterns
# compiled from it: reload_reference() forgets both, as the exercise asks you to run.
nkcorpus.reload_reference()

after = nkcorpus.find_citations(articles)
kyodo = after[after["agency"] == "Kyodo"]
print("Kyodo found after the change:", len(kyodo), "credit(s), cue:", kyodo["cue"].tolist())
assert len(kyodo) >= 1

# Second part: group the credits by state ownership instead of by bloc.
by_owner = after.pivot_table(index="article_id", columns="state_owned", values="agency",
                             aggfunc="count", fill_value=0)
by_owner.index = by_owner.index.map(nkcorpus.article_labels(articles))
print("\nCredits per article, by state ownership of the agency:")
print(by_owner.to_string())
