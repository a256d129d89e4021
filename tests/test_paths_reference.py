"""The corpus setting and the reference caches behave as documented."""

from __future__ import annotations

import os
import shutil

import pytest

import nkcorpus
from nkcorpus import reference
from nkcorpus.paths import PROJECT_ROOT, RAW_DIR, REFERENCE_DIR, corpus_dir


def test_relative_raw_dir_is_read_from_the_start_directory(monkeypatch, tmp_path):
    (tmp_path / "mine").mkdir()
    monkeypatch.setenv("PWD", str(tmp_path))
    monkeypatch.chdir(PROJECT_ROOT / "notebooks")  # where Jupyter runs a kernel
    monkeypatch.setenv("NKCORPUS_RAW_DIR", "mine")
    assert corpus_dir() == (tmp_path / "mine").resolve()


def test_relative_raw_dir_falls_back_to_the_project_root(monkeypatch, tmp_path):
    monkeypatch.setenv("PWD", str(tmp_path))
    monkeypatch.setenv("NKCORPUS_RAW_DIR", "tests/fixtures/outlets")
    assert corpus_dir() == PROJECT_ROOT / "tests" / "fixtures" / "outlets"


def test_missing_raw_dir_names_the_places_tried(monkeypatch, tmp_path):
    monkeypatch.setenv("PWD", str(tmp_path))
    monkeypatch.setenv("NKCORPUS_RAW_DIR", "no-such-folder")
    with pytest.raises(FileNotFoundError, match="no-such-folder"):
        corpus_dir()


def test_unset_raw_dir_is_the_seed_folder(monkeypatch):
    monkeypatch.delenv("NKCORPUS_RAW_DIR", raising=False)
    assert corpus_dir() == RAW_DIR


def test_edited_reference_file_takes_effect_without_restart(tmp_path):
    folder = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, folder)
    before = reference.agencies(folder)
    path = folder / "agencies.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = {c: "" for c in header} | {"agency": "Kantor Berita Uji", "country": "Testland",
                                      "bloc": "Other", "kind": "agency", "state_owned": "no",
                                      "aliases": "KBU"}
    path.write_text("\n".join([*lines, ",".join(row[c] for c in header)]) + "\n",
                    encoding="utf-8")
    stat = path.stat()  # make sure the modification time moves even on coarse clocks
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    after = reference.agencies(folder)
    assert len(after) == len(before) + 1
    assert "Kantor Berita Uji" in set(after["agency"])


def test_callers_cannot_change_the_cached_table():
    first = reference.events()
    first.loc[0, "event"] = "changed in the caller's copy"
    assert reference.events().loc[0, "event"] != "changed in the caller's copy"


def test_reload_reference_empties_tables_and_compiled_patterns():
    from nkcorpus import citations

    nkcorpus.find_citations(nkcorpus.build_corpus(RAW_DIR))
    assert citations._patterns.cache_info().currsize == 1
    nkcorpus.reload_reference()
    assert citations._patterns.cache_info().currsize == 0
    assert all(not cache for cache in reference._CACHES)


def test_reload_reference_clears_every_cache_computed_from_reference_tables():
    import pandas as pd

    from nkcorpus import actors, quotes, reload_reference

    actors.resolve_role("Presiden Turki", pd.Timestamp("2020-10-01"))
    quotes._gazetteer_words()
    assert actors._resolve_role.cache_info().currsize > 0
    assert quotes._gazetteer_words.cache_info().currsize > 0
    reload_reference()
    assert actors._resolve_role.cache_info().currsize == 0
    assert quotes._gazetteer_words.cache_info().currsize == 0
