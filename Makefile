# Linli: `make run` to try it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run install dev test test-fast test-sqlite test-postgres lint format migrations-check bench clean

run: install
	$(BIN)/linli serve

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Linli needs Python 3.11 or newer"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
		{ echo "Could not create $(VENV): on Debian, apt-get install python3-venv"; exit 1; }

$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# Lint, migrations check, then the whole suite on SQLite and on a throwaway PostgreSQL 15.
test: dev
	scripts/test.sh

# The edit-test loop: SQLite only, no lint, no browser, no other processes; two workers.
test-fast: dev
	LINLI_VAR_DIR=$$(mktemp -d) LINLI_SECRET_KEY=test-only-secret-key \
		$(BIN)/python -m pytest -n 2 -m "not browser and not slow" $(ARGS)

test-sqlite: dev
	scripts/test.sh sqlite

test-postgres: dev
	scripts/test.sh postgres

lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

format: dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: dev
	LINLI_VAR_DIR=$$(mktemp -d) $(BIN)/linli makemigrations --check --dry-run

bench: dev
	scripts/bench.sh

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache
