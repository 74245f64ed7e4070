"""Try retention on a demo database with the clock moved on (a tool for walk-throughs).

    python -m tests.try_retention --db demo-data/demo.db --years-on 10

Opens the application as usual (passphrase if encrypted, then the sign-in), but every
service sees "now" as the wall clock plus the given years, so the Retention review page
shows who would be due then. Never for a live database: everything saved carries the
moved date.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.try_retention")
    parser.add_argument("--db", type=Path, required=True, help="a demo database file")
    parser.add_argument("--years-on", type=float, default=10.0, help="how far to move the clock")
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    from diversion_app.app import build_services, configure_qt_application, show_main_window
    from diversion_app.domain.timekeeping import system_now
    from diversion_app.persistence.engine import sqlite_url
    from diversion_app.ui.accounts.sign_in import sign_in_flow
    from diversion_app.ui.accounts.unlock_dialog import unlock_database

    configure_qt_application()
    app = QApplication.instance() or QApplication(sys.argv)
    path = args.db.expanduser().resolve()
    if not path.exists():
        print(f"There is no database at {path}.", file=sys.stderr)
        return 1
    if not unlock_database(path):
        return 0
    offset = timedelta(days=round(365.25 * args.years_on))
    services = build_services(sqlite_url(path), lambda: system_now() + offset)
    actor = sign_in_flow(services.accounts)
    if actor is None:
        return 0
    window = show_main_window(services, actor, sqlite_url(path))
    window.setWindowTitle(window.windowTitle() + f" (clock moved {args.years_on:g} years on)")
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
