# The README names two commands: `make run` and `make test`. Everything else is a helper target.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install messages migrate seed lint format checks compose-check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

messages: install
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0

migrate: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py sync_schedules

seed: migrate
	$(BIN)/python manage.py seed_demo

## Install, migrate, compile translations, load the demo data and start the server (SQLite, tasks in-process).
run: messages seed
	@echo "==> Starting the server at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## Install and run the whole test suite: once on SQLite, once on PostgreSQL with a real Celery worker on Redis.
test: messages
	./scripts/ensure_chromium.sh
	./scripts/test.sh

## Ruff, and bandit: any finding of medium severity or above fails (SECURITY.md). A false
## positive is explained where it is, with `# nosec BXXX: reason`.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -r . -x ./.venv,./tests,./bench -ll -q

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Static checks CI runs besides the tests.
checks: messages
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check
	./scripts/check_messages.sh
	DJANGO_SECRET_KEY=check-only-$$$$-not-a-real-key-0123456789abcdefghijklmnopqrstuvwxyz \
	DJANGO_ALLOWED_HOSTS=cppcc.example.gov.cn \
	DJANGO_SETTINGS_MODULE=cppcc.settings.production $(BIN)/python manage.py check --deploy --fail-level WARNING

compose-check:
	docker-compose -f docker-compose.yml config --quiet

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
