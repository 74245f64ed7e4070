"""Renders the screens changed to fit the desk, at 1366x768 and at 150% (911x442 usable).

``python -m tests.screenshots_desk`` runs itself once per size, each time on an offscreen
screen of exactly the area a window may use (a 1366x768 laptop less its task bar, and the
same at 150%), and writes ``resources/screenshots/desk-<screen>-<size>.png``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

SIZES = {"1366": (1366, 698), "150pc": (911, 442)}


def render(size: str) -> None:
    from PySide6.QtCore import QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
    from tests.screenshot_support import demo_actor, save, scene

    with scene(young_people=600) as sc:
        from diversion_app.domain.enums import Role
        from diversion_app.ui.main_window import MainWindow
        from diversion_app.ui.referrals.contact_form import ContactForm
        from diversion_app.ui.referrals.referral_actions import AllocateDialog
        from diversion_app.ui.referrals.referral_record import ReferralRecordWindow
        from diversion_app.ui.widgets import desk_policy

        desk_policy.install()
        app, services, ctx = sc.app, sc.services, sc.ctx

        def shot(widget: object, name: str) -> None:
            widget.show()  # type: ignore[attr-defined]
            app.processEvents()
            save(widget, f"desk-{name}-{size}.png")

        caseworker = demo_actor(ctx, "caseworker", Role.CASEWORKER)
        window = MainWindow(services, caseworker, "demo.db")
        window.resize(1366, 768)
        shot(window, "dashboard-caseworker")
        window.close()

        supervisor = demo_actor(ctx, "supervisor", Role.SUPERVISOR)
        window = MainWindow(services, supervisor, "demo.db")
        window.resize(1366, 768)
        dashboard = window.current_page()
        dashboard.open_tile("unallocated")  # type: ignore[attr-defined]
        shot(window, "dashboard-supervisor")
        table = dashboard.list.table  # type: ignore[attr-defined]
        table.selectRow(0)
        for row in (1, 2):
            table.selectionModel().select(
                table.model().index(row, 0),
                table.selectionModel().SelectionFlag.Select
                | table.selectionModel().SelectionFlag.Rows,
            )
        dashboard.allocate_selected()  # type: ignore[attr-defined]
        shot(dashboard.allocate_dialog, "allocate-three")  # type: ignore[attr-defined]
        dashboard.allocate_dialog.close()  # type: ignore[attr-defined]
        window.show_page("Referrals")
        shot(window, "referrals-filters")
        diary = window.show_page("Diary")
        diary.move_weeks(-1)  # type: ignore[attr-defined]
        shot(window, "diary-grid-week-team")
        diary.show_day_view()  # type: ignore[attr-defined]
        shot(window, "diary-grid-day-team")
        window.close()

        referral_id = dashboard.model.row_at(0).id  # type: ignore[attr-defined]
        record = ReferralRecordWindow(services, supervisor, referral_id)
        tab = record.view.household_tab  # type: ignore[attr-defined]
        record.view.tabs.setCurrentWidget(tab)
        shot(record, "referral-record-household")
        contact = ContactForm(services, supervisor, record.view.record)  # type: ignore[arg-type]
        shot(contact, "contact-form")
        contact.save()
        shot(contact, "contact-form-blank-save")
        contact.close()
        record.close()
        from diversion_app.ui.casework.visit_form import VisitForm

        visit = VisitForm(services, supervisor, referral_id=referral_id)
        visit.show()  # shown first, as a person sees it before pressing Save
        app.processEvents()
        visit.date.setText("31/11/2026")  # an impossible date, said under the form
        visit.end.clear()
        visit.submit()
        app.processEvents()
        shot(visit, "visit-form-typed-date-and-times")
        visit.close()
        allocate = AllocateDialog(services, supervisor, referral_id, "")
        allocate.close()

        admin = demo_actor(ctx, "admin", Role.ADMINISTRATOR)
        window = MainWindow(services, admin, "demo.db")
        window.resize(1366, 768)
        page = window.current_page()
        page.settings_panel.boxes[1].hours.setText("20:00-08:00")  # type: ignore[attr-defined]
        page.settings_panel.boxes[1].save()  # type: ignore[attr-defined]
        shot(window, "administration-settings")
        window.change_own_password()
        shot(window.password_dialog, "change-my-password")
        window.password_dialog.close()
        window.close()

        officer = demo_actor(ctx, "officer", Role.OFFICER)
        window = MainWindow(services, officer, "demo.db")
        window.resize(1366, 768)
        shot(window, "officer-start-page")
        from diversion_app.ui.people.young_person_dialog import YoungPersonDialog

        person = YoungPersonDialog(services, officer)
        person.show()
        app.processEvents()
        person.date_of_birth.setText("31/02/2012")
        person.save()  # type: ignore[attr-defined]
        shot(person, "young-person-form-date-of-birth")
        person.close()
        from diversion_app.domain.clock import ClockState
        from diversion_app.services.referrals.clock_watch import ClockAlert

        alert = ClockAlert(
            referral_id, "Ann Example", ClockState.OVERDUE, ctx.now() - timedelta(hours=25)
        )
        window.show_clock_alert(alert.message, alert)
        shot(window, "overdue-banner")
        window.close()


def main() -> int:
    if len(sys.argv) > 1:
        render(sys.argv[1])
        return 0
    root = Path(__file__).resolve().parents[1]
    for size, (width, height) in SIZES.items():
        with tempfile.TemporaryDirectory() as folder:
            screen = Path(folder) / "screen.json"
            screen.write_text(
                json.dumps(
                    {"screens": [{"name": "s", "x": 0, "y": 0, "width": width, "height": height}]}
                )
            )
            env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}"}
            subprocess.run(
                [sys.executable, "-m", "tests.screenshots_desk", size],
                cwd=root,
                env=env,
                check=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
