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

.PHONY: run test lint format setup seed clean chromium

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

run: seed
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: setup chromium lint
	$(BIN)/python manage.py makemigrations --check --dry-run -v0
	$(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var/*.sqlite3*
