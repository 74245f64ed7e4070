"""Renders the Schools page and the school referral form (issue 7) offscreen to PNG.

Run with ``python -m tests.screenshots_issue7``: a seeded demo database, signed in as the
South SPOC, some school work recorded through the services, then the page and the form.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUT = Path(__file__).resolve().parents[1] / "resources" / "screenshots"
NOW = datetime(2026, 11, 28, 14, 30, tzinfo=UTC)


def main() -> int:
    import sqlalchemy as sa
    from PySide6.QtWidgets import QApplication

    from diversion_app.app import configure_qt_application
    from diversion_app.domain.enums import (
        RjPart,
        RjType,
        Role,
        SchoolAction,
        SchoolConcernType,
    )
    from diversion_app.domain.school_rules import RjParticipantDraft
    from diversion_app.persistence.engine import session_factory, sqlite_url
    from diversion_app.persistence.migrate import open_database
    from diversion_app.persistence.models import User
    from diversion_app.services.actor import Actor
    from diversion_app.services.context import ServiceContext
    from diversion_app.services.demo import build_demo
    from diversion_app.services.registry import Services
    from diversion_app.services.school_work import ActionDraft, RjDraft, SchoolReferralDraft
    from diversion_app.ui.dialogs.restorative_justice_form import RestorativeJusticeForm
    from diversion_app.ui.dialogs.school_admin_dialogs import SpocsAdminDialog
    from diversion_app.ui.dialogs.school_referral_form import SchoolReferralForm
    from diversion_app.ui.main_window import MainWindow
    from diversion_app.ui.views.schools_page import SchoolsPage

    configure_qt_application()
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        opened = open_database(sqlite_url(Path(folder) / "demo.db"), now=NOW)
        ctx = ServiceContext(session_factory(opened.engine), now_provider=lambda: NOW)
        build_demo(ctx, young_people=2000, seed=2026)
        services = Services.build(ctx)
        with ctx.read_only() as session:
            user = session.execute(
                sa.select(User).where(User.username == "spoc.south")
            ).scalar_one()
            spoc = Actor(user.id, user.username, user.display_name, frozenset({Role.SPOC}))
        admin = Actor(None, "admin", "Administrator", frozenset({Role.ADMINISTRATOR}))
        choices = [c for c in services.school_work.school_choices(spoc) if c.area.value == "south"]
        school = choices[0].id

        def pupil(given: str, family: str, born: date) -> int:
            from tests.integration.school_fixtures import pupil as add_pupil

            return add_pupil(services, spoc, school, given, born, family)

        ava, ben, cal = (
            pupil("Ava", "Example", date(2013, 3, 1)),
            pupil("Ben", "Sample", date(2012, 5, 5)),
            pupil("Cal", "Fictional", date(2012, 6, 6)),
        )
        services.school_work.record_school_referral(
            spoc,
            SchoolReferralDraft(
                school,
                ava,
                date(2026, 11, 27),
                "Head of Year 8 (demo)",
                SchoolConcernType.EXPLOITATION,
                "Seen with older youths (demo).",
                ActionDraft(SchoolAction.REFER_PREVENTION),
            ),
        )
        services.school_work.record_restorative_justice(
            spoc,
            RjDraft(
                school,
                date(2026, 11, 20),
                RjType.CONFERENCE,
                (RjParticipantDraft(ben, RjPart.HARMER), RjParticipantDraft(cal, RjPart.HARMED)),
                True,
                "Apology given and accepted (demo).",
                date(2026, 12, 18),
            ),
        )
        window = MainWindow(services, spoc, "demo.db")
        window.resize(1280, 860)
        window.show()
        page = window.show_page("Schools")
        assert isinstance(page, SchoolsPage)
        app.processEvents()
        page.list.table.selectRow(0)
        app.processEvents()
        OUT.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(OUT / "issue7-schools-page.png"))
        form = SchoolReferralForm(services, spoc, school, window)
        form.pupil.search.setText("ava example")
        form.pupil.run_search()
        form.pupil.choose(ava, "Ava Example")
        form.raised_by.setText("Head of Year 8 (demo)")
        form.concern_type.set_value(SchoolConcernType.BULLYING)
        form.description.setPlainText("Repeated name-calling in the playground (demo).")
        form.action.action.set_value(SchoolAction.REFER_DIVERSION)
        form.show()
        app.processEvents()
        form.grab().save(str(OUT / "issue7-school-referral-form.png"))
        young = pupil("Dee", "Example", date(2019, 2, 2))
        form.pupil.choose(young, "Dee Example")
        form.action.action.set_value(SchoolAction.REFER_PREVENTION)
        form.save()
        app.processEvents()
        form.grab().save(str(OUT / "issue7-school-referral-refused.png"))
        form.close()
        rj = RestorativeJusticeForm(services, spoc, school, window)
        rj.rj_type.set_value(RjType.MEDIATION)
        for person, name, part in (
            (ben, "Ben Sample", RjPart.HARMER),
            (cal, "Cal Fictional", RjPart.BOTH),
        ):
            rj.pupil.choose(person, name)
            rj.part.set_value(part)
            rj.add_chosen()
        rj.pupil.search.setText("cal")
        rj.pupil.run_search()
        rj.agreement.setChecked(True)
        rj.outcome.setPlainText("Both agreed to keep apart at break times (demo).")
        rj.show()
        app.processEvents()
        rj.grab().save(str(OUT / "issue7-restorative-justice-form.png"))
        rj.close()
        spocs = SpocsAdminDialog(services, admin, window)
        spocs.show()
        app.processEvents()
        spocs.grab().save(str(OUT / "issue7-spocs-dialog.png"))
        spocs.close()
        print("wrote issue7 screenshots to", OUT)
        window.close()
        opened.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
