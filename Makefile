# The two commands a user needs: `make run` and `make test`. Each builds .venv when missing.
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
WAREHOUSE ?= data/warehouse

.PHONY: install run test lint format clean help

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)  ## create .venv and install broadsheet with its dev tools

run: $(STAMP)  ## process seeds/ into data/warehouse and show what was found
	$(BIN)/broadsheet run seeds --warehouse $(WAREHOUSE)
	@echo; echo "== documents"; $(BIN)/broadsheet sql document_summary --warehouse $(WAREHOUSE)
	@echo; echo "== most-mentioned entities"; $(BIN)/broadsheet sql top_entities --warehouse $(WAREHOUSE)
	@echo; echo "== numbers and what they count"; $(BIN)/broadsheet sql numbers_by_object --warehouse $(WAREHOUSE)
	@echo; echo "== who said what"; $(BIN)/broadsheet sql who_said_what --warehouse $(WAREHOUSE)

test: $(STAMP)  ## lint, format check and the test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) -m pytest

lint: $(STAMP)  ## ruff lint
	$(BIN)/ruff check .

format: $(STAMP)  ## ruff format in place
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:  ## remove the warehouse output (keeps .venv)
	rm -rf $(WAREHOUSE)
