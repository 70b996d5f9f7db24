# Srok: `make run` serves the demo platform, `make test` runs every test, `make bench` measures.
# Only Python 3.11+ and make are assumed; everything else is installed here.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Development defaults (a built-in secret key, e-mail to the console); production never runs make.
export SROK_DEVELOPMENT ?= 1

.PHONY: run test bench install static lint stop-db messages clean

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed

static: install
	$(PY) manage.py collectstatic --noinput --verbosity 0

run: static
	$(PY) manage.py migrate_schemas --verbosity 0
	$(PY) manage.py refresh_template_schema --verbosity 0
	$(PY) manage.py import_gazetteer --verbosity 0
	$(PY) manage.py seed_demo --port $(PORT)
	@echo "Serving on http://127.0.0.1:$(PORT) (Ctrl-C stops; data is kept in .data/)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run

test: static lint
	bash tests/prepare_machine.sh
	set -a; . tests/.machine.env; set +a; $(PY) -m pytest $(PYTEST_ARGS)

bench: static
	bash tests/prepare_machine.sh
	$(PY) -m bench

stop-db: install
	$(PY) -c "import pgserver; pgserver.get_server('.data/pg', cleanup_mode='stop').cleanup()"

# Regenerate the translation catalogues after changing user-facing strings (needs gettext).
messages: install
	$(PY) manage.py makemessages --locale km --no-obsolete --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'node_modules/*'
	$(PY) manage.py compilemessages --locale km --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles
