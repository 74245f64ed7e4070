"""Screenshots for docs/audit-and-subject-access.md: the record with its number, access log
and actions; the two questions (why open, who is it for); subject access.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.screenshots_issue16
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from diversion_app.domain.access_rules import AccessReason, DisclosurePurpose, Recipient
from diversion_app.domain.enums import Role
from diversion_app.domain.subject_access import RequestDraft, Requester
from diversion_app.persistence.models import Referral
from diversion_app.services.reports.caseload_data import CaseloadScope
from tests.screenshot_support import demo_actor, save, scene


def main() -> None:
    import tempfile
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from diversion_app.ui.main_window import MainWindow
    from diversion_app.ui.people.subject_access_dialog import SubjectAccessDialog
    from diversion_app.ui.people.young_person_record import YoungPersonRecordWindow
    from diversion_app.ui.widgets.reason_dialogs import JustificationDialog, RecipientDialog

    with scene(young_people=400) as world:
        services, ctx = world.services, world.ctx
        supervisor = demo_actor(ctx, "supervisor", Role.SUPERVISOR)
        caseworker = demo_actor(ctx, "caseworker2", Role.CASEWORKER)
        with ctx.read_only() as session:
            person = session.execute(
                sa.select(Referral.young_person_id)
                .where(Referral.caseworker_id.is_not(None))
                .order_by(Referral.id)
                .limit(1)
            ).scalar_one()
        services.access.justify(caseworker, person, AccessReason.COVERING, "Ash is on leave")
        services.young_person_record.open(caseworker, person)
        with tempfile.TemporaryDirectory() as folder:
            services.reports.write_caseload_pdf(
                supervisor,
                Path(folder) / "c.pdf",
                CaseloadScope(),
                for_whom=Recipient("panel of 12/01", DisclosurePurpose.PANEL),
            )
            request = services.subject_access.record_request(
                supervisor, RequestDraft(person, Requester.YOUNG_PERSON, "", date(2026, 11, 9))
            )
            services.subject_access.record_request(
                supervisor, RequestDraft(person + 1, Requester.YOUNG_PERSON, "", date(2026, 11, 20))
            )
            services.subject_access.make_pack(supervisor, request, Path(folder))
            services.subject_access.record_request(
                supervisor, RequestDraft(person + 2, Requester.YOUNG_PERSON, "", date(2026, 10, 27))
            )
        window = MainWindow(services, supervisor, "demo.db")
        window.resize(1366, 768)
        window.show()
        record = YoungPersonRecordWindow(services, supervisor, person, window)
        record.resize(1366, 768)
        record.show()
        assert record.access_log is not None
        record.lower_tabs.setCurrentWidget(record.access_log)
        QApplication.processEvents()
        save(record, "issue16-record-access-log.png")

        why = JustificationDialog()
        why.reason.setCurrentIndex(1)
        why.note.setText("Ash is on leave this week")
        why.show()
        QApplication.processEvents()
        save(why, "issue16-why-open-this-record.png")

        who = RecipientDialog("caseload summary")
        who.accept_if_valid()  # nothing filled in: shows what to fix
        who.show()
        QApplication.processEvents()
        save(who, "issue16-who-is-this-for.png")

        dialog = SubjectAccessDialog(services, supervisor, person + 3)
        dialog.requester.setCurrentIndex(2)
        dialog.show()
        QApplication.processEvents()
        save(dialog, "issue16-subject-access-request.png")

        from diversion_app.domain.subject_access_decisions import ExtensionGround
        from diversion_app.ui.people.subject_access_decisions import ExtendRequestDialog
        from diversion_app.ui.people.subject_access_page import SubjectAccessPage

        extended = services.subject_access.record_request(
            supervisor, RequestDraft(person + 4, Requester.YOUNG_PERSON, "", date(2026, 11, 16))
        )
        services.subject_access.extend(
            supervisor,
            extended,
            ExtensionGround.COMPLEX,
            "Three referrals and school work to read for other people's details.",
        )
        page = window.show_page("Subject access")
        assert isinstance(page, SubjectAccessPage)
        page.all_box.setChecked(True)
        QApplication.processEvents()
        save(window, "issue16-subject-access-page.png")

        page.all_box.setChecked(False)
        page.refresh()
        QApplication.processEvents()
        page.list.table.selectRow(0)
        row = page.list.current_row()
        assert row is not None
        extend = ExtendRequestDialog(services, supervisor, row, window)
        extend.ground.setCurrentIndex(1)
        extend.reason.setPlainText("Records from three referrals must be read for third parties.")
        extend.show()
        QApplication.processEvents()
        save(extend, "issue16-subject-access-extend.png")
        extend.close()

        job = page.pack_job  # as drawn while a pack is being made (page 5 of about 12)
        job.show()
        job.progress.setRange(0, 12)
        job.progress.setValue(5)
        job.progress.setFormat("Page 5 of about 12")
        page.message.setText(f"Making the pack for record {row.young_person_id}…")
        QApplication.processEvents()
        save(window, "issue16-subject-access-pack-progress.png")


if __name__ == "__main__":
    main()
