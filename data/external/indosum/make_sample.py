"""Make the 2,000-article IndoSum sample committed beside this script.

Usage (from the project root), with the five IndoSum development folds
(``indosum_dev.01.jsonl`` ... ``indosum_dev.05.jsonl``) in FOLDS_DIR::

    python data/external/indosum/make_sample.py FOLDS_DIR

The sample is deterministic: every record of the folds is read in file order, the first
record of each ``id`` is kept (the folds overlap, so some articles appear more than once),
the distinct ids are sorted, 2,000 of them are drawn with ``random.Random(2018)``, and the
chosen records are written in id order, each line byte-for-byte as in the fold (the upstream
record format, which ``nkcorpus.read_indosum`` reads). Running it twice gives the same file.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SIZE = 2000
SEED = 2018  # the year IndoSum was published; any fixed number would do
OUT = Path(__file__).with_name("indosum_sample.jsonl")


def sample(folds_dir: Path, size: int = SIZE, seed: int = SEED) -> list[str]:
    """The chosen JSON lines, in id order. Raises FileNotFoundError without folds."""
    paths = sorted(folds_dir.glob("indosum_dev.0[1-5].jsonl"))
    if not paths:
        raise FileNotFoundError(f"no indosum_dev.0N.jsonl files in {folds_dir}")
    first: dict[str, str] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                first.setdefault(json.loads(line)["id"], line)
    chosen = random.Random(seed).sample(sorted(first), size)
    return [first[i] for i in sorted(chosen)]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    lines = sample(Path(sys.argv[1]))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} records to {OUT}")
