"""Shared fixtures: offscreen Qt, an isolated user profile, a fixed "now", real SQLite files."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    # a desk monitor (1920x1080): windows are bounded by the screen, and the default
    # offscreen screen (800x600) is smaller than the 1280x800 windows the tests open
    _SCREEN = Path(__file__).with_name("offscreen_screen.json")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"

import pytest

from diversion_app.demo.generator import build_demo
from diversion_app.domain.access_rules import DisclosurePurpose, Recipient
from diversion_app.domain.enums import Role
from diversion_app.persistence.engine import create_engine, session_factory, sqlite_url
from diversion_app.persistence.migrate import open_database
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.registry import Services

FIXED_NOW = datetime(2026, 11, 28, 14, 30, tzinfo=UTC)
"""A Saturday afternoon: every test sees the same 'now' unless it moves it."""

DEMO_PEOPLE = 300

FOR_TESTS = Recipient("the test suite", DisclosurePurpose.SUPERVISION)
"""The recipient and purpose every print and export in a test states."""


class MovableClock:
    """An injected clock a test can move forward."""

    def __init__(self, now: datetime = FIXED_NOW) -> None:
        self.current = now

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.current += timedelta(**delta)


@pytest.fixture(scope="session", autouse=True)
def audit_key_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One audit key store for the run, set before any database is made (the session's demo
    included), so no test touches the real keyring or the user's configuration folder."""
    folder = tmp_path_factory.mktemp("audit-keys")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIVERSION_AUDIT_KEY_DIR", str(folder))
        yield folder


@pytest.fixture(autouse=True)
def _isolated_profile(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, audit_key_dir: Path
) -> None:
    """Keep settings, logs, audit keys and the default database out of the real user profile."""
    monkeypatch.setenv("DIVERSION_AUDIT_KEY_DIR", str(audit_key_dir))
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("DIVERSION_DB", raising=False)


@pytest.fixture(autouse=True)
def _no_modal_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    """The questions a modal dialog would ask (and block an offscreen test on) get a fixed
    answer; a test of the asking itself replaces these again."""
    from diversion_app.domain.access_rules import (
        AccessReason,
        DisclosurePurpose,
        Justification,
        Recipient,
    )
    from diversion_app.ui.people import subject_access_dialog
    from diversion_app.ui.widgets import reason_dialogs

    monkeypatch.setattr(
        reason_dialogs,
        "ask_recipient",
        lambda _parent, _what: Recipient("test recipient", DisclosurePurpose.SUPERVISION),
    )
    monkeypatch.setattr(
        reason_dialogs,
        "ask_justification",
        lambda _parent: Justification(AccessReason.DUTY, "answered by the test set-up"),
    )
    monkeypatch.setattr(subject_access_dialog, "ask_folder", lambda _parent: None)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "diversion.db"


@pytest.fixture
def ctx(db_path: Path, clock: MovableClock) -> Iterator[ServiceContext]:
    """A new, migrated, empty database file."""
    opened = open_database(sqlite_url(db_path), now=clock())
    yield ServiceContext(session_factory(opened.engine), now_provider=clock)
    opened.engine.dispose()


@pytest.fixture
def services(ctx: ServiceContext) -> Services:
    return Services.build(ctx)


@pytest.fixture
def their_services(services: Services, db_path: Path, clock: MovableClock) -> Iterator[Services]:
    """Another person's copy of the application: its own engine on the same database file
    (what they read and write is not what ``services`` has cached), on the same clock."""
    engine = create_engine(sqlite_url(db_path))
    yield Services.build(ServiceContext(session_factory(engine), now_provider=clock))
    engine.dispose()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database built once per run; tests get their own copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    opened = open_database(sqlite_url(path), now=FIXED_NOW)
    build_demo(
        ServiceContext(session_factory(opened.engine), now_provider=lambda: FIXED_NOW),
        young_people=DEMO_PEOPLE,
        seed=7,
    )
    opened.engine.dispose()
    return path


@pytest.fixture
def demo_ctx(demo_template: Path, tmp_path: Path, clock: MovableClock) -> Iterator[ServiceContext]:
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    opened = open_database(sqlite_url(path), now=clock())
    yield ServiceContext(session_factory(opened.engine), now_provider=clock)
    opened.engine.dispose()


@pytest.fixture
def demo_services(demo_ctx: ServiceContext) -> Services:
    return Services.build(demo_ctx)


@pytest.fixture
def supervisor() -> Actor:
    return Actor(
        user_id=None,
        username="test.supervisor",
        display_name="Test Supervisor",
        roles=frozenset({Role.SUPERVISOR}),
    )


@pytest.fixture
def everyone() -> Actor:
    """An actor holding every role (the foundation's local user)."""
    return Actor(
        user_id=None, username="test.all", display_name="Test All Roles", roles=frozenset(Role)
    )


@pytest.fixture(autouse=True)
def _no_windows_left_behind() -> Iterator[None]:
    """Close and delete every window a test leaves open, so its timers and event
    filters cannot slow or disturb the tests that follow."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    from diversion_app.ui.workers import BackgroundJob

    # work a test started off the GUI thread (the audit checkpoint after a start, a
    # report) ends before its windows and database go: a thread still writing while
    # they are deleted can bring the whole run down
    for job in app.findChildren(BackgroundJob):
        job.wait()
    QCoreApplication.processEvents()
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
