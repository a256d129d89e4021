"""Every exercise of every notebook has a worked solution in solutions/, and each one runs."""

import os
import re
import subprocess
import sys

import nbformat
import pytest

from nkcorpus.paths import NOTEBOOKS_DIR, PROJECT_ROOT

SOLUTIONS = PROJECT_ROOT / "solutions"
SCRIPTS = sorted(SOLUTIONS.glob("*_exercise_*.py"))
EXERCISE = re.compile(r"^\d+\. \*\((Beginners|Changing the method|Research)\)\*", re.M)


def _exercises(path):
    """The numbered exercises of a notebook's Exercises section, as markdown text."""
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    section = text.split("## Exercises", 1)[1]
    parts = re.split(r"\n(?=\d+\. \*\()", section.strip())
    return [p for p in parts if EXERCISE.match(p)]


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS_DIR.glob("*.ipynb")), ids=lambda p: p.name)
def test_every_exercise_has_a_solution_script(notebook):
    nb = nbformat.read(notebook, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    count = len(EXERCISE.findall(text.split("## Exercises", 1)[1]))
    assert count >= 2
    wanted = [SOLUTIONS / f"{notebook.name[:2]}_exercise_{k}.py" for k in range(1, count + 1)]
    missing = [p.name for p in wanted if not p.is_file()]
    assert not missing, f"{notebook.name}: no solution for {missing}"


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS_DIR.glob("*.ipynb")), ids=lambda p: p.name)
def test_exercises_link_to_their_solution(notebook):
    assert len(_exercises(notebook)) >= 3
    for k, exercise in enumerate(_exercises(notebook), start=1):
        link = f"../solutions/{notebook.name[:2]}_exercise_{k}.py"
        assert f"]({link})" in exercise, f"{notebook.name}, exercise {k}: no link to {link}"


def test_no_solution_without_an_exercise():
    numbers = {p.name[:2] for p in NOTEBOOKS_DIR.glob("*.ipynb")}
    assert {p.name[:2] for p in SCRIPTS} <= numbers


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_solution_runs_on_the_seed_corpus(script, tmp_path):
    # A temporary working directory and cache: solutions may write files, never into the repo.
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "MPLBACKEND": "Agg",
           "NKCORPUS_PROCESSED_DIR": str(tmp_path / "processed")}
    env.pop("NKCORPUS_RAW_DIR", None)
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip(), f"{script.name} printed nothing"
    assert "Traceback" not in done.stderr
