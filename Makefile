# Set-up and everyday tasks. `make run` and `make test` work on a fresh clone:
# they create .venv, install torch and quizzer into it, then do their job.

PYTHON ?= python3
VENV ?= .venv
# Which torch to install. The default is the CPU build pinned for CI machines; set
# TORCH_SPEC= (empty) to keep the torch you already have (see README, "Your own torch").
TORCH_SPEC ?= torch==2.13.0
VENV_FLAGS ?=
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: venv run test static bench lint-decks clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV_FLAGS) $(VENV)
	$(if $(strip $(TORCH_SPEC)),$(PY) -m pip install --quiet $(TORCH_SPEC))
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

## The main job: today's review session on the bundled decks (ARGS=--plain for line mode).
run: venv
	$(VENV)/bin/quizzer review $(ARGS)

## The static checks, then the whole test suite.
test: static
	$(PY) -m pytest -q

## Static checks: lint and format (ruff), import contracts (import-linter, see
## pyproject.toml), types of the core (mypy --strict).
static: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

## Benchmarks; writes docs/benchmarks.md (installs Anki's backend first, for the store's ratios).
bench: venv
	$(PY) -m pip install --quiet -e ".[bench]"
	$(PY) -m bench.run

lint-decks: venv
	$(VENV)/bin/quizzer lint decks

clean:
	rm -rf $(VENV) .pytest_cache build dist *.egg-info
