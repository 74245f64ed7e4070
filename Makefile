# Every target creates .venv and installs into it as needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# With no screen at all (no X11 or Wayland display) the window is drawn offscreen.
HEADLESS = $$( [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] || echo offscreen )

.PHONY: run demo test lint bench clean venv screenshots

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-$(HEADLESS)} $(BIN)/diversion-app

demo: $(STAMP)
	@mkdir -p demo-data
	@test -f demo-data/demo.db || $(BIN)/diversion-app demo --db demo-data/demo.db --young-people 2000
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-$(HEADLESS)} $(BIN)/diversion-app --db demo-data/demo.db

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy diversion_app

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m tests.bench.run

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache

screenshots: $(STAMP)
	$(BIN)/python -m tests.screenshots
	$(BIN)/python -m tests.screenshots_issue6
	$(BIN)/python -m tests.screenshots_issue7
