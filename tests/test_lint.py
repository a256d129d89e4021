"""The code is ruff-clean (the rules are in pyproject.toml)."""

import subprocess
import sys

from nkcorpus.paths import PROJECT_ROOT


def test_ruff_reports_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "nkcorpus", "tests",
                             "benchmarks", "--output-format", "concise"], cwd=PROJECT_ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
