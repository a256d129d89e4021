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
