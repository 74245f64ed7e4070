"""A fresh process that starts a window and says when it is interactive (run by startup.py).

``python -m tests.bench.gui_child bare`` shows a bare PySide6 QMainWindow;
``python -m tests.bench.gui_child app DB`` opens Diversion's main window on DB (a file,
or a PostgreSQL URL) the way ``diversion-app --db DB`` does once someone has signed in.
It prints ``{"shell": ...}`` when the window's shell (menus, navigation) is shown and
the event loop is idle, and ``{"ready": ...}`` when the dashboard is filled (its counts
and first 200 referrals) and the event loop is idle again; then it quits. With
``--tour`` it first opens every page, scrolls through a few batches of referrals, searches and
sorts, and reports its own peak memory (VmHWM: ``tests/bench/peak_memory.py``).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from tests.bench.peak_memory import peak_mb


def _say(**values: object) -> None:
    print(json.dumps(values), flush=True)


def bare() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1280, 800)
    window.show()
    QTimer.singleShot(0, lambda: (_say(ready=time.time(), peak_mb=peak_mb()), app.quit()))
    return app.exec()


def unlock_from_environment(database: Path) -> None:
    """An encrypted database (``tests.bench.encrypted``): the passphrase the runner set."""
    import os

    from diversion_app.persistence import encryption

    passphrase = os.environ.get("DIVERSION_DB_PASSPHRASE")
    if passphrase and encryption.looks_encrypted(database):
        encryption.unlock(database, passphrase)


def diversion(database: str, tour: bool) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from diversion_app.app import LOCAL_ACTOR, configure_qt_application, start_main_window

    configure_qt_application()
    app = QApplication(sys.argv)
    # as run_gui does once someone has signed in (a person's typing is not start-up time):
    # the shell first, the database opened on a thread behind it
    if "://" in database:  # the PostgreSQL copy (tests.bench.postgres)
        url = database
    else:
        unlock_from_environment(Path(database))
        url = f"sqlite:///{Path(database)}"
    window = start_main_window(url, LOCAL_ACTOR)
    loader = window.loader
    assert loader is not None

    def shell_ready() -> None:
        _say(
            shell=time.time(),
            data_layer_loaded=loader.finished,
            sqlalchemy_imported="sqlalchemy" in sys.modules,
        )

    def ready() -> None:
        _say(ready=time.time(), peak_mb=peak_mb())
        if tour:
            take_tour(window)
            _say(toured=True, peak_mb=peak_mb())
        window.close()
        app.quit()

    def failed(message: str) -> None:
        print(message, file=sys.stderr)
        app.exit(1)

    QTimer.singleShot(0, shell_ready)
    # connected after the window's own slot: the dashboard is filled when this runs
    loader.loaded.connect(lambda _services: QTimer.singleShot(0, ready))
    loader.failed.connect(failed)
    return app.exec()


def take_tour(window: object) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from diversion_app.ui.main_window import MainWindow
    from diversion_app.ui.referrals.referrals_page import ReferralsPage

    assert isinstance(window, MainWindow)
    for title in list(window.pages):
        window.show_page(title)
        QApplication.processEvents()
    page = window.show_page("Referrals")
    assert isinstance(page, ReferralsPage)
    model = page.model
    for _ in range(10):
        if model.canFetchMore():
            model.fetchMore()
    page.list.table.scrollToBottom()
    QApplication.processEvents()
    model.set_filter_text("smi")
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.set_filter_text("")
    QApplication.processEvents()


def main(argv: list[str]) -> int:
    if argv[:1] == ["bare"]:
        return bare()
    if argv[:1] == ["app"] and len(argv) >= 2:
        return diversion(argv[1], "--tour" in argv)
    print("usage: gui_child bare | app DB [--tour]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
