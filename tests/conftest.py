"""Shared fixtures: the seed corpus built once, and paths to test data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from nkcorpus import build_corpus
from nkcorpus.paths import INDOSUM_SAMPLE, RAW_DIR

# CI runs hypothesis derandomised so a green run is repeatable; locally it explores freely.
settings.register_profile("ci", derandomize=True, deadline=None, max_examples=200)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

FIXTURES = Path(__file__).parent / "fixtures"
# The 2,000-article IndoSum sample shipped in the repository (data/external/indosum/README.md).
INDOSUM = INDOSUM_SAMPLE


@pytest.fixture(scope="session")
def seeds():
    """The seed corpus, indexed by the file's three-digit prefix ('000'...'004')."""
    df = build_corpus(RAW_DIR)
    return df.set_index(df["source_file"].str[:3])


@pytest.fixture(scope="session")
def outlet_pages():
    df = build_corpus(FIXTURES / "outlets")
    return df.set_index(df["source_file"].str.removesuffix(".txt"))
