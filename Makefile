# Shequ: the two commands are `make run` and `make test`.
# Everything is installed by this file: the Debian packages the machine lacks
# (scripts/install-system-packages: as root or with password-less sudo, otherwise it stops and
# prints the one command to run), a Python virtual environment from the lock file,
# the front-end assets from the npm lock file (served by the application itself), and the
# compiled translations. Targets are idempotent: a second run installs nothing.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
VENDOR := shequ/core/static/vendor
# Development mode, turned on explicitly: the settings default to production and refuse to
# start without their keys (issue 15, point 10); `make run` and the tests are development.
DEV := SHEQU_DEV=1
STAMP_PY := $(VENV)/.installed-$(shell sha1sum requirements.lock 2>/dev/null | cut -c1-12)
STAMP_JS := $(VENDOR)/.installed-$(shell sha1sum package-lock.json 2>/dev/null | cut -c1-12)

.PHONY: run test install system assets translations migrate demo lint messages clean bench-venv

run: install migrate demo ## install, migrate, load the demo data if empty, serve on 127.0.0.1:$(PORT)
	@echo "Shequ: http://127.0.0.1:$(PORT)/  (demo accounts: see README.md)"
	$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install ## every test (unit, API, page, browser) on the database DATABASE_URL names (SQLite by default), then the quality gates
	@echo "== tests on $${DATABASE_URL:-SQLite}"
	$(DEV) $(PY) -m pytest
	$(DEV) $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy shequ config

install: system $(STAMP_PY) $(STAMP_JS) translations

system: ## the Debian packages (Chromium, a CJK font, gettext, Node.js, the PostgreSQL client)
	@PYTHON=$(PYTHON) scripts/install-system-packages

$(STAMP_PY): requirements.lock | system
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

assets: $(STAMP_JS)

$(STAMP_JS): package-lock.json | system
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js (Debian: sudo apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts.min.js
	@rm -f $(VENDOR)/.installed-*
	@touch $@

translations: $(STAMP_PY)
	@$(DEV) $(PY) manage.py compile_translations

migrate: install
	$(DEV) $(PY) manage.py migrate --no-input

demo: migrate
	$(DEV) $(PY) manage.py demo --if-empty

lint: install ## ruff and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy shequ config

messages: install ## extract new strings into locale/zh_Hans (needs GNU gettext), then translate them
	$(DEV) $(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=node_modules --ignore=bench

bench-venv: .venv-load/.installed ## Locust for bench/load.sh, in its own environment (gevent stays out of the app's)

.venv-load/.installed: bench/requirements-load.lock
	@test -x .venv-load/bin/python || $(PYTHON) -m venv .venv-load
	.venv-load/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements-load.lock
	@touch $@

clean:
	rm -rf $(VENV) .venv-load node_modules $(VENDOR) staticfiles .pytest_cache .mypy_cache .ruff_cache
