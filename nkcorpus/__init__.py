"""nkcorpus: Indonesian online news on the 2020 Nagorno-Karabakh war, as a tidy table.

Public API
----------
build_corpus(raw_dir)          parse every file in a folder (no cache) -> article table
load_corpus(raw_dir=None, ...) the same, cached as Parquet, with checked filters
read_jsonl / read_csv          import collections made by other tools (column mappings)
read_indosum                   import the IndoSum benchmark folds
removed_blocks / problems      audit what was cut and which inputs have problems
ARTICLE_COLUMNS                the table's schema (also rendered in data/README.md)
"""

__version__ = "0.1.0"

from .audit import problems, reason_counts, removed_blocks
from .build import build_corpus
from .corpus import load_corpus, write_table
from .importers import read_csv, read_indosum, read_jsonl
from .schema import ARTICLE_COLUMNS

__all__ = [
    "ARTICLE_COLUMNS",
    "__version__",
    "build_corpus",
    "load_corpus",
    "problems",
    "read_csv",
    "read_indosum",
    "read_jsonl",
    "reason_counts",
    "removed_blocks",
    "write_table",
]
