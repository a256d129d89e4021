"""Raw data is immutable: the seeds match their recorded checksums and the shared originals."""

import hashlib

import pytest

from nkcorpus.paths import RAW_DIR

from .conftest import SHARED


def _recorded():
    lines = (RAW_DIR / "SHA256SUMS").read_text().splitlines()
    return {name: digest for digest, name in (line.split() for line in lines)}


def test_every_raw_seed_matches_its_recorded_sha256():
    recorded = _recorded()
    assert sorted(recorded) == sorted(p.name for p in RAW_DIR.glob("*.txt"))
    for name, digest in recorded.items():
        assert hashlib.sha256((RAW_DIR / name).read_bytes()).hexdigest() == digest, name


def test_raw_seeds_are_byte_identical_to_the_shared_originals():
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds not present beside the checkout")
    for original in sorted(seeds.glob("*.txt")):
        assert (RAW_DIR / original.name).read_bytes() == original.read_bytes(), original.name
