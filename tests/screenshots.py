"""Renders the main pages offscreen to PNG for the README: ``make screenshots``.

Builds a demo database with a fixed seed and "now", so the pictures are reproducible.
"""

from __future__ import annotations

import sys
from typing import Any

from tests.screenshot_support import save as _save
from tests.screenshot_support import scene


def main() -> int:
    from diversion_app.services.registry import Services
    from diversion_app.ui.main_window import MainWindow

    with scene() as demo:
        app = demo.app
        supervisor = demo.services.accounts.sign_in("supervisor", "demo-supervisor-pass")
        window = MainWindow(demo.services, supervisor, "demo.db")
        window.resize(1280, 800)
        window.show()
        for title in window.pages:
            window.show_page(title)
            app.processEvents()
            _settle(app, window.current_page())
            _save(window, f"{title.lower().replace(' ', '-')}.png")
        window.close()
        issue9_screenshots(app, Services.build(demo.ctx))
    return 0


def _settle(app: Any, page: Any) -> None:
    """Wait (up to 30 s) for a page that loads in the background to show its rows."""
    import time

    loader = getattr(page, "loader", None)
    deadline = time.monotonic() + 30
    while loader is not None and loader.is_running() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.05)
    app.processEvents()


def issue9_screenshots(app: Any, services: Any) -> None:
    """Sign-in, the first administrator, Administration, the audit trail and the lock."""
    import contextlib

    from diversion_app.services.accounts.accounts import SignInRefused
    from diversion_app.ui.accounts.session_lock import SessionLock
    from diversion_app.ui.accounts.sign_in import FirstAdministratorDialog, SignInDialog
    from diversion_app.ui.main_window import MainWindow

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
