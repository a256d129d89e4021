"""Raw data is immutable: the seeds and the IndoSum sample match their recorded checksums."""

import hashlib

from nkcorpus.paths import INDOSUM_SAMPLE, RAW_DIR


def _recorded():
    lines = (RAW_DIR / "SHA256SUMS").read_text().splitlines()
    return {name: digest for digest, name in (line.split() for line in lines)}


def test_every_raw_seed_matches_its_recorded_sha256():
    recorded = _recorded()
    assert sorted(recorded) == sorted(p.name for p in RAW_DIR.glob("*.txt"))
    for name, digest in recorded.items():
        assert hashlib.sha256((RAW_DIR / name).read_bytes()).hexdigest() == digest, name


def test_indosum_sample_is_the_documented_file():
    # data/external/indosum/README.md records this digest; make_sample.py reproduces it.
    digest = hashlib.md5(INDOSUM_SAMPLE.read_bytes()).hexdigest()
    assert digest == "26bdd765e96472f200a4d9da70ea5d93"
