# danchu: the one entry point. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DANCHU := $(BIN)/danchu
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian packages the product uses at run time or in tests; installed when missing (as root).
SYSTEM_PACKAGES := chromium espeak-ng gettext sox nginx pgbouncer wrk fonts-liberation2 fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0
SYSTEM_COMMANDS := chromium espeak-ng msgfmt sox nginx pgbouncer wrk

.PHONY: run test test-sqlite test-postgres test-deploy lint fmt install assets sysdeps messages migrate demo bench clean

$(BIN)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

install: $(BIN)/.installed assets messages

sysdeps:
	@missing=""; for c in $(SYSTEM_COMMANDS); do PATH="$$PATH:/usr/sbin" command -v $$c >/dev/null || missing=1; done; \
	fc-list | grep -qi "Liberation Serif" || missing=1; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages: $(SYSTEM_PACKAGES)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	  else echo "Missing Debian packages; run as root: apt-get install $(SYSTEM_PACKAGES)"; fi; \
	fi

# Source maps are copied too: the scripts name them, and collectstatic (DEBUG=0) fails on a missing one.
# The 34 provinces' boundaries are generated from npm packages (assets/provinces.mjs; docs/places.md).
build/.assets: package.json assets/provinces.mjs
	npm install --no-audit --no-fund --silent
	mkdir -p build/static/vendor/leaflet
	cp node_modules/htmx.org/dist/htmx.min.js build/static/vendor/
	cp node_modules/chart.js/dist/chart.umd.min.js build/static/vendor/chart.min.js
	cp node_modules/chart.js/dist/chart.umd.min.js.map build/static/vendor/
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css build/static/vendor/leaflet/
	cp -r node_modules/leaflet/dist/images build/static/vendor/leaflet/
	mkdir -p build/static/vendor/quill
	cp node_modules/quill/dist/quill.js node_modules/quill/dist/quill.js.map node_modules/quill/dist/quill.snow.css node_modules/quill/dist/quill.snow.css.map build/static/vendor/quill/
	node assets/provinces.mjs build/static/vendor/provinces
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

# `make run` serves danchu as people meet it: DEBUG off, static files collected and served by
# whitenoise, the product's own 404 and 500 pages. This machine's keys are generated once into
# var/run.env (kept with the database they encrypt). `make run DEBUG=1` gives a developer Django's
# debug pages. Plain HTTP on this machine: no HTTPS redirect, no Secure-only cookies. The development
# server answers each request in a new thread, so persistent database connections would pile up on
# PostgreSQL until it refuses more ("too many clients"): DB_CONN_MAX_AGE=0 here (Django's advice).
DEBUG ?= 0
RUN_ENV := set -a; . var/run.env; set +a; export DEBUG=$(DEBUG) SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 DB_CONN_MAX_AGE=0 \
	SECURE_HSTS_SECONDS=0 ALLOWED_HOSTS="$${ALLOWED_HOSTS:-$(HOST),127.0.0.1,localhost}" \
	SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"

var/run.env:
	mkdir -p var
	umask 077; $(PYTHON) -c "import base64, os, secrets; \
	print('SECRET_KEY=' + secrets.token_urlsafe(50)); \
	print('FIELD_ENCRYPTION_KEY=' + base64.urlsafe_b64encode(os.urandom(32)).decode()); \
	print('AUDIT_SIGNING_KEY=' + base64.b64encode(os.urandom(32)).decode())" > $@

run: sysdeps install var/run.env
	@$(RUN_ENV); $(MAKE) --no-print-directory demo && $(DANCHU) collectstatic --noinput -v 0
	@echo "danchu: http://$(HOST):$(PORT)/  (DEBUG=$(DEBUG); job consumer running beside it; Ctrl+C stops both)"
	@$(RUN_ENV); trap 'kill 0' EXIT INT TERM; \
	  $(DANCHU) run_huey --quiet & \
	  $(DANCHU) runserver $(HOST):$(PORT)

# The whole suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL is set, each spread over
# TEST_WORKERS processes (pytest-xdist; one per core by default; TEST_WORKERS=0 runs in this process).
# worksteal: a worker that runs dry takes pending tests from the other (the slow browser tests are last).
TEST_WORKERS ?= auto
PYTEST_ARGS ?= -n $(TEST_WORKERS) --dist worksteal
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

# Only the deployment tests (real nginx, gunicorn, PgBouncer, Redis, a primary + streaming replica):
# part of `make test` on PostgreSQL; about 6 minutes on a loaded 2-core machine.
test-deploy:
	DATABASE_URL=$${TEST_DATABASE_URL:?set TEST_DATABASE_URL to PostgreSQL} $(BIN)/pytest -q -m deploy deploy/tests $(PYTEST_ARGS)

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
