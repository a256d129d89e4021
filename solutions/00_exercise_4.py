"""Notebook 00, exercise 4 (Changing the method): let load_corpus filter by status and date."""

import nkcorpus
from nkcorpus.paths import corpus_dir

RAW = corpus_dir()
october = ("2020-10-01", "2020-10-31")

# load_corpus filters by itself: ok rows published in October 2020 (both ends inclusive).
filtered = nkcorpus.load_corpus(RAW, status="ok", date_range=october)

# The same with pandas on the full table. The dates carry a time zone (WIB), so compare the
# calendar day: .dt.strftime writes each timestamp as YYYY-MM-DD text, which sorts like
# the dates themselves.
articles = nkcorpus.load_corpus(RAW)
day = articles["published"].dt.strftime("%Y-%m-%d")
by_hand = articles[(articles["status"] == "ok") & day.between(*october)]

print(f"load_corpus filters: {len(filtered)} articles; pandas filter: {len(by_hand)}.")
print(filtered[["outlet", "published", "title"]].to_string())
assert list(filtered["article_id"]) == list(by_hand["article_id"])
print("Both ways give the same rows.")
# Note: an article without a date (NaT) is never inside a date range, so it drops out of both.
