# Tandem: `make run` serves the demo, `make test` runs lint and the whole suite.
SHELL := /bin/bash
# Django 6.x needs Python 3.12+: the first interpreter on this list that runs and is new enough.
PYTHON ?= $(shell for c in python3.12 python3.13 python3 $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[23]*/bin/python3; do \
  $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$c || echo $$c; } && break; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
STAMP := $(VENV)/.installed

.PHONY: run serve worker test lint format setup seed clean chromium redis screenshots

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then echo "Tandem needs Python 3.12 or newer (Django 6.x requires it): set PYTHON=/path/to/python3.12"; exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)
	@mkdir -p var

seed: setup
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py seed_demo --if-empty

# The web server and, beside it, the embedded background worker (tasks queued in the
# database: digests, notification emails); the worker stops when the server stops.
run: seed
	$(BIN)/python manage.py collectstatic --noinput -v0
	@$(BIN)/python manage.py worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production serving (README, "Production"): the database migrated, static files collected
# under hashed names, then gunicorn with WEB_CONCURRENCY workers (2 per core + 1 unless
# set), its access log on standard output. No demo data is created.
serve: setup
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/gunicorn tandem.wsgi --bind $(HOST):$(PORT) \
	  --workers $${WEB_CONCURRENCY:-$$((2 * $$(nproc) + 1))} --timeout 60 --access-logfile - \
	  --logger-class tandem.lib.access_log.AccessLog

# The background worker alone (for a second terminal, or a host without the web server).
worker: seed
	$(BIN)/python manage.py worker

chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

# Redis on 127.0.0.1:6379 for the RQ test, installed (Debian's redis-server) and started if missing.
redis: setup
	@$(BIN)/python -c "import redis; redis.Redis(host='127.0.0.1', port=6379).ping()" 2>/dev/null || { \
	  command -v redis-server >/dev/null || { \
	    echo "Installing Debian's redis-server for the RQ test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }; \
	  echo "Starting redis-server on 127.0.0.1:6379"; \
	  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null; \
	  for i in 1 2 3 4 5 6 7 8 9 10; do \
	    $(BIN)/python -c "import redis; redis.Redis(host='127.0.0.1', port=6379).ping()" 2>/dev/null && break; sleep 0.5; \
	  done; }

# ruff, then the import contracts of pyproject.toml (each app imports only from the layers below it).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: setup chromium redis lint
	$(BIN)/python manage.py makemigrations --check --dry-run -v0
	$(BIN)/pytest $(PYTEST_ARGS)

# The browser tests write their screenshots to var/screenshots/ (a scratch folder);
# this refreshes the README's pictures in docs/screenshots/ on purpose.
screenshots: setup chromium
	TANDEM_SCREENSHOT_DIR=docs/screenshots $(BIN)/pytest -m browser $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var/*.sqlite3*
