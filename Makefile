# Baseline: `make run` sets up and serves the demo newsroom; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
NODE_STAMP := node_modules/.installed
HOST ?= 127.0.0.1:8000

.PHONY: run test install lint format migrate demo collectstatic serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(DEV): requirements-dev.txt $(RUNTIME)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the accessibility and HTML-validity checks will be skipped (install Node.js 18+)."; fi

install: $(RUNTIME)

## Set everything up on SQLite, load the demo newsroom and serve it on http://127.0.0.1:8000/
run: $(RUNTIME)
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

## Lint, check migrations, and run the whole test suite (browser tests included)
test: $(DEV) $(NODE_STAMP)
	@test -x /usr/bin/chromium || echo "NOTE: /usr/bin/chromium is missing, so the browser tests will be skipped. Install it with: sudo apt-get install chromium"
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(DEV)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: $(RUNTIME)
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
