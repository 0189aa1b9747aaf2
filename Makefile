# Quick start: `make demo` and `make test` each set themselves up from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/socialvalue demo

# lint-imports: the layers contract in pyproject.toml (no import cycle, no upward import).
# pytest-xdist runs the suite on every core (-n auto); --dist loadfile keeps each test file on
# one worker, so a module-scoped fixture (a rendered pack) is built once, not once per worker.
# PYTEST_ARGS adds options, e.g. `make test PYTEST_ARGS="-n 0"` for one process.
PYTEST_ARGS ?=
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n auto --dist loadfile $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/cog --check docs/rubrics.md docs/cli.md docs/workbooks.md

bench: $(STAMP)
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache
