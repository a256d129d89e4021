"""Notebook 05, exercise 3 (Research): add a wire story and see whether find_reuse links it.

Instead of a real wire story (copyrighted and not shipped), this solution builds a stand-in:
a short article whose first paragraph repeats, with small edits, a passage of one seed
article, the way a second outlet's translation of the same wire copy would. It is added to a
copy of the corpus, and find_reuse should link it to the seed article.
"""

import shutil
from pathlib import Path

import nkcorpus
from nkcorpus.paths import RAW_DIR

folder = Path("corpus_with_wire")
shutil.copytree(RAW_DIR, folder, dirs_exist_ok=True)
articles = nkcorpus.load_corpus(folder, cache=False)
source = articles.iloc[3]  # one seed article; its second paragraph plays the wire copy
paragraph = source["body"].split("\n\n")[1]
edited = paragraph.replace("pada hari", "pada").replace(" bahwa ", " ")
(folder / "wire_copy.txt").write_text(f"""Versi Kantor Berita tentang Karabakh

Kompas.com - 10/11/2020, 09:00 WIB

JAKARTA, KOMPAS.com - {edited}

Artikel ini disusun untuk latihan dan tidak berasal dari kantor berita mana pun.
""", encoding="utf-8")
articles = nkcorpus.load_corpus(folder, cache=False)
wire = articles[articles["source_file"] == "wire_copy.txt"]["article_id"].iloc[0]
reuse = nkcorpus.find_reuse(articles)
linked = reuse[(reuse["article_a"] == wire) | (reuse["article_b"] == wire)]
print(linked[["outlet_a", "outlet_b", "kind", "similarity", "n_tokens"]].to_string())
assert source["article_id"] in set(linked["article_a"]) | set(linked["article_b"])
print(f"\nThe stand-in is linked to {source['outlet']} ({len(linked)} passage(s)).")
# With a translated wire story (English or Turkish), the words differ: only the paraphrase
# pass, or a machine-translated copy, can link it.
