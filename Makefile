# charterkg: `make demo` and `make test` work on a fresh clone with nothing installed by hand.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
TODAY  := $(shell date +%Y-%m-%d)

.PHONY: help demo test lint format bench docs build validate clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)  ## build the graph and answer two real questions
	$(BIN)/charterkg build --out dist
	@echo
	@echo "== Who is party to the North Atlantic Treaty today ($(TODAY))?"
	$(BIN)/charterkg query members-as-of --param instrument=north-atlantic-treaty --param date=$(TODAY)
	@echo
	@echo "== If Poland were attacked today, who must come to its aid, under which article, and how?"
	$(BIN)/charterkg explain attack --state POL --date $(TODAY)

test: $(STAMP)  ## lint, then run the test suite
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: $(STAMP)  ## ruff
	$(BIN)/ruff check .

format: $(STAMP)  ## ruff format and import sorting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

validate: $(STAMP)  ## validate the whole project
	$(BIN)/charterkg validate

build: $(STAMP)  ## write the release files to dist/
	$(BIN)/charterkg build --out dist

docs: $(STAMP)  ## regenerate docs/ (coverage, cross-check, validation) and data/states.ttl
	$(BIN)/charterkg states --out data/states.ttl
	$(BIN)/charterkg coverage --out docs/coverage.md
	$(BIN)/charterkg crosscheck --out docs/crosscheck-atop.md
	$(BIN)/charterkg checks --out docs/validation.md

bench: $(STAMP)  ## run the benchmarks (writes bench/results.json)
	$(BIN)/python bench/run.py

clean:  ## remove the virtual environment and build output
	rm -rf $(VENV) dist .pytest_cache .ruff_cache
