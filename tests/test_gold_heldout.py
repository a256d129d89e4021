"""Held-out gold halves (tests/gold/*_heldout.yaml, never used to tune rules): the thresholds
of issue 10. `python -m nkcorpus.evaluate` prints the full figures."""

import pytest

from nkcorpus import evaluate


@pytest.fixture(scope="module")
def scores():
    table, pronouns = evaluate.evaluate()
    return table[table["category"] == "all"].set_index(["helper", "half"]), pronouns


@pytest.mark.parametrize(("helper", "threshold"), [("quotes", 0.90), ("actors", 0.92),
                                                   ("dates", 0.95)])
def test_held_out_f1_meets_the_issue_threshold(scores, helper, threshold):
    row = scores[0].loc[(helper, "heldout")]
    assert row["f1"] >= threshold, row.to_dict()


def test_gold_sets_have_the_sizes_the_issue_asks_for():
    quotes = sum(max(len(i["quotes"]), 1) for h in evaluate.HALVES
                 for i in evaluate.load_gold("quotes", h))
    mentions = sum(len(i["mentions"]) for h in evaluate.HALVES
                   for i in evaluate.load_gold("actors", h))
    dates = sum(len(i["dates"]) for h in evaluate.HALVES for i in evaluate.load_gold("dates", h))
    assert quotes >= 200 and mentions >= 150 and dates >= 100, (quotes, mentions, dates)


def test_pronoun_speakers_are_counted_and_mostly_right(scores):
    pronouns = scores[1].set_index("half")
    assert pronouns.loc["heldout", "pronoun"] >= 10
    assert pronouns.loc["heldout", "share_right"] >= 0.8


REQUIRED = {
    "quotes": {"nested", "single-quotes", "menurut-mid", "two-paragraphs", "menurut-negative",
               "kata-demi-kata", "negated", "hypothetical", "shared-surname", "pronoun",
               "former-office-holder"},
    "actors": {"shared-surname", "place-named-after-person", "common-word", "region-name",
               "same-first-name", "former-office-holder", "role-by-date"},
    "dates": {"relative", "weekday-numeric", "month-name", "three-letter-month", "year-boundary",
              "wrong-weekday", "weekday-alone", "month-alone", "negative"},
}


@pytest.mark.parametrize("helper", evaluate.HELPERS)
@pytest.mark.parametrize("half", evaluate.HALVES)
def test_each_half_covers_every_failure_listed_in_the_issue(helper, half):
    categories = {i["category"] for i in evaluate.load_gold(helper, half)}
    assert REQUIRED[helper] <= categories, REQUIRED[helper] - categories


def test_headline_line_for_the_notebooks():
    table, _ = evaluate.evaluate()
    line = evaluate.headline(table, "quotes")
    assert line.startswith("quotes: P ") and "held-out quotes" in line


def test_scorer_counts_false_positives_and_misses(tmp_path):
    (tmp_path / "dates_dev.yaml").write_text(
        "items:\n- id: x\n  category: c\n  published: 2020-11-09\n  text: Kemarin hujan. "
        "Pada 3 Mei ada banjir.\n  dates:\n  - [Kemarin, 2020-11-08]\n  - [31 Mei, 2020-05-31]\n",
        encoding="utf-8")
    row = evaluate.score_dates_gold("dev", tmp_path).iloc[0]
    assert (row["tp"], row["fp"], row["fn"]) == (1, 1, 1)
    assert row["precision"] == 0.5 and row["recall"] == 0.5
