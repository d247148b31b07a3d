# The two commands a user needs: `make run` and `make test`. Each builds .venv when missing.
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
WAREHOUSE ?= data/warehouse
PREFECT_PORT ?= 4200

.PHONY: install run test bench bench-schedule eval lint format clean help server bi bi-setup bi-test

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

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
	@echo; echo "== who said what"; $(BIN)/broadsheet sql "select kind, speaker_name as speaker, speech_verb as verb, quote_text from quotes_attributed order by doc_id, quote_idx" --warehouse $(WAREHOUSE)

# Two pytest workers (pytest-xdist), each taking whole test files: the suite is half waiting on
# processes it started (CLI runs, servers), so two at once take ~0.57x the time on 2 cores
# (bench/RESULTS.md); TEST_WORKERS=0 runs it in this one process.
TEST_WORKERS ?= 2
test: $(STAMP)  ## lint, format check and the test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

# Schedules need a real Prefect server (the ephemeral one cannot schedule); a run uses one that
# answers on PREFECT_SERVER_API_HOST:PORT (127.0.0.1:4200) without being told. Its SQLite database
# lives under .prefect/ in the project, not in ~/.prefect. Telemetry is off (no network); the
# task-run recorder stays on so that the UI shows each run's tasks. The port goes in through
# PREFECT_SERVER_API_PORT, from which the UI also derives the API address it calls (with --port
# alone, a UI on 4317 called the API on 4200).
server: $(STAMP)  ## start a local Prefect server with its UI on 127.0.0.1:$(PREFECT_PORT) (Ctrl-C stops it)
	@echo "Prefect UI: http://127.0.0.1:$(PREFECT_PORT)"
	@echo "broadsheet run finds it on the default port 4200; on another port, in the other shell:"
	@echo "  export PREFECT_API_URL=http://127.0.0.1:$(PREFECT_PORT)/api"
	@echo "Schedules: $(BIN)/broadsheet serve seeds --cron '* * * * *'"
	PREFECT_HOME=$(CURDIR)/.prefect PREFECT_SERVER_ANALYTICS_ENABLED=false \
		PREFECT_SERVER_API_HOST=127.0.0.1 PREFECT_SERVER_API_PORT=$(PREFECT_PORT) \
		$(BIN)/prefect server start

# Benchmarks print figures and ratios against a baseline measured in the same run; they read the
# corpora in ../shared and live outside the test suite.
bench: $(STAMP)  ## benchmarks (need ../shared): HTML extraction; throughput vs bare spaCy, re-run, RSS
	$(PY) bench/html_extraction.py
	$(PY) bench/throughput.py --workers 2

# A warehouse fed on a schedule (issue 19): many small runs into one warehouse against a running
# Prefect server; per-run time, file count and three queries' time. RUNS=300 takes about 1.5 hours
# on an idle 2-core machine. GRACE: seconds a compaction's replaced files stay; a 15-minute
# schedule outlives the 10-minute default, so the bench keeps that proportion (runs every ~20 s).
RUNS ?= 100
GRACE ?= 15
bench-schedule: $(STAMP)  ## simulate a schedule: RUNS runs of 20 new articles into one warehouse (needs ../shared)
	$(PY) bench/schedule.py --runs $(RUNS) --grace $(GRACE)

# The same questions on ~100k documents (a real BBC run repeated under new ids) beside an empty
# warehouse: one-document run and two analysis queries (issue 19).
bench-scale: $(STAMP)  ## one-document run and queries on a 100k-document warehouse vs an empty one (needs ../shared)
	$(PY) bench/scale.py --documents 100000

# Quality against hand-annotated gold (tests/gold/dev and tests/gold/test: articles read from
# ../shared at run time; tests/golden/: the seed) and against peers' test suites (bench/peers.py).
# Scratch warehouses are rebuilt each time so that the rows scored come from the code as it is now.
SHARED ?= ../shared
GOLD_DIR ?= tests/gold
GOLD_INPUTS ?= data/gold-inputs
EVAL_WAREHOUSE ?= data/eval-warehouse
EVAL_SEED_WAREHOUSE ?= data/eval-seed-warehouse

eval: $(STAMP)  ## quality: gold dev and test splits and the seed against hand annotation, peers' suites (needs ../shared)
	rm -rf $(EVAL_WAREHOUSE) $(EVAL_SEED_WAREHOUSE)
	$(PY) bench/gold_inputs.py $(GOLD_DIR) --shared $(SHARED) --out $(GOLD_INPUTS) > $(GOLD_INPUTS).list
	$(BIN)/broadsheet run $$(cat $(GOLD_INPUTS).list) --warehouse $(EVAL_WAREHOUSE) --quiet
	$(BIN)/broadsheet eval $(GOLD_DIR) --warehouse $(EVAL_WAREHOUSE)
	$(BIN)/broadsheet run seeds --warehouse $(EVAL_SEED_WAREHOUSE) --quiet
	$(BIN)/broadsheet eval tests/golden --warehouse $(EVAL_SEED_WAREHOUSE)
	$(PY) bench/peers.py --shared $(SHARED)
	$(PY) bench/boilerplate.py --shared $(SHARED)

# The dashboard (issue 18): Apache Superset in its own virtualenv, .venv-bi (Superset pins
# SQLAlchemy < 2; broadsheet needs 2), installed from the lock bi/requirements.txt. Its metadata
# database lives in .superset/; bi/superset_config.py keeps everything on this machine. bi-setup
# writes the catalog, registers it read-only and imports the dashboard kept in bi/dashboard/;
# bi serves it (docs/bi.md).
BI_VENV   := .venv-bi
BI_PY     := $(BI_VENV)/bin/python
BI_STAMP  := $(BI_VENV)/.installed
BI_PORT   ?= 8088
CATALOG   ?= $(WAREHOUSE).duckdb
BI_ENV    := SUPERSET_HOME=$(CURDIR)/.superset SUPERSET_CONFIG_PATH=$(CURDIR)/bi/superset_config.py FLASK_APP=superset

$(BI_STAMP): bi/requirements.txt
	@test -x $(BI_PY) || python3 -m venv $(BI_VENV)
	$(BI_PY) -m pip install --quiet --upgrade pip
	$(BI_PY) -m pip install --quiet -r bi/requirements.txt
	@touch $(BI_STAMP)

bi-setup: $(STAMP) $(BI_STAMP)  ## install Superset into .venv-bi, write the catalog, import the dashboard
	@test -d $(WAREHOUSE) || $(BIN)/broadsheet run seeds --warehouse $(WAREHOUSE)
	$(BIN)/broadsheet catalog --warehouse $(WAREHOUSE) --output $(CATALOG)
	@mkdir -p .superset
	$(BI_ENV) $(BI_PY) bi/bootstrap.py --catalog $(CATALOG)

bi: bi-setup  ## serve the dashboard on http://127.0.0.1:8088 (BI_PORT=N: another port; user admin, password admin)
	@echo "Dashboard: http://127.0.0.1:$(BI_PORT)/superset/dashboard/broadsheet/  (user admin, password admin)"
	$(BI_ENV) $(BI_VENV)/bin/superset run -h 127.0.0.1 -p $(BI_PORT) --with-threads

# End to end, outside `make test` (it installs Superset and drives a browser): seeds and samples
# of ../shared's corpora -> catalog -> Superset -> REST API checks -> docs/img/dashboard.png.
# Chromium comes from Debian (installed here when missing and run as root); Playwright, from
# PyPI, only drives it.
bi-test: $(STAMP) $(BI_STAMP)  ## dashboard end to end: API checks and docs/img/dashboard.png (uses ../shared)
	$(BI_PY) -m pip install --quiet -r bi/requirements-test.txt
	@test -x /usr/bin/chromium || { test "$$(id -u)" = 0 && apt-get update -qq && apt-get install -y -qq chromium; } \
		|| { echo "bi-test needs Debian's chromium: apt-get install -y chromium"; exit 1; }
	$(BI_PY) bi/e2e.py --shared $(SHARED)

lint: $(STAMP)  ## ruff lint
	$(BIN)/ruff check .

format: $(STAMP)  ## ruff format in place
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:  ## remove the warehouse output (keeps .venv)
	rm -rf $(WAREHOUSE)
