"""Manual coding: samples, sheets, reliability (Krippendorff's alpha) and dictionary validation."""

import math

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from nkcorpus import coding
from nkcorpus.coding import Variable

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C.
PUBLISHED = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}
SCORE = Variable("score", "ordinal", ("low", "mid", "high"), "a test variable")
KIND = Variable("kind", "nominal", ("a", "b", "c"), "a test variable")


@pytest.mark.parametrize("level", sorted(PUBLISHED))
def test_alpha_reproduces_krippendorff_2011_example(level):
    example = coding.krippendorff_2011_example()
    assert example.shape == (4, 12) and int(example.notna().sum().sum()) == 41
    assert round(coding.alpha(example, level), 3) == PUBLISHED[level]


def test_alpha_is_one_for_perfect_agreement_and_nan_without_variation():
    assert coding.alpha([[1, 2, 3, 1], [1, 2, 3, 1]], "nominal") == pytest.approx(1.0)
    assert math.isnan(coding.alpha([[1, 1, 1], [1, 1, 1]], "nominal"))
    assert math.isnan(coding.alpha([[1, np.nan], [np.nan, 2]], "nominal"))  # nothing pairable


def test_bootstrap_interval_is_seeded_and_brackets_the_estimate():
    example = coding.krippendorff_2011_example()
    a = coding.bootstrap_alpha(example, "nominal", n_boot=300, seed=7)
    b = coding.bootstrap_alpha(example, "nominal", n_boot=300, seed=7)
    c = coding.bootstrap_alpha(example, "nominal", n_boot=300, seed=8)
    assert a == b and a != c
    low, high, n_valid = a
    assert low < 0.743 < high <= 1.0 and n_valid == 300


def test_verdict_reads_alpha_against_the_thresholds():
    assert coding.verdict(0.80) == "reliable"
    assert coding.verdict(0.743) == "tentative"
    assert coding.verdict(0.667) == "tentative"
    assert coding.verdict(0.66) == "unreliable"
    assert coding.verdict(float("nan")) == "undefined"


def _articles():
    rows = []
    for outlet, n_articles in [("A", 3), ("B", 1), ("C", 2)]:
        for i in range(n_articles):
            body = "\n\n".join(f"Paragraf {j} dari {outlet}{i}." for j in range(1, 5))
            rows.append({"article_id": f"{outlet.lower()}{i:015d}", "outlet": outlet,
                         "title": f"Judul {outlet}{i}", "body": body})
    return pd.DataFrame(rows)


def test_coding_units_cut_paragraphs_and_articles():
    paras = coding.coding_units(_articles())
    assert len(paras) == 24 and paras["unit_id"].iloc[0] == "a000000000000000-p01"
    assert paras["text"].iloc[1] == "Paragraf 2 dari A0."
    arts = coding.coding_units(_articles(), unit="article")
    assert len(arts) == 6 and arts["text"].iloc[0].startswith("Judul A0\n\nParagraf 1")
    with pytest.raises(ValueError, match="unit must be"):
        coding.coding_units(_articles(), unit="sentence")


def test_sample_is_stratified_proportionally_and_seeded():
    units = coding.coding_units(_articles())  # 12 units from A, 4 from B, 8 from C
    s = coding.draw_sample(units, 12, seed=1)
    assert s["stratum"].value_counts().to_dict() == {"A": 6, "C": 4, "B": 2}
    assert s["unit_id"].is_unique
    shuffled = units.sample(frac=1, random_state=3)
    assert coding.draw_sample(shuffled, 12, seed=1)["unit_id"].tolist() == s["unit_id"].tolist()
    assert coding.draw_sample(units, 12, seed=2)["unit_id"].tolist() != s["unit_id"].tolist()
    small = coding.draw_sample(units, 3, seed=1)  # every outlet keeps one unit
    assert sorted(small["stratum"]) == ["A", "B", "C"]
    with pytest.raises(ValueError, match="between 1 and 24"):
        coding.draw_sample(units, 25)


def test_sheets_round_trip_through_csv_and_xlsx(tmp_path):
    sample = coding.coding_units(_articles()).head(4)
    paths = coding.write_sheets(sample, ["ana", "budi"], tmp_path, variables=[SCORE, KIND])
    assert sorted(p.name for p in paths) == ["coding_ana.csv", "coding_ana.xlsx",
                                             "coding_budi.csv", "coding_budi.xlsx"]
    wb = load_workbook(tmp_path / "coding_ana.xlsx")
    ws = wb["coding"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["coder", "unit_id", "article_id"] and "score" in header
    rules = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    col = chr(ord("A") + header.index("score"))
    assert rules[f"{col}2:{col}5"] == "=codes!$A$3:$A$5"
    assert [wb["codes"].cell(row=r, column=1).value for r in (3, 4, 5)] == ["low", "mid", "high"]
    # Fill the spreadsheet of one coder and the CSV of the other, as students would.
    ws.cell(row=2, column=header.index("score") + 1, value="High")
    ws.cell(row=3, column=header.index("kind") + 1, value="b")
    wb.save(tmp_path / "coding_ana.xlsx")
    budi = pd.read_csv(tmp_path / "coding_budi.csv", dtype=str, keep_default_na=False)
    budi.loc[0, "score"] = "mid"
    budi.loc[1, "kind"] = "b"
    budi.to_csv(tmp_path / "coding_budi.csv", index=False)
    (tmp_path / "coding_budi.xlsx").unlink()  # budi filled the CSV
    codes = coding.read_sheets(tmp_path, variables=[SCORE, KIND], units=sample["unit_id"])
    assert sorted(codes["file"].unique()) == ["coding_ana.xlsx", "coding_budi.csv"]
    assert codes.set_index(["coder", "variable"])["value"].to_dict() == {
        ("ana", "score"): "high", ("ana", "kind"): "b", ("budi", "score"): "mid",
        ("budi", "kind"): "b"}
    dis = coding.disagreements(codes, [SCORE, KIND], units=sample)
    assert dis[["variable", "ana", "budi", "n_codes"]].values.tolist() == [
        ["score", "high", "mid", 2]]
    assert dis["text"].iloc[0] == "Paragraf 1 dari A0."


def _sheet(tmp_path, name, **cols):
    base = {"coder": ["ana", "ana"], "unit_id": ["u1", "u2"], "score": ["low", "high"],
            "kind": ["a", "b"]}
    base.update(cols)
    pd.DataFrame(base).to_csv(tmp_path / name, index=False)


@pytest.mark.parametrize("change, message", [
    ({"score": ["low", "very high"]}, r"coding_ana.csv: row 3, score = 'very high' is not a code"),
    ({"unit_id": ["u1", "u1"]}, r"coding_ana.csv: unit 'u1' appears more than once"),
    ({"coder": ["ana", "budi"]}, r"coding_ana.csv: the coder column must hold one name"),
    ({"unit_id": ["u1", "u9"]}, r"coding_ana.csv: unknown unit\(s\) u9"),
])
def test_bad_sheets_raise_naming_file_and_problem(tmp_path, change, message):
    _sheet(tmp_path, "coding_ana.csv", **change)
    with pytest.raises(ValueError, match=message):
        coding.read_sheets(tmp_path, variables=[SCORE, KIND], units=["u1", "u2"])


def test_missing_column_and_same_coder_twice_are_errors(tmp_path):
    pd.DataFrame({"coder": ["ana"], "unit_id": ["u1"], "score": ["low"]}).to_csv(
        tmp_path / "coding_ana.csv", index=False)
    with pytest.raises(ValueError, match=r"coding_ana\.csv: missing column"):
        coding.read_sheets(tmp_path, variables=[SCORE, KIND])
    _sheet(tmp_path, "coding_ana.csv")
    _sheet(tmp_path, "coding_ana2.csv")
    with pytest.raises(ValueError, match=r"coding_ana2\.csv: coder 'ana' also has"):
        coding.read_sheets(tmp_path, variables=[SCORE, KIND])
    with pytest.raises(FileNotFoundError):
        coding.read_sheets(tmp_path / "empty")


def test_reliability_table_uses_the_variable_levels(tmp_path):
    # Two coders, ordinal variable: ordinal alpha gives partial credit for near misses.
    rows = []
    for unit, (x, y) in enumerate([("low", "low"), ("mid", "high"), ("high", "high"),
                                   ("low", "mid"), ("mid", "mid"), ("high", "high")]):
        rows += [("x", f"u{unit}", "score", x), ("y", f"u{unit}", "score", y)]
        rows += [("x", f"u{unit}", "kind", "a" if unit % 2 else "b"),
                 ("y", f"u{unit}", "kind", "a" if unit % 2 else "b")]
    codes = pd.DataFrame(rows, columns=["coder", "unit_id", "variable", "value"])
    table = coding.reliability(codes, [SCORE, KIND], n_boot=200, seed=1).set_index("variable")
    m = coding.reliability_matrix(codes, SCORE).to_numpy()
    expected = coding.alpha(m, "ordinal", [0.0, 1.0, 2.0])
    assert table.loc["score", "alpha"] == round(expected, 3)
    assert table.loc["score", "alpha"] > round(coding.alpha(m, "nominal"), 3)
    assert table.loc["kind", "alpha"] == 1.0 and table.loc["kind", "verdict"] == "reliable"
    assert table.loc["score", ["coders", "units", "pairable"]].tolist() == [2, 6, 12]


def test_codebook_variables_cover_frames_sources_voices_tone_and_side():
    names = {v.name: v for v in coding.CODEBOOK}
    assert {"issue_frame", "generic_frame", "source_origin", "side"} <= set(names)
    assert names["issue_frame"].values == ("military", "diplomacy", "legality", "humanitarian",
                                           "geopolitics", "none")
    assert names["voice_armenia"].level == "ordinal"
    assert names["voice_armenia"].values == ("absent", "mentioned", "quoted")
    with pytest.raises(ValueError, match="level must be"):
        Variable("x", "categorical", ("a", "b"), "")


def test_dictionary_validation_counts_hits_misses_and_false_alarms():
    gold = pd.DataFrame({
        "id": ["s1", "s2", "s3", "s4"],
        "text": ["Pasukan bergerak ke utara.",          # military, found
                 "Prajurit bergerak ke garis depan.",    # military, missed (no cue)
                 "Perang harga tiket pesawat.",          # not military, false alarm
                 "Harga cabai naik."],                   # nothing
        "frames": [("military",), ("military",), ("economic",), ("economic",)]})
    table = coding.validate_dictionary(gold, ["military", "economic"]).set_index("frame")
    assert table.loc["military", ["gold", "found", "tp", "fp", "fn"]].tolist() == [2, 2, 1, 1, 1]
    assert table.loc["military", ["precision", "recall", "f1"]].tolist() == [0.5, 0.5, 0.5]
    assert table.loc["economic", ["tp", "fn"]].tolist() == [0, 2]
    assert math.isnan(table.loc["economic", "precision"])
    dis = coding.dictionary_disagreements(gold, ["military"])
    assert dis[["id", "error", "cues"]].values.tolist() == [
        ["s2", "missed", ""], ["s3", "false alarm", "perang"]]


def test_frame_gold_is_large_varied_and_uses_only_known_frames():
    gold = coding.read_frame_gold()
    assert len(gold) >= 100 and gold["id"].is_unique
    assert gold["topic"].nunique() >= 6 and (gold["topic"] == "war").sum() >= 50
    assert (gold["gloss"].str.len() > 0).all()
    coded = pd.Series([f for frames in gold["frames"] for f in frames]).value_counts()
    assert (coded >= 5).all() and len(coded) == 16  # every frame of frames.yaml has examples
    assert (gold["frames"].str.len() == 0).sum() >= 5  # and some sentences have no frame


def test_frame_gold_validation_finds_both_error_kinds_for_the_dictionary():
    table = coding.validate_dictionary(coding.read_frame_gold()).set_index("frame")
    assert table["gold"].sum() > 150 and (table["fp"] > 0).sum() >= 8
    assert (table["fn"] > 0).sum() >= 12
    assert table["f1"].between(0, 1).all()


def test_unknown_frame_in_gold_names_the_row(tmp_path):
    path = tmp_path / "gold.csv"
    pd.DataFrame({"id": ["x1"], "text": ["Teks."], "frames": ["military; warfare"]}).to_csv(
        path, index=False)
    with pytest.raises(ValueError, match="id x1: unknown frame"):
        coding.read_frame_gold(path)
