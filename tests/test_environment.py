"""environment.yml and pyproject.toml name the same dependencies at the same minor versions."""

import re
import tomllib

import yaml
from packaging.requirements import Requirement

from nkcorpus.paths import PROJECT_ROOT

CONDA_ONLY = {"python", "pip"}


def _pyproject():
    data = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    reqs = list(data["project"]["dependencies"])
    for _name, extra in data["project"]["optional-dependencies"].items():
        reqs += [r for r in extra if not r.startswith("nkcorpus")]
    out = {}
    for line in reqs:
        req = Requirement(line)
        lower = [s.version for s in req.specifier if s.operator == ">="]
        assert lower, f"{line}: needs a pinned lower bound"
        out[req.name.lower()] = ".".join(lower[0].split(".")[:2])
    return out, data


def _environment():
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    out, pip = {}, None
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip = dep["pip"]
            continue
        name, _, version = dep.partition("=")
        out[name.lower()] = version
    return out, pip


def test_environment_and_pyproject_name_the_same_dependencies():
    py, _ = _pyproject()
    conda, _ = _environment()
    assert set(py) == set(conda) - CONDA_ONLY


def test_minor_versions_agree():
    py, _ = _pyproject()
    conda, _ = _environment()
    for name, version in py.items():
        assert conda[name] == version, f"{name}: pyproject >={version}, environment {conda[name]}"


def test_environment_installs_the_package_editable_and_every_line_is_commented():
    _, pip = _environment()
    assert pip == ["-e ."]
    text = (PROJECT_ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        if re.match(r"\s+- [a-z]", line):
            assert "#" in line, f"uncommented dependency: {line.strip()}"


def test_python_version_and_pep660_backend():
    _, data = _pyproject()
    conda, _ = _environment()
    assert data["project"]["requires-python"] == ">=3.11" and conda["python"] == "3.11"
    assert data["build-system"]["build-backend"] == "setuptools.build_meta"


def test_lock_file_satisfies_every_lower_bound():
    lock = {}
    for line in (PROJECT_ROOT / "requirements-lock.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            lock[name.lower().replace("_", "-")] = version
    _py, data = _pyproject()
    for line in data["project"]["dependencies"]:
        req = Requirement(line)
        assert req.name.lower() in lock, f"{req.name} missing from requirements-lock.txt"
        assert req.specifier.contains(lock[req.name.lower()]), req.name
