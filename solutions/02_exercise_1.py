"""Notebook 02, exercise 1 (Beginners): the dates one article mentions, checked on a calendar."""

import nkcorpus
from nkcorpus.paths import corpus_dir

articles = nkcorpus.load_corpus(corpus_dir())
mentions = nkcorpus.find_date_mentions(articles)
# Pick the article with the most resolved date mentions.
resolved = mentions.dropna(subset=["date"])
article_id = resolved["article_id"].value_counts().index[0]
article = articles.set_index("article_id").loc[article_id]
print(f"{article['outlet']}: {article['title']}")
print(f"Published {article['published']:%A %d %B %Y %H:%M} WIB\n")

# Indonesian weekday names, Monday first, to compare with what the text says.
HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
mine = mentions[mentions["article_id"] == article_id]
for row in mine.itertuples():
    if row.date is None or str(row.date) == "NaT":
        print(f"{row.matched!r}: not resolved ({row.note})")
        continue
    weekday = HARI[row.date.weekday()]
    says = next((h for h in HARI if h.lower() in row.matched.lower()), None)
    check = "" if says is None else (" - weekday agrees" if says == weekday
                                     else f" - text says {says}!")
    print(f"{row.matched!r} -> {row.date:%d %B %Y}, which is a {weekday}; "
          f"{row.days_before} day(s) before publication{check}")

# Reading: the mention with days_before 0 or 1 is usually the news event of the headline;
# dates weeks back (27 September) are background: the start of the war.
