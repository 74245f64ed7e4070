"""Start-up mechanics: the shell before the database, pages built when first shown."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from diversion_app.app import configure_qt_application, start_main_window
from diversion_app.persistence.audit_key import key_dir
from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.ui.data_loader import ServicesLoader
from diversion_app.ui.main_window import MainWindow
from diversion_app.ui.workers import BackgroundJob


def _click_page(window: MainWindow, qtbot: QtBot, title: str) -> None:
    row = list(window.pages).index(title)
    item = window.navigation.item(row)
    qtbot.mouseClick(
        window.navigation.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.navigation.visualItemRect(item).center(),
    )


def test_only_the_first_page_is_built_and_others_when_first_shown(
    qtbot: QtBot, demo_services: Services, everyone: Actor
) -> None:
    configure_qt_application()
    window = MainWindow(demo_services, everyone, "demo.db")
    qtbot.addWidget(window)
    window.show()
    assert list(window.pages.built) == ["Dashboard"]
    assert window.current_page().title == "Dashboard"
    _click_page(window, qtbot, "Referrals")
    assert list(window.pages.built) == ["Dashboard", "Referrals"]
    page = window.current_page()
    assert page.title == "Referrals"
    assert page.model.rowCount() > 0  # type: ignore[attr-defined]
    _click_page(window, qtbot, "Dashboard")
    _click_page(window, qtbot, "Referrals")
    assert window.current_page() is page  # built once, kept
    assert "Audit trail" in window.pages and "Audit trail" not in window.pages.built


def test_the_shell_shows_and_answers_before_the_database_is_open(
    qtbot: QtBot, demo_services: Services, everyone: Actor
) -> None:
    configure_qt_application()
    release = threading.Event()

    def slow_open() -> Services:
        release.wait(10)
        return demo_services

    loader = ServicesLoader(slow_open)
    window = MainWindow(loader, everyone, "demo.db")
    qtbot.addWidget(window)
    window.show()
    loader.start()
    qtbot.waitExposed(window)
    # the shell is up: every page's name, the menus, and a plain word about the database
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert titles[:3] == ["Dashboard", "Young people", "Referrals"]
    assert window.stack.currentWidget() is window.opening
    assert window.opening.text() == "Opening the database…"
    assert window.pages.built == {}
    _click_page(window, qtbot, "Referrals")  # choosing a page while it opens is fine
    assert window.pages.built == {}
    release.set()
    qtbot.waitUntil(lambda: window.ready and window.pages.built != {}, timeout=10_000)
    page = window.current_page()
    assert page.title == "Referrals"  # the page chosen meanwhile, filled
    assert page.model.rowCount() > 0  # type: ignore[attr-defined]
    assert list(window.pages.built) == ["Referrals"]


def test_a_database_that_cannot_be_opened_is_said_in_plain_words(
    qtbot: QtBot, everyone: Actor
) -> None:
    configure_qt_application()

    class DatabaseOpenError(Exception):
        pass

    def broken() -> Any:
        raise DatabaseOpenError("The database file is damaged. Restore it from a backup.")

    loader = ServicesLoader(broken)
    window = MainWindow(loader, everyone, "broken.db")
    qtbot.addWidget(window)
    window.show()
    loader.start()
    qtbot.waitUntil(lambda: "damaged" in window.opening.text(), timeout=10_000)
    assert window.opening.text() == "The database file is damaged. Restore it from a backup."
    assert not window.ready


def test_an_unexpected_failure_names_no_detail(qtbot: QtBot, everyone: Actor) -> None:
    configure_qt_application()

    def broken() -> Any:
        raise RuntimeError("young person Jane Smith 01/02/2012")  # data in an exception

    loader = ServicesLoader(broken)
    window = MainWindow(loader, everyone, "x.db")
    qtbot.addWidget(window)
    window.show()
    loader.start()
    qtbot.waitUntil(lambda: "could not be opened" in window.opening.text(), timeout=10_000)
    assert "Jane" not in window.opening.text()


def test_every_page_entry_names_a_page_of_that_title() -> None:
    from diversion_app.ui.main_window import PAGE_TYPES

    for entry in PAGE_TYPES:
        assert entry.page_type().title == entry.title
    assert len({entry.title for entry in PAGE_TYPES}) == len(PAGE_TYPES)


def test_the_audit_checkpoint_is_written_in_the_background_once_the_window_is_filled(
    qtbot: QtBot, tmp_path: Path, everyone: Actor
) -> None:
    configure_qt_application()
    database = tmp_path / "fresh.db"
    window = start_main_window(f"sqlite:///{database}", everyone)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.ready, timeout=20_000)
    checkpoints = key_dir()

    def written() -> bool:
        return any(path.read_text().strip() for path in checkpoints.glob("*.checkpoints"))

    qtbot.waitUntil(written, timeout=10_000)  # the start did not write it; the job did
    jobs = QApplication.instance().findChildren(BackgroundJob)
    qtbot.waitUntil(lambda: not any(job.is_running() for job in jobs), timeout=10_000)


def test_services_are_made_when_first_asked_and_kept(services: Services) -> None:
    fresh = Services.build(services.ctx)
    assert "diary" not in vars(fresh)
    diary = fresh.diary
    assert fresh.diary is diary and vars(fresh)["diary"] is diary
    kinds = Services.service_types()
    assert kinds["diary"] is type(diary) and len(kinds) > 40
    for attribute, kind in kinds.items():  # every one can be made over the context
        assert isinstance(getattr(fresh, attribute), kind)
