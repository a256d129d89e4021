"""The command line: build with a summary, CSV or Parquet output, info; arguments checked
before any work, errors as one line without a traceback."""

import subprocess
import sys

import pandas as pd
import pytest

import nkcorpus.cli as cli
from nkcorpus.cli import main
from nkcorpus.paths import RAW_DIR


def test_build_writes_csv_and_prints_a_summary(tmp_path, capsys):
    out = tmp_path / "articles.csv"
    assert main(["build", str(RAW_DIR), "--out", str(out), "--no-progress"]) == 0
    text = capsys.readouterr().out
    assert "Built 5 rows from 5 article files" in text
    assert "1 path skipped (listed below)" in text
    assert "SHA256SUMS: checksums or read-me beside the articles" in text
    assert "Rows by status: ok 4, warning 1, error 0" in text
    assert "003_9a21d636988a2eee.txt: warning: no publication date found" in text
    assert len(pd.read_csv(out)) == 5


def test_summary_never_claims_every_file_was_read_when_some_were_skipped(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_bytes((RAW_DIR / "000_1a95b80c45000389.txt").read_bytes())
    (raw / "notes.yaml").write_text("a: 1\n")
    (raw / ".hidden.txt").write_text("x")
    assert main(["build", str(raw), "--out", str(tmp_path / "o.parquet"), "--no-progress"]) == 0
    text = capsys.readouterr().out
    assert "Built 1 rows from 1 article file in" in text and "2 paths skipped" in text
    assert "notes.yaml: not an article file: .yaml" in text
    assert ".hidden.txt: hidden" in text


def test_build_of_a_missing_folder_fails_cleanly(tmp_path, capsys):
    assert main(["build", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: raw folder not found") and err.count("\n") == 1


@pytest.mark.parametrize(("out", "message"), [
    ("x.xlsx", "unsupported format '.xlsx'; use .parquet or .csv"),
    ("noext", "unsupported format '(no suffix)'"),
    ("afile/x.csv", "is not a folder"),
])
def test_bad_out_is_refused_before_any_work(tmp_path, capsys, monkeypatch, out, message):
    (tmp_path / "afile").write_text("not a folder")

    def must_not_build(*args, **kwargs):
        raise AssertionError("build ran before --out was checked")

    monkeypatch.setattr(cli, "build_corpus", must_not_build)
    assert main(["build", str(RAW_DIR), "--out", str(tmp_path / out), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_unwritable_out_folder_is_refused_before_any_work(tmp_path, capsys, monkeypatch):
    # Root may write anywhere, so the refusal is injected where the folder is probed.
    monkeypatch.setattr(cli.tempfile, "NamedTemporaryFile",
                        lambda **kw: (_ for _ in ()).throw(PermissionError(13, "Permission "
                                                                           "denied")))
    monkeypatch.setattr(cli, "build_corpus", lambda *a, **k: pytest.fail("built anyway"))
    assert main(["build", str(RAW_DIR), "--out", str(tmp_path / "x.parquet")]) == 2
    assert "cannot write to" in capsys.readouterr().err


def test_unexpected_failure_is_one_line_and_debug_shows_the_traceback(tmp_path, capsys,
                                                                      monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setattr(cli, "build_corpus", boom)
    args = ["build", str(RAW_DIR), "--out", str(tmp_path / "x.csv"), "--no-progress"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err == ("error: disk on fire second line (RuntimeError; run with --debug for "
                   "details)\n")
    with pytest.raises(RuntimeError, match="disk on fire"):
        main(["--debug", *args])


@pytest.mark.parametrize("workers", ["0", "-3"])
def test_bad_worker_count_is_refused(capsys, workers):
    assert main(["build", str(RAW_DIR), "--workers", workers, "--no-progress"]) == 2
    assert "--workers must be 1 or more" in capsys.readouterr().err


def test_csv_output_neutralises_formula_cells(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "export.csv").write_text(
        'judul,tanggal,isi,tautan\n'
        '"=HYPERLINK(""http://evil.example"",""klik"")",2020-11-08 10:00,'
        '"BAKU - Pasukan Azerbaijan merebut kota Shusha menurut pernyataan presiden.",'
        '@SUM(A1)\n', encoding="utf-8")
    out = tmp_path / "o.csv"
    assert main(["build", str(raw), "--out", str(out), "--no-progress"]) == 0
    row = pd.read_csv(out, keep_default_na=False).iloc[0]
    assert row["title"] == "'=HYPERLINK(\"http://evil.example\",\"klik\")"
    assert row["url"] == "'@SUM(A1)"
    for value in pd.read_csv(out, keep_default_na=False, dtype=str).to_numpy().ravel():
        assert not str(value).startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_module_entry_point_runs_info():
    result = subprocess.run([sys.executable, "-m", "nkcorpus", "info"], capture_output=True,
                            text=True, check=True)
    assert "nkcorpus 0.1.0" in result.stdout and "raw data:" in result.stdout


def test_cli_error_from_a_subprocess_has_no_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "nkcorpus", "build", str(RAW_DIR), "--out",
                             str(tmp_path / "x.xlsx")], capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.startswith("error: --out")
