# Two commands set everything up on a fresh machine:
#   make run   - site with demo data on SQLite at http://127.0.0.1:8000
#   make test  - the whole test suite
PYTHON ?= $(shell scripts/find-python)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test setup demo lint bench loadtest messages clean

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "No Python >= 3.12 found (see the message above)."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@

setup: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv -v 0
	$(PY) manage.py migrate --no-input -v 0

run: setup
	$(PY) manage.py load_demo
	SITE_URL=$${SITE_URL:-http://$(HOST)} $(PY) manage.py runserver $(HOST)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

bench: setup
	$(PY) -m bench

# The load and failure test (scripts/loadtest, about 7 minutes, everything on 127.0.0.1, not part of CI): gunicorn,
# a task worker, its own PostgreSQL 15 cluster (restarted mid-run) and Redis; needs redis-server and PostgreSQL's
# server programs (/usr/lib/postgresql/15/bin, or PG_BIN). Report: $LOADTEST_OUT or /tmp/tradebridge-loadtest-*/.
loadtest: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[load]"
	scripts/loadtest

# Regenerate the catalogs after changing strings (then translate and `make setup`).
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l vi -l az --ignore=.venv --ignore=tests --ignore=bench --no-obsolete

clean:
	rm -rf $(VENV) db.sqlite3 media
