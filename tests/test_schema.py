"""The schema is declared once; the data dictionary and every table follow it."""

from nkcorpus import build_corpus
from nkcorpus.paths import DATA_DIR, RAW_DIR
from nkcorpus.schema import ARTICLE_COLUMNS, COLUMN_NAMES, documented_schema, render_markdown


def test_data_dictionary_matches_the_schema_in_code():
    assert documented_schema(DATA_DIR / "README.md") == render_markdown(), (
        "data/README.md is stale: run `python -m nkcorpus schema --write`")


def test_built_table_has_exactly_the_schema_columns_and_dtypes():
    df = build_corpus(RAW_DIR)
    assert tuple(df.columns) == COLUMN_NAMES
    for col in ARTICLE_COLUMNS:
        assert str(df[col.name].dtype) == col.dtype.replace("[ns,", "[ns,"), col.name


def test_status_values_are_the_documented_ones():
    df = build_corpus(RAW_DIR)
    assert set(df["status"]) <= {"ok", "warning", "error"}


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
