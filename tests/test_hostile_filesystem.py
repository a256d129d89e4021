"""Hostile folders: links, FIFOs, unreadable and deep folders, odd file names, nested
manifests, size limits per record. Each path gets one row or one listed skip; nothing raises."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

import nkcorpus.build as build_module
from nkcorpus import build_corpus, load_corpus, problems
from nkcorpus.build import scan_inputs

from .conftest import FIXTURES
from .test_hostile_inputs import PAGE, TITLE, jl


def _raw(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(PAGE, encoding="utf-8")
    return raw


def skipped(df):
    return dict(df.attrs["skipped"])


def test_symlink_leaving_the_folder_is_a_listed_skip_unless_opted_in(tmp_path):
    raw = _raw(tmp_path)
    outside = tmp_path / "secret.txt"
    outside.write_text(PAGE.replace("Kemanusiaan", "Rahasia"))
    (raw / "leak.txt").symlink_to(outside)
    (raw / "hostname.txt").symlink_to("/etc/hostname")
    df = build_corpus(raw)
    assert list(df["source_file"]) == ["a.txt"]
    assert skipped(df)["leak.txt"].startswith("symlink outside the raw folder")
    assert skipped(df)["hostname.txt"].startswith("symlink outside the raw folder")
    opted = build_corpus(raw, follow_symlinks=True)
    assert "leak.txt" in set(opted["source_file"])


def test_symlinks_inside_the_folder_are_followed(tmp_path):
    raw = _raw(tmp_path)
    (raw / "sub").mkdir()
    (raw / "sub" / "b.txt").write_text(PAGE.replace("Kemanusiaan", "Kedua"))
    (raw / "linked_dir").symlink_to(raw / "sub")
    (raw / "link.txt").symlink_to(raw / "a.txt")
    df = build_corpus(raw).set_index("source_file")
    assert {"a.txt", "link.txt", "sub/b.txt"} <= set(df.index)
    # the second path to sub/ is one listed skip, not a second copy of everything in it
    assert "linked_dir" in skipped(df) or "linked_dir/b.txt" in df.index
    assert "exact duplicate of a.txt" in df.loc["link.txt", "reasons"]


def test_broken_links_and_link_loops_are_listed_skips(tmp_path):
    raw = _raw(tmp_path)
    (raw / "gone.txt").symlink_to(raw / "nowhere.txt")
    (raw / "loop1.txt").symlink_to(raw / "loop2.txt")
    (raw / "loop2.txt").symlink_to(raw / "loop1.txt")
    (raw / "sub").mkdir()
    (raw / "sub" / "up").symlink_to(raw)
    df = build_corpus(raw)
    s = skipped(df)
    assert s["gone.txt"].startswith("broken symlink")
    assert s["loop1.txt"] == "symlink loop" and s["loop2.txt"] == "symlink loop"
    assert s["sub/up"].startswith("folder already read")
    assert list(df["source_file"]) == ["a.txt"]


def test_fifo_is_a_listed_skip_and_never_opened(tmp_path):
    raw = _raw(tmp_path)
    os.mkfifo(raw / "pipe.txt")
    df = build_corpus(raw)
    assert skipped(df) == {"pipe.txt": "not a regular file (a FIFO, socket or device)"}


def test_nested_manifest_is_reported_not_applied(tmp_path):
    raw = _raw(tmp_path)
    (raw / "sub").mkdir()
    (raw / "sub" / "manifest.csv").write_text("file,title\na.txt,Judul Palsu\n")
    df = build_corpus(raw)
    assert df.loc[0, "title"] == TITLE
    assert "manifest.csv below the top folder is not applied" in skipped(df)["sub/manifest.csv"]
    assert any(line.startswith("sub/manifest.csv: skipped:") for line in problems(df))


def test_hidden_files_and_folders_are_listed_once(tmp_path):
    raw = _raw(tmp_path)
    (raw / ".git").mkdir()
    for i in range(5):
        (raw / ".git" / f"obj{i}.txt").write_text("x")
    (raw / ".DS_Store").write_bytes(b"\0\0")
    assert skipped(build_corpus(raw)) == {".DS_Store": "hidden", ".git": "hidden"}


def test_file_names_that_are_not_utf8_give_rows_with_escaped_names(tmp_path):
    raw = _raw(tmp_path)
    name = os.fsencode(raw) + b"/berita-\xe9\xff.txt"
    with open(name, "wb") as fh:
        fh.write(PAGE.replace("Kemanusiaan", "Latin").encode())
    df = build_corpus(raw).set_index("source_file")
    assert "berita-\\xe9\\xff.txt" in df.index
    row = df.loc["berita-\\xe9\\xff.txt"]
    assert row["title"].endswith("Latin") and "not valid UTF-8 (shown with" in row["reasons"]
    df.reset_index().to_parquet(tmp_path / "t.parquet")  # the name is storable


def test_unreadable_folder_is_a_listed_skip_injected(tmp_path, monkeypatch):
    raw = _raw(tmp_path)
    (raw / "locked").mkdir()
    (raw / "locked" / "b.txt").write_text(PAGE)
    real = os.scandir

    def refuse(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(build_module.os, "scandir", refuse)
    df = build_corpus(raw)
    assert skipped(df) == {"locked": "unreadable folder (Permission denied)"}
    assert list(df["source_file"]) == ["a.txt"]


DROP_PRIVILEGES = """
import os, sys, json
import pyarrow.parquet, charset_normalizer, ftfy, yaml, dateparser, tempfile, logging
from nkcorpus import build_corpus, load_corpus
# Warm up as root: the interpreter's own library may live where nobody cannot read it.
build_corpus(sys.argv[2]); load_corpus(sys.argv[2], cache=False)
os.setgid(65534); os.setuid(65534)  # nobody: permission bits now apply
df = build_corpus(sys.argv[1])
lc = load_corpus(sys.argv[1])
print(json.dumps({"skipped": df.attrs["skipped"], "rows": df[["source_file", "status",
                  "reasons"]].values.tolist(), "load_rows": len(lc)}))
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop to nobody")
def test_permissions_for_real_as_an_unprivileged_user(tmp_path):
    import shutil
    import tempfile

    from nkcorpus.paths import RAW_DIR

    # pytest's own temporary folders are private to root: use one nobody can enter
    tmp_path = type(tmp_path)(tempfile.mkdtemp(prefix="nkcorpus-perm-"))
    tmp_path.chmod(0o755)
    try:
        _run_as_nobody(tmp_path, RAW_DIR)
    finally:
        (tmp_path / "raw" / "closed").chmod(0o755)
        shutil.rmtree(tmp_path)


def _run_as_nobody(tmp_path, warmup):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(PAGE)
    (raw / "locked.txt").write_text(PAGE.replace("Kemanusiaan", "Terkunci"))
    (raw / "locked.txt").chmod(0)
    (raw / "closed").mkdir()
    (raw / "closed" / "b.txt").write_text(PAGE)
    (raw / "closed").chmod(0)
    raw.chmod(0o755)
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o777)
    cache.chmod(0o777)
    env = {**os.environ, "NKCORPUS_PROCESSED_DIR": str(cache),
           "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    result = subprocess.run([sys.executable, "-c", DROP_PRIVILEGES, str(raw), str(warmup)],
                            capture_output=True, text=True, env=env, cwd="/", timeout=60)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["skipped"] == [["closed", "unreadable folder (Permission denied)"]]
    rows = {r[0]: r for r in out["rows"]}
    assert rows["locked.txt"][1] == "error" and "Permission denied" in rows["locked.txt"][2]
    assert rows["a.txt"][1] != "error"
    assert out["load_rows"] == 2


def _deep_tree(root, depth):
    fd = os.open(root, os.O_RDONLY)
    fds = [fd]
    for _ in range(depth):
        os.mkdir("d", dir_fd=fds[-1])
        fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
    with open(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fds[-1]), "w") as fh:
        fh.write(PAGE)
    for fd in fds:
        os.close(fd)


def _remove_deep_tree(root, depth):
    fds = [os.open(root, os.O_RDONLY)]
    for _ in range(depth):
        fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
    os.unlink("deep.txt", dir_fd=fds[-1])
    for i in range(depth, 0, -1):
        os.close(fds[i])
        os.rmdir("d", dir_fd=fds[i - 1])
    os.close(fds[0])


def test_folders_nested_2100_deep_never_raise(tmp_path):
    raw = _raw(tmp_path)
    _deep_tree(raw, 2100)
    try:
        df = build_corpus(raw)
        assert "a.txt" in set(df["source_file"])
        deep = [s for s in df["source_file"] if s.endswith("deep.txt")]
        reasons = [r for _, r in df.attrs["skipped"]]
        # the path is longer than the system allows: a listed skip or an error row, not lost
        assert deep or any(r.startswith(("unreadable folder", "could not be examined (File "
                                         "name too long)")) for r in reasons)
        if deep:
            assert df.set_index("source_file").loc[deep[0], "status"] == "error"
    finally:
        _remove_deep_tree(raw, 2100)


def test_limits_apply_per_record_not_per_collection(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    lines = [jl(title=f"Judul Nomor {i} Tentang Gencatan Senjata") for i in range(300)]
    lines[150] = jl(title="Terlalu Besar", text="kata " * 40_000)
    (raw / "big.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert (raw / "big.jsonl").stat().st_size > 100_000
    df = build_corpus(raw, max_bytes=100_000).set_index("source_file")
    assert len(df) == 300
    assert df.loc["big.jsonl:151", "status"] == "error"
    assert "record on line 151 is 200 kB, over the 100 kB limit for one article" in \
        df.loc["big.jsonl:151", "reasons"]
    assert (df.drop(index="big.jsonl:151")["status"] != "error").all()


def test_a_record_that_breaks_the_reader_is_contained(tmp_path, monkeypatch):
    import nkcorpus.importers as importers

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "x.jsonl").write_text(jl(title="Meledak Sekali Di Sini") + "\n" + jl() + "\n")
    real_row = importers.record_row

    def row(record, *args, **kwargs):
        if record.get("title", "").startswith("Meledak"):
            raise RuntimeError("kaboom")
        return real_row(record, *args, **kwargs)

    monkeypatch.setattr(importers, "record_row", row)
    df = build_corpus(raw).set_index("source_file")
    assert df.loc["x.jsonl:1", "status"] == "error"
    assert "could not be read (RuntimeError: kaboom)" in df.loc["x.jsonl:1", "reasons"]
    assert df.loc["x.jsonl:2", "status"] != "error"


def test_a_file_that_breaks_the_parser_is_contained(tmp_path, monkeypatch):
    raw = _raw(tmp_path)
    (raw / "b.txt").write_text(PAGE.replace("Kemanusiaan", "Meledak"))

    def explode(text, profiles, notes, rel):
        if rel == "b.txt":
            raise RecursionError("maximum recursion depth exceeded")
        return build_module.parse_page(text, profiles, notes), text

    monkeypatch.setattr(build_module, "_parse_text_page", explode)
    df = build_corpus(raw).set_index("source_file")
    assert df.loc["b.txt", "status"] == "error" and "RecursionError" in df.loc["b.txt",
                                                                               "reasons"]
    assert df.loc["a.txt", "status"] != "error"


def test_load_corpus_copes_with_an_unreadable_file(tmp_path, monkeypatch):
    import nkcorpus.corpus as corpus_module

    monkeypatch.setattr(corpus_module, "PROCESSED_DIR", tmp_path / "cache")
    raw = _raw(tmp_path)
    (raw / "locked.txt").write_text(PAGE.replace("Kemanusiaan", "Terkunci"))
    real_open, real_builtin = os.open, open

    def refuse(name, *args, **kwargs):
        if str(name).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)

    def refuse_builtin(name, *args, **kwargs):
        if str(name).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied")
        return real_builtin(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    monkeypatch.setattr("builtins.open", refuse_builtin)
    df = load_corpus(raw).set_index("source_file")
    assert df.loc["locked.txt", "status"] == "error"
    assert df.loc["a.txt", "status"] != "error"


def test_the_readme_demo_folder_never_turns_expected_yaml_into_an_article():
    df = build_corpus(FIXTURES / "outlets")
    assert "expected.yaml" not in set(df["source_file"])
    assert dict(df.attrs["skipped"]) == {"expected.yaml": "not an article file: .yaml"}


def test_scan_lists_every_path_once(tmp_path):
    raw = _raw(tmp_path)
    (raw / "x.yaml").write_text("a: 1")
    (raw / "sub").mkdir()
    (raw / "sub" / "c.csv").write_text("judul,isi\na,b\n")
    (raw / "sub" / "c.mapping.json").write_text('{"body": "isi"}')
    (raw / "manifest.csv").write_text("file,title\n")
    inputs = scan_inputs(raw)
    assert [rel for _, rel in inputs.files] == ["a.txt", "sub/c.csv"]
    assert inputs.skipped == [("sub/c.mapping.json", "column mapping for c.csv (applied to it)"),
                              ("x.yaml", "not an article file: .yaml")]
    assert inputs.manifest.endswith("manifest.csv")


def test_manifest_with_an_unterminated_quote_keeps_the_other_corrections(tmp_path):
    raw = _raw(tmp_path)
    (raw / "b.txt").write_text(PAGE.replace("Kemanusiaan", "Kedua"))
    (raw / "manifest.csv").write_text('file,title\na.txt,"Judul\nnope.txt,X\nb.txt,Judul B\n')
    df = build_corpus(raw).set_index("source_file")
    assert df.loc["a.txt", "title"] == TITLE and df.loc["a.txt", "corrected"] == ""
    assert df.loc["b.txt", "title"] == "Judul B" and "title=manifest" in df.loc["b.txt",
                                                                               "field_sources"]
    probs = df.attrs["manifest_problems"]
    assert any("unterminated quote on line 2" in p for p in probs)


def test_manifest_with_a_huge_field_or_extra_fields_is_reported_not_fatal(tmp_path):
    raw = _raw(tmp_path)
    (raw / "b.txt").write_text(PAGE.replace("Kemanusiaan", "Kedua"))
    (raw / "manifest.csv").write_text(
        "file,title\n" f'a.txt,"{"x" * 200_000}"\n' "b.txt,Judul B,extra\n")
    df = build_corpus(raw).set_index("source_file")
    assert df.loc["a.txt", "title"] == TITLE
    probs = " | ".join(df.attrs["manifest_problems"])
    assert "over 10,000 characters" in probs and "3 fields where the header has 2" in probs


def test_binary_manifest_is_reported(tmp_path):
    raw = _raw(tmp_path)
    (raw / "manifest.csv").write_bytes(b"\xff\xfe\x00\x01garbage\x80")
    df = build_corpus(raw)
    assert len(df) == 1 and any("could not be read" in p or "no 'file' column" in p
                                for p in df.attrs["manifest_problems"])


def test_bad_sidecar_gives_an_error_row_naming_it(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "e.csv").write_text("judul,isi\na,b\n")
    (raw / "e.mapping.json").write_text("{not json")
    row = build_corpus(raw).iloc[0]
    assert row["status"] == "error" and "mapping file e.mapping.json could not be read" in \
        row["reasons"]


def test_records_keep_their_provenance(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "x.jsonl").write_text(jl(url="https://www.kompas.com/global/read/2020/1") + "\n")
    row = build_corpus(raw).iloc[0]
    sources = dict(p.split("=") for p in row["field_sources"].split("; "))
    assert sources["title"] == "record" and sources["published"] == "record"
    assert sources["outlet"] == "record" and sources["url"] == "record"
    assert pd.Timestamp(row["published"]) == pd.Timestamp("2020-10-12 10:00", tz="Asia/Jakarta")
    assert "WIB (UTC+7) assumed" not in row["reasons"]
