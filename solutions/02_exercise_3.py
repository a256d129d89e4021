"""Notebook 02, exercise 3 (Research): add two events to a copy of events.csv and replot."""

import shutil
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # draw into files, no window
import matplotlib.pyplot as plt

import nkcorpus
from nkcorpus import plots, reference
from nkcorpus.paths import REFERENCE_DIR, corpus_dir

copy = Path("reference")
shutil.copytree(REFERENCE_DIR, copy, dirs_exist_ok=True)
with open(copy / "events.csv", "a", encoding="utf-8") as f:
    f.write('2020-11-03,"United States presidential election",other,'
            '"US Federal Election Commission, Official 2020 Presidential General Election '
            'Results (2021)"\n')
    f.write('2020-11-15,"Azerbaijan agrees to postpone the handover of Kalbajar from 15 to '
            '25 November",handover,"Statement of the Azerbaijani presidential administration, '
            '15 Nov 2020; widely reported (e.g. Reuters, Anadolu)"\n')
events = reference.events(copy.resolve())
print(events[["date", "kind", "event"]].to_string())

articles = nkcorpus.load_corpus(corpus_dir())
dated = articles.dropna(subset=["published"])
plots.use_style()
fig, ax = plt.subplots(figsize=(9, 3.5))
for row in events.itertuples():
    ax.axvline(row.date, color="0.6", linewidth=1)
    ax.text(row.date, 1.02, row.kind, rotation=90, fontsize=7, va="bottom",
            transform=ax.get_xaxis_transform())
ax.scatter(dated["published"].dt.tz_localize(None), [0.5] * len(dated), color="#C44E52",
           zorder=3, label="article published")
ax.set_yticks([])
ax.legend(frameon=False, loc="lower left")
plots.finish(ax, title="Articles on the timeline of the war, with two added events",
             xlabel="date (2020)", ylabel="", source=plots.source_note(articles))
fig.savefig("timeline.png")
print("\nPlot written to timeline.png")
