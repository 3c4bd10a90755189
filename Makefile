# Two commands set everything up: `make run` serves the demo site, `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
CONSTRAINTS := requirements/constraints.txt
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test smoke bench bench-registration install install-dev axe lint format migrate demo scale-data lock clean

run: install migrate demo  ## Install, migrate, load demo content and serve on http://127.0.0.1:8000
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev axe  ## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(BIN)/pytest

# The production path for real on loopback: nginx, two app servers, worker, scheduler,
# Redis and PostgreSQL (deploy/smoke.py; README, "Deploying").
smoke: install-dev
	$(BIN)/python deploy/smoke.py

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e ".[dev]"
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# axe-core (for the browser accessibility checks) comes from npm, pinned by package-lock.json.
axe: node_modules/axe-core/axe.min.js

node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: browser accessibility tests will be skipped"; fi

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: install
	$(BIN)/python manage.py load_demo_content

# The demo content and, on top, a network the size of a busy one (bench/README.md, "Scale data").
scale-data: migrate
	$(BIN)/python manage.py generate_scale_data

# Every benchmark under bench/, with one summary table (bench/README.md).
bench: install-dev
	bash bench/all.sh

# Registrations under load on the production stack, driven by locust (bench/README.md).
bench-registration: install-dev
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e ".[bench]"
	$(BIN)/python bench/registration_load.py

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-resolve the pinned versions after changing pyproject.toml.
lock: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev,bench]"
	$(BIN)/pip freeze --exclude-editable > $(CONSTRAINTS)

clean:
	rm -rf $(VENV) node_modules staticfiles test-artifacts
