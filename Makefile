# Every target creates .venv and installs into it as needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# With no screen at all (no X11 or Wayland display) the window is drawn offscreen.
HEADLESS = $$( [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] || echo offscreen )

.PHONY: run demo test test-slow lint bench clean venv screenshots dist install-desktop uninstall-desktop

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

# compiled once, as an installed package is (PYTHONDONTWRITEBYTECODE would otherwise make
# every start compile every module again)
run: $(STAMP)
	@$(BIN)/python -m compileall -q diversion_app
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
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "not slow"

# The slow tests: builds the one-folder bundle and runs it as a user would (minutes).
test-slow: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m slow

# The one-folder program for this platform: dist/diversion-app/ (PyInstaller, no Python needed).
dist: $(STAMP)
	$(BIN)/python -m PyInstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/diversion-app.spec
	@du -sh dist/diversion-app

# Linux: a menu entry and icon for this user (XDG). DESKTOP_EXEC names the program to start.
XDG_DATA_HOME ?= $(HOME)/.local/share
DESKTOP_EXEC ?= $(abspath $(BIN)/diversion-app)
install-desktop:
	install -d "$(XDG_DATA_HOME)/applications" "$(XDG_DATA_HOME)/icons/hicolor/scalable/apps"
	sed 's|^Exec=.*|Exec="$(DESKTOP_EXEC)"|' resources/diversion-app.desktop \
		> "$(XDG_DATA_HOME)/applications/diversion-app.desktop"
	install -m 644 resources/icons/diversion.svg \
		"$(XDG_DATA_HOME)/icons/hicolor/scalable/apps/diversion-app.svg"
	-update-desktop-database -q "$(XDG_DATA_HOME)/applications" 2>/dev/null
	@echo "Installed: $(XDG_DATA_HOME)/applications/diversion-app.desktop (starts $(DESKTOP_EXEC))"

uninstall-desktop:
	rm -f "$(XDG_DATA_HOME)/applications/diversion-app.desktop" \
		"$(XDG_DATA_HOME)/icons/hicolor/scalable/apps/diversion-app.svg"

bench: $(STAMP)
	$(BIN)/python -m tests.bench.run

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache

# drawn offscreen on a 1366x768 laptop screen (the size the windows are made to fit)
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen:configfile=tests/laptop-screen.json $(BIN)/python -m tests.screenshots
	QT_QPA_PLATFORM=offscreen:configfile=tests/laptop-screen.json $(BIN)/python -m tests.screenshots_issue6
	QT_QPA_PLATFORM=offscreen:configfile=tests/laptop-screen.json $(BIN)/python -m tests.screenshots_issue7
