# Two commands matter: `make run` (demo site + worker) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS_URL_TEST ?= redis://127.0.0.1:6379/15

.PHONY: run dev serve test test-postgres test-browser lint check install messages clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
	  echo "Mobilise needs Python 3.12 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	  echo "Install 3.12 (pyenv reads .python-version) or run: make PYTHON=python3.12 ..."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,browser]"
	touch $(STAMP)

install: $(STAMP)

# `run` shows the demo as visitors see it (DEBUG off); `dev` is the same with DEBUG on.
run: $(STAMP)
	@$(PY) manage.py migrate --noinput --verbosity 0
	@$(PY) manage.py seed_demo
	@echo "Serving http://127.0.0.1:8000/ with the task worker beside it; Ctrl-C stops both."
	@$(PY) manage.py serve 127.0.0.1:8000

dev: $(STAMP)
	@$(PY) manage.py migrate --noinput --verbosity 0
	@$(PY) manage.py seed_demo
	@echo "Serving http://127.0.0.1:8000/ with DEBUG on and the task worker beside it; Ctrl-C stops both."
	@DJANGO_DEBUG=1 $(PY) manage.py serve 127.0.0.1:8000

# Production's way on one machine: gunicorn (WEB_WORKERS processes) and the task
# worker, with the production variables in the environment (README, Running in production).
SERVE_ADDR ?= 127.0.0.1:8000
serve: $(STAMP)
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py serve --gunicorn $(SERVE_ADDR)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

check: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=ci-dummy-secret-key-that-is-long-enough-to-pass-deploy-checks-0123456789 IP_HASH_SALT=ci-dummy \
	  ALLOWED_HOSTS=mobilise.example.org DATABASE_URL=sqlite:///var/check.sqlite3 \
	  REDIS_URL=redis://127.0.0.1:6379/0 ANYMAIL_PROVIDER=postmark ANYMAIL_POSTMARK_SERVER_TOKEN=dummy \
	  ANYMAIL_WEBHOOK_SECRET=ci:a-long-enough-dummy-webhook-password \
	  $(PY) manage.py check --deploy --fail-level WARNING

test: lint $(STAMP)
	$(PY) -m pytest -m "not browser" -q

test-postgres: $(STAMP)
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_URL_TEST) $(PY) -m pytest -m "not browser" -q

test-browser: $(STAMP)
	@test -x /usr/bin/chromium || { echo "Browser tests need Debian's chromium: apt-get install -y chromium fonts-noto-core"; exit 1; }
	@fc-list 2>/dev/null | grep -q "Noto Nastaliq Urdu" || { echo "Browser tests need the Noto fonts phones have: apt-get install -y fonts-noto-core"; exit 1; }
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest tests/browser -m browser -q -p no:randomly

messages: $(STAMP)
	cd $(CURDIR) && $(PY) manage.py makemessages -l fr -l es -l ar -l ne -l bn -l ur -l id -l tl -l hi -l si --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf var/db.sqlite3* var/mail var/media var/static
