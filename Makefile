# danchu: the one entry point. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DANCHU := $(BIN)/danchu
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian packages the product uses at run time or in tests; installed when missing (as root).
SYSTEM_PACKAGES := chromium espeak-ng gettext sox fonts-liberation2 fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0
SYSTEM_COMMANDS := chromium espeak-ng msgfmt sox

.PHONY: run test test-sqlite test-postgres lint fmt install assets sysdeps messages migrate demo bench clean

$(BIN)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

install: $(BIN)/.installed assets messages

sysdeps:
	@missing=""; for c in $(SYSTEM_COMMANDS); do command -v $$c >/dev/null || missing=1; done; \
	fc-list | grep -qi "Liberation Serif" || missing=1; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages: $(SYSTEM_PACKAGES)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	  else echo "Missing Debian packages; run as root: apt-get install $(SYSTEM_PACKAGES)"; fi; \
	fi

# Source maps are copied too: the scripts name them, and collectstatic (DEBUG=0) fails on a missing one.
build/.assets: package.json
	npm install --no-audit --no-fund --silent
	mkdir -p build/static/vendor/leaflet
	cp node_modules/htmx.org/dist/htmx.min.js build/static/vendor/
	cp node_modules/chart.js/dist/chart.umd.min.js build/static/vendor/chart.min.js
	cp node_modules/chart.js/dist/chart.umd.min.js.map build/static/vendor/
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css build/static/vendor/leaflet/
	cp -r node_modules/leaflet/dist/images build/static/vendor/leaflet/
	touch $@

assets: build/.assets

messages: $(BIN)/.installed
	cd danchu && ../$(DANCHU) compilemessages --ignore=.venv -v 0

migrate: install
	$(DANCHU) migrate --noinput -v 0
	$(DANCHU) createcachetable

demo: migrate
	$(DANCHU) load_places
	$(DANCHU) demo

run: sysdeps demo
	@echo "danchu: http://$(HOST):$(PORT)/  (job consumer running beside it; Ctrl+C stops both)"
	@trap 'kill 0' EXIT INT TERM; \
	  $(DANCHU) run_huey --quiet & \
	  $(DANCHU) runserver $(HOST):$(PORT)

# The whole suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL is set.
test: sysdeps install
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$TEST_DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; \
	  else echo "TEST_DATABASE_URL is not set: skipped the PostgreSQL run"; fi

test-sqlite:
	@echo "== tests on SQLite"
	DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest -q $(PYTEST_ARGS)

test-postgres:
	@echo "== tests on PostgreSQL"
	DATABASE_URL=$$TEST_DATABASE_URL $(BIN)/pytest -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check danchu bench conftest.py
	$(BIN)/ruff format --check danchu bench conftest.py
	$(DANCHU) makemigrations --check --dry-run -v 1
	$(BIN)/mypy danchu --exclude '/tests/'

fmt: install
	$(BIN)/ruff check --fix danchu bench conftest.py
	$(BIN)/ruff format danchu bench conftest.py

bench: install
	$(BIN)/python -m bench.run $(BENCH)

clean:
	rm -rf $(VENV) build node_modules var
