# Two commands do everything on a fresh machine (Python >= 3.11 and make required):
#   make run    build the corpus and execute the notebook series, writing reports/
#   make test   run every test (unit tests and the notebooks under nbval)
# Both create .venv and install the pinned dependencies on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint lock clean help

help:
	@echo "make run   - build the corpus, execute the notebooks, write reports/ (HTML + PNG)"
	@echo "make test  - run all tests"
	@echo "make lint  - ruff"
	@echo "make clean - remove generated data and reports (keeps .venv)"

$(STAMP): pyproject.toml requirements-lock.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required; run: make PYTHON=python3.11 ...")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements-lock.txt -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (nkcorpus)" >/dev/null
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m nkcorpus build
	$(BIN)/python -m nkcorpus report

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/python -m ruff check nkcorpus tests benchmarks

lock: $(STAMP)
	{ echo "# Exact versions the project is tested with (pip freeze of a fresh 'make' environment)."; \
	  echo "# Used as pip constraints by the Makefile; regenerate with 'make lock'."; \
	  $(BIN)/python -m pip freeze --exclude-editable --disable-pip-version-check; } > requirements-lock.txt

clean:
	rm -rf reports data/processed/*.parquet data/processed/*.csv
