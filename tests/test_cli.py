"""The command line: build with a summary, CSV or Parquet output, info."""

import subprocess
import sys

import pandas as pd

from nkcorpus.cli import main
from nkcorpus.paths import RAW_DIR


def test_build_writes_csv_and_prints_a_summary(tmp_path, capsys):
    out = tmp_path / "articles.csv"
    assert main(["build", str(RAW_DIR), "--out", str(out), "--no-progress"]) == 0
    text = capsys.readouterr().out
    assert "Built 5 rows from 5 input files" in text
    assert "Rows by status: ok 4, warning 1, error 0" in text
    assert "003_9a21d636988a2eee.txt: warning: no publication date found" in text
    assert len(pd.read_csv(out)) == 5


def test_build_of_a_missing_folder_fails_cleanly(tmp_path, capsys):
    assert main(["build", str(tmp_path / "nope")]) == 2
    assert "raw folder not found" in capsys.readouterr().err


def test_module_entry_point_runs_info():
    result = subprocess.run([sys.executable, "-m", "nkcorpus", "info"], capture_output=True,
                            text=True, check=True)
    assert "nkcorpus 0.1.0" in result.stdout and "raw data:" in result.stdout
