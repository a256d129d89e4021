"""Notebook 07, exercise 2 (Changing the method): actors per month instead of in total.

The mentions table has no date: join it with the articles' `published` in DuckDB, count the
articles that mention each actor per month, and plot the three actors mentioned in most
articles. The figure is saved as actors_per_month.png in the current folder.
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import nkcorpus
from nkcorpus import plots
from nkcorpus.paths import dataset_dir

DATASET = dataset_dir()
monthly = nkcorpus.query(
    "SELECT m.actor, strftime(a.published, '%Y-%m') AS month, "
    "count(DISTINCT m.article_id) AS articles "
    "FROM mentions AS m JOIN articles AS a USING (article_id) "
    "WHERE a.published IS NOT NULL GROUP BY ALL ORDER BY ALL",
    DATASET,
)
top3 = (
    monthly.groupby("actor")["articles"].sum()
    .sort_values(ascending=False, kind="stable").head(3).index.tolist()
)
table = monthly[monthly["actor"].isin(top3)].pivot(
    index="month", columns="actor", values="articles"
).fillna(0).astype(int)
print("Articles mentioning the three most mentioned actors, per month:")
print(table.to_string())

fig, ax = plt.subplots(figsize=(8, 4))
for actor in top3:
    ax.plot(table.index, table[actor], marker="o", label=actor)
ax.legend()
plots.finish(ax, title="Articles mentioning the three most mentioned actors, per month",
             xlabel="month (Asia/Jakarta)", ylabel="articles (count per month)",
             source=f"Source: dataset {DATASET.name}; mentions joined with articles.")
fig.savefig("actors_per_month.png")
print("saved actors_per_month.png")
