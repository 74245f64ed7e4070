"""Renders the main pages offscreen to PNG for the README: ``make screenshots``.

Builds a demo database with a fixed seed and "now", so the pictures are reproducible.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUT = Path(__file__).resolve().parents[1] / "resources" / "screenshots"
NOW = datetime(2026, 11, 28, 14, 30, tzinfo=UTC)


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from diversion_app.app import LOCAL_ACTOR, configure_qt_application
    from diversion_app.persistence.engine import session_factory, sqlite_url
    from diversion_app.persistence.migrate import open_database
    from diversion_app.services.context import ServiceContext
    from diversion_app.services.demo import build_demo
    from diversion_app.services.registry import Services
    from diversion_app.ui.main_window import MainWindow

    configure_qt_application()
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        opened = open_database(sqlite_url(Path(folder) / "demo.db"), now=NOW)
        ctx = ServiceContext(session_factory(opened.engine), now_provider=lambda: NOW)
        build_demo(ctx, young_people=2000, seed=2026)
        window = MainWindow(Services.build(ctx), LOCAL_ACTOR, "demo.db")
        window.resize(1280, 800)
        window.show()
        OUT.mkdir(parents=True, exist_ok=True)
        for title in window.pages:
            window.show_page(title)
            app.processEvents()
            name = title.lower().replace(" ", "-")
            window.grab().save(str(OUT / f"{name}.png"))
            print(f"wrote {OUT / name}.png")
        window.close()
        issue9_screenshots(app, Services.build(ctx))
        opened.engine.dispose()
    return 0


def _save(widget: Any, name: str) -> None:
    widget.grab().save(str(OUT / name))
    print(f"wrote {OUT / name}")


def issue9_screenshots(app: Any, services: Any) -> None:
    """Sign-in, the first administrator, Administration, the audit trail and the lock."""
    import contextlib

    from diversion_app.services.accounts import SignInRefused
    from diversion_app.ui.dialogs.sign_in import FirstAdministratorDialog, SignInDialog
    from diversion_app.ui.main_window import MainWindow
    from diversion_app.ui.session_lock import SessionLock

    sign_in = SignInDialog(services.accounts)
    sign_in.username.setText("officer")
    sign_in.password.setText("not-the-password")
    sign_in.show()
    sign_in.try_sign_in()
    app.processEvents()
    _save(sign_in, "issue9-sign-in.png")
    sign_in.close()
    first = FirstAdministratorDialog(services.accounts)
    first.username.setText("first.admin")
    first.display_name.setText("Alex Example")
    first.show()
    app.processEvents()
    _save(first, "issue9-first-administrator.png")
    first.close()
    for username, password in [("caseworker", "demo-caseworker-pass"), ("sergeant", "x" * 12)]:
        with contextlib.suppress(SignInRefused):
            services.accounts.sign_in(username, password)
    actor = services.accounts.sign_in("admin", "demo-admin-pass")
    window = MainWindow(services, actor, "demo.db")
    window.resize(1280, 800)
    window.show()
    for title in window.pages:
        window.show_page(title)
        app.processEvents()
        _save(window, f"issue9-{title.lower().replace(' ', '-')}.png")
    lock = SessionLock(window, services.accounts, actor, 10)
    lock.lock()
    app.processEvents()
    _save(window, "issue9-locked.png")
    lock.unlock()
    window.close()


if __name__ == "__main__":
    sys.exit(main())
