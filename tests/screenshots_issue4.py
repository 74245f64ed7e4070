"""Renders the Dashboard for a caseworker and for a supervisor (issue 4) to PNG.

``python -m tests.screenshots_issue4`` writes resources/screenshots/issue4-*.png from a
seeded demo database at a fixed "now", so the pictures are reproducible.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUT = Path(__file__).resolve().parents[1] / "resources" / "screenshots"
NOW = datetime(2026, 11, 28, 14, 30, tzinfo=UTC)


def main() -> int:
    import sqlalchemy as sa
    from PySide6.QtWidgets import QApplication

    from diversion_app.app import configure_qt_application
    from diversion_app.domain.enums import Role
    from diversion_app.persistence.engine import session_factory, sqlite_url
    from diversion_app.persistence.migrate import open_database
    from diversion_app.persistence.models import User
    from diversion_app.services.actor import Actor
    from diversion_app.services.context import ServiceContext
    from diversion_app.services.demo import build_demo
    from diversion_app.services.registry import Services
    from diversion_app.ui.main_window import MainWindow
    from diversion_app.ui.views.referral_record import ReferralRecordWindow

    configure_qt_application()
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        opened = open_database(sqlite_url(Path(folder) / "demo.db"), now=NOW)
        ctx = ServiceContext(session_factory(opened.engine), now_provider=lambda: NOW)
        build_demo(ctx, young_people=2000, seed=2026)
        services = Services.build(ctx)

        def actor(username: str, role: Role) -> Actor:
            with ctx.read_only() as session:
                user = session.execute(
                    sa.select(User).where(User.username == username)
                ).scalar_one()
                return Actor(user.id, user.username, user.display_name, frozenset({role}))

        OUT.mkdir(parents=True, exist_ok=True)
        for name, who in [
            ("caseworker", actor("caseworker", Role.CASEWORKER)),
            ("supervisor", actor("supervisor", Role.SUPERVISOR)),
        ]:
            window = MainWindow(services, who, "demo.db")
            window.resize(1280, 800)
            window.show()
            page = window.show_page("Dashboard")
            app.processEvents()
            path = OUT / f"issue4-dashboard-{name}.png"
            window.grab().save(str(path))
            print(f"wrote {path}")
            if name == "caseworker":
                model = page.model  # type: ignore[attr-defined]
                first = model.row_at(0)
                record = ReferralRecordWindow(services, who, first.id)
                record.show()
                app.processEvents()
                path = OUT / "issue4-referral-record.png"
                record.grab().save(str(path))
                print(f"wrote {path}")
                record.close()
            window.close()
        opened.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
