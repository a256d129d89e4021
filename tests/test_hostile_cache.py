"""The cache: used when valid, rebuilt when any input changes, never a traceback when damaged,
unreadable or shared by two processes at once; files get normal permissions."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import threading

import pandas as pd
import pytest

import nkcorpus.corpus as corpus_module
from nkcorpus import load_corpus
from nkcorpus.paths import PACKAGE_DIR, REFERENCE_DIR

from .test_hostile_inputs import PAGE, jl


@pytest.fixture
def setup(tmp_path, monkeypatch):
    """A raw folder with every kind of cache-key input, private copies of the reference data
    and package source, and a counter of real builds."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(PAGE)
    (raw / "e.csv").write_text("judul,isi\nJudul,Isi berita yang cukup panjang di sini.\n")
    (raw / "e.mapping.json").write_text('{"title": "judul", "body": "isi"}')
    (raw / "manifest.csv").write_text("file,note\na.txt,dicek\n")
    (raw / "notes.yaml").write_text("a: 1\n")
    reference = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, reference)
    package = tmp_path / "package"
    package.mkdir()
    for path in PACKAGE_DIR.glob("*.py"):
        shutil.copy(path, package / path.name)
    monkeypatch.setattr(corpus_module, "PROCESSED_DIR", tmp_path / "cache")
    monkeypatch.setattr(corpus_module, "REFERENCE_DIR", reference)
    monkeypatch.setattr(corpus_module, "PACKAGE_DIR", package)
    calls = []
    real = corpus_module.build_corpus

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(corpus_module, "build_corpus", counting)
    return {"raw": raw, "reference": reference, "package": package, "calls": calls,
            "cache": tmp_path / "cache"}


def test_the_cache_is_used_when_nothing_changed(setup):
    first = load_corpus(setup["raw"])
    second = load_corpus(setup["raw"])
    assert len(setup["calls"]) == 1, "second load must come from the cache"
    pd.testing.assert_frame_equal(first, second)
    assert second.attrs["skipped"] == first.attrs["skipped"] == [
        ("e.mapping.json", "column mapping for e.csv (applied to it)"),
        ("notes.yaml", "not an article file: .yaml")]


KEY_INPUTS = {
    "raw file": lambda s: s["raw"] / "a.txt",
    "manifest.csv": lambda s: s["raw"] / "manifest.csv",
    "mapping sidecar": lambda s: s["raw"] / "e.mapping.json",
    "collection": lambda s: s["raw"] / "e.csv",
    "outlet profiles": lambda s: s["reference"] / "outlets.yaml",
    "other reference data": lambda s: s["reference"] / "actors.csv",
    "package source": lambda s: s["package"] / "extract.py",
    "another package module": lambda s: s["package"] / "dates.py",
}


@pytest.mark.parametrize("which", sorted(KEY_INPUTS))
def test_changing_any_cache_key_input_rebuilds(setup, which):
    load_corpus(setup["raw"])
    path = KEY_INPUTS[which](setup)
    with open(path, "ab") as fh:
        fh.write(b"\n# changed\n" if path.suffix in {".py", ".yaml"} else b"\n")
    load_corpus(setup["raw"])
    assert len(setup["calls"]) == 2, f"a change to the {which} must rebuild the table"


def test_a_new_skipped_path_or_follow_symlinks_rebuilds(setup):
    load_corpus(setup["raw"])
    (setup["raw"] / "more.yaml").write_text("b: 2\n")
    assert ("more.yaml", "not an article file: .yaml") in load_corpus(setup["raw"]).attrs[
        "skipped"]
    load_corpus(setup["raw"], follow_symlinks=True)
    assert len(setup["calls"]) == 3


def test_damaged_cache_is_rebuilt_with_a_logged_message(setup, caplog):
    load_corpus(setup["raw"])
    (cached,) = setup["cache"].glob("articles-*.parquet")
    cached.write_bytes(b"PAR1 this is not parquet")
    with caplog.at_level(logging.WARNING, logger="nkcorpus.corpus"):
        df = load_corpus(setup["raw"])
    assert len(df) == 2 and len(setup["calls"]) == 2
    assert "could not be read" in caplog.text and "rebuilding" in caplog.text
    pd.read_parquet(cached)  # rewritten whole


def test_truncated_cache_is_rebuilt(setup):
    load_corpus(setup["raw"])
    (cached,) = setup["cache"].glob("articles-*.parquet")
    cached.write_bytes(cached.read_bytes()[:100])
    assert len(load_corpus(setup["raw"])) == 2 and len(setup["calls"]) == 2


def test_unreadable_cache_is_bypassed(setup, monkeypatch, caplog):
    load_corpus(setup["raw"])

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(corpus_module.pd, "read_parquet", refuse)
    with caplog.at_level(logging.WARNING, logger="nkcorpus.corpus"):
        assert len(load_corpus(setup["raw"])) == 2
    assert "PermissionError" in caplog.text


def test_unwritable_cache_folder_still_gives_the_table(setup, monkeypatch, caplog):
    blocker = setup["cache"]
    blocker.write_text("a file where the cache folder should be")
    with caplog.at_level(logging.WARNING, logger="nkcorpus.corpus"):
        df = load_corpus(setup["raw"])
    assert len(df) == 2 and "could not be written" in caplog.text


def test_cache_path_that_is_a_folder_is_bypassed(setup):
    load_corpus(setup["raw"])
    (cached,) = setup["cache"].glob("articles-*.parquet")
    cached.unlink()
    cached.mkdir()
    assert len(load_corpus(setup["raw"])) == 2


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_cache_files_get_the_users_normal_permissions(setup, umask, mode):
    old = os.umask(umask)
    try:
        load_corpus(setup["raw"])
    finally:
        os.umask(old)
    (cached,) = setup["cache"].glob("articles-*.parquet")
    assert cached.stat().st_mode & 0o777 == mode


def test_cache_key_survives_an_unreadable_file(setup, monkeypatch):
    real = open

    def refuse(name, *args, **kwargs):
        if str(name).endswith("a.txt"):
            raise PermissionError(13, "Permission denied")
        return real(name, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refuse)
    assert len(corpus_module.cache_key(setup["raw"])) == 64


def test_two_threads_loading_at_once_agree(setup):
    results, errors = [], []

    def run():
        try:
            results.append(load_corpus(setup["raw"]))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for df in results[1:]:
        pd.testing.assert_frame_equal(df, results[0])
    assert not [p for p in setup["cache"].iterdir() if p.name.endswith(".tmp")]


CONCURRENT = """
import sys
from nkcorpus import load_corpus
df = load_corpus(sys.argv[1])
print(len(df), df["article_id"].str.cat(sep=","))
"""


def test_two_processes_loading_the_same_cache_at_once(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(30):
        (raw / f"{i:02d}.txt").write_text(PAGE.replace("Kemanusiaan", f"Nomor {i}"))
    (raw / "x.jsonl").write_text(jl() + "\n")
    env = {**os.environ, "NKCORPUS_PROCESSED_DIR": str(tmp_path / "cache")}
    procs = [subprocess.Popen([sys.executable, "-c", CONCURRENT, str(raw)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1] for o in outs]
    assert outs[0][0] == outs[1][0] and outs[0][0].startswith("31 ")
    assert "Traceback" not in outs[0][1] + outs[1][1]
    assert len(list((tmp_path / "cache").glob("articles-*.parquet"))) == 1
