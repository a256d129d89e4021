"""Shared helper of the benchmark scripts: run one measurement in a fresh subprocess."""

from __future__ import annotations

import json
import subprocess
import sys


def in_subprocess(script: str, *args: str) -> dict:
    """Run ``script --measure ...`` in a new Python process and return the JSON it prints last.

    A fresh process per measurement keeps each peak-memory figure (max RSS) its own.
    """
    out = subprocess.run([sys.executable, script, *args], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])
