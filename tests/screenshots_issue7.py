"""Renders the Schools page and the school referral form (issue 7) offscreen to PNG.

Run with ``python -m tests.screenshots_issue7``: a seeded demo database, signed in as the
South SPOC, some school work recorded through the services, then the page and the form.
"""

from __future__ import annotations

import sys
from datetime import date

from tests.screenshot_support import demo_actor, save, scene


def main() -> int:
    from diversion_app.domain.enums import (
        RjPart,
        RjType,
        Role,
        SchoolAction,
        SchoolConcernType,
    )
    from diversion_app.domain.school_rules import RjParticipantDraft
    from diversion_app.services.base.actor import Actor
    from diversion_app.services.schools.work import ActionDraft, RjDraft, SchoolReferralDraft
    from diversion_app.ui.main_window import MainWindow
    from diversion_app.ui.schools.restorative_justice_form import RestorativeJusticeForm
    from diversion_app.ui.schools.school_admin_dialogs import SpocsAdminDialog
    from diversion_app.ui.schools.school_referral_form import SchoolReferralForm
    from diversion_app.ui.schools.schools_page import SchoolsPage

    with scene() as demo:
        app, services = demo.app, demo.services
        spoc = demo_actor(demo.ctx, "spoc.south", Role.SPOC)
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
        save(window, "issue7-schools-page.png")
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
        save(form, "issue7-school-referral-form.png")
        young = pupil("Dee", "Example", date(2019, 2, 2))
        form.pupil.choose(young, "Dee Example")
        form.action.action.set_value(SchoolAction.REFER_PREVENTION)
        form.save()
        app.processEvents()
        save(form, "issue7-school-referral-refused.png")
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
        save(rj, "issue7-restorative-justice-form.png")
        rj.close()
        spocs = SpocsAdminDialog(services, admin, window)
        spocs.show()
        app.processEvents()
        save(spocs, "issue7-spocs-dialog.png")
        spocs.close()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
