"""The schema is declared once; the data dictionary and every table follow it."""

from nkcorpus import build_corpus
from nkcorpus.paths import DATA_DIR, RAW_DIR
from nkcorpus.schema import ARTICLE_COLUMNS, COLUMN_NAMES, documented_schema, render_markdown


def test_data_dictionary_matches_the_schema_in_code():
    assert documented_schema(DATA_DIR / "README.md") == render_markdown(), (
        "data/README.md is stale: run `python -m nkcorpus schema --write`")


def test_built_table_has_exactly_the_schema_columns_and_dtypes():
    df = build_corpus(RAW_DIR)
    assert len(df) == 5, "an empty table would pass a dtype check: the seeds must be there"
    assert tuple(df.columns) == COLUMN_NAMES
    assert len(ARTICLE_COLUMNS) == 23
    for col in ARTICLE_COLUMNS:
        assert str(df[col.name].dtype) == col.dtype, col.name


def test_every_column_holds_values_of_its_documented_form():
    import json

    from nkcorpus.extract import FIELD_SOURCES, PAGE_KINDS

    df = build_corpus(RAW_DIR)
    assert df["article_id"].str.fullmatch(r"[0-9a-f]{16}(-\d+)?").all()
    assert df["article_id"].is_unique
    assert df["sha256"].str.fullmatch(r"[0-9a-f]{64}").all()
    assert (df["source_file"] != "").all() and df["source_file"].is_monotonic_increasing
    assert set(df["encoding"]) == {"utf-8"}
    assert df["published"].notna().sum() == 4 and df["retrieved"].isna().all()
    assert (df["published"].dt.tz is not None) and str(df["published"].dt.tz) == "Asia/Jakarta"
    assert (df["dateline"] == df["dateline"].str.upper()).all()
    assert (df["n_words"] == df["body"].str.split().str.len()).all()
    assert (df["n_words"] > 100).all()
    for removed in df["removed"]:
        blocks = json.loads(removed)
        assert isinstance(blocks, list) and all(set(b) == {"rule", "text"} for b in blocks)
    assert set(df["page_kind"]) <= set(PAGE_KINDS)
    for value in df["field_sources"]:
        pairs = [p.split("=") for p in value.split("; ") if p]
        assert all(v in FIELD_SOURCES for _, v in pairs)
    assert set(df["status"]) <= {"ok", "warning", "error"}
    assert (df.loc[df["status"] == "ok", "published"].notna()).all()
    assert set(df["corrected"]) == {""}
    assert (df["title"] != "").all() and (df["outlet"] != "").all()


def test_derived_tables_are_documented_with_their_columns():
    import re

    from nkcorpus.actors import MENTION_COLUMNS
    from nkcorpus.citations import CITATION_COLUMNS
    from nkcorpus.frames import CUE_COLUMNS
    from nkcorpus.quotes import QUOTE_COLUMNS
    from nkcorpus.reuse import REUSE_COLUMNS
    from nkcorpus.timeline import DATE_COLUMNS

    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    documented = {}
    for item in re.findall(r"- `nkcorpus\.(\w+)\(articles\)`:(.*?)(?=\n- `|\Z)", text, re.S):
        name, body = item
        columns = re.search(r"Columns:(.*?)\.(?:\s|$)", body, re.S).group(1)
        documented[name] = re.findall(r"`(\w+)`", columns)
    assert documented["find_mentions"] == MENTION_COLUMNS
    assert documented["find_quotes"] == QUOTE_COLUMNS
    assert documented["find_citations"] == CITATION_COLUMNS
    assert documented["find_date_mentions"] == DATE_COLUMNS
    assert documented["find_frame_cues"] == CUE_COLUMNS
    assert documented["find_reuse"] == REUSE_COLUMNS
    assert documented["sentences"] == ["article_id", "sentence", "paragraph", "start", "end",
                                       "text"]
