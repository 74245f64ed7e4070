"""Renders the Dashboard for a caseworker and for a supervisor (issue 4) to PNG.

``python -m tests.screenshots_issue4`` writes resources/screenshots/issue4-*.png from a
seeded demo database at a fixed "now", so the pictures are reproducible.
"""

from __future__ import annotations

import sys

from tests.screenshot_support import demo_actor, save, scene


def main() -> int:
    from diversion_app.domain.enums import Role
    from diversion_app.ui.main_window import MainWindow
    from diversion_app.ui.referrals.referral_record import ReferralRecordWindow

    with scene() as demo:
        app, ctx, services = demo.app, demo.ctx, demo.services
        for name, who in [
            ("caseworker", demo_actor(ctx, "caseworker", Role.CASEWORKER)),
            ("supervisor", demo_actor(ctx, "supervisor", Role.SUPERVISOR)),
        ]:
            window = MainWindow(services, who, "demo.db")
            window.resize(1280, 800)
            window.show()
            page = window.show_page("Dashboard")
            app.processEvents()
            save(window, f"issue4-dashboard-{name}.png")
            if name == "caseworker":
                model = page.model  # type: ignore[attr-defined]
                first = model.row_at(0)
                record = ReferralRecordWindow(services, who, first.id)
                record.show()
                app.processEvents()
                save(record, "issue4-referral-record.png")
                record.close()
            window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
