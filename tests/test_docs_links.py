"""Every relative link and file path named in the README, the docs and the notebooks' markdown
exists in the repository (generated outputs under reports/ and data/processed/ excepted)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from nkcorpus.paths import PROJECT_ROOT

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
CODE = re.compile(r"`([^`\s]+)`")
REPO_PATH = re.compile(r"(?:data|tests|notebooks|nkcorpus|benchmarks|docs|\.ci)/[\w.\-/]*")
GENERATED = ("reports/", "data/processed/")


def _documents() -> list[tuple[str, Path, str]]:
    """``(name, folder links are relative to, markdown text)`` for every document checked."""
    docs = []
    files = [PROJECT_ROOT / "README.md", *sorted((PROJECT_ROOT / "docs").glob("*.md")),
             *sorted((PROJECT_ROOT / "data").rglob("*.md")),
             *sorted((PROJECT_ROOT / "tests").rglob("README.md")),
             PROJECT_ROOT / "benchmarks" / "README.md"]
    for path in files:
        docs.append((str(path.relative_to(PROJECT_ROOT)), path.parent,
                     path.read_text(encoding="utf-8")))
    for path in sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        docs.append((path.name, path.parent, text))
    return docs


def _broken(base: Path, text: str) -> list[str]:
    broken = []
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue  # web address or anchor in the same page
        if not (base / target.split("#")[0]).exists():
            broken.append(f"link {target}")
    for code in CODE.findall(text):
        path = code.rstrip(".,;:)")
        if not REPO_PATH.fullmatch(path) or any(c in path for c in "*<>") or "NN" in path:
            continue
        if path.startswith(GENERATED):
            continue
        if not (PROJECT_ROOT / path).exists():
            broken.append(f"path {path}")
    return broken


@pytest.mark.parametrize("name, base, text", _documents(), ids=lambda v: str(v)[:40])
def test_every_relative_link_and_named_path_exists(name, base, text):
    assert not _broken(base, text), f"{name}: {_broken(base, text)}"


def test_the_checker_catches_a_missing_file(tmp_path):
    assert _broken(tmp_path, "see [notes](missing.md) and `data/no-such-file.csv`") == [
        "link missing.md", "path data/no-such-file.csv"]
    assert _broken(PROJECT_ROOT, "see [the data](data/README.md) and `data/reference/`") == []
