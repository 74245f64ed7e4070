"""Renders the assessment, programme and closure dialogs for the README (issue 6).

``python -m tests.screenshots_issue6`` (also run by ``make screenshots``): one fictional
referral on a fresh database with a fixed "now", so the pictures are reproducible.
"""

from __future__ import annotations

import sys
from datetime import timedelta

from tests.screenshot_support import save, scene


def main() -> int:
    from dataclasses import replace

    from diversion_app.domain.assessment import DomainRating
    from diversion_app.domain.enums import (
        AssessmentDomain,
        ConcernRating,
        InterventionStatus,
        InterventionType,
        VisitStatus,
    )
    from diversion_app.domain.programme import InterventionForm
    from diversion_app.domain.timekeeping import london_today
    from diversion_app.ui.casework.assessment_form import AssessmentDialog
    from diversion_app.ui.casework.closure_form import ClosureDialog
    from diversion_app.ui.casework.programme_form import ProgrammeDialog
    from diversion_app.ui.style import STYLE_SHEET
    from tests.casework_helpers import add_visit, full_form, make_case
    from tests.conftest import FIXED_NOW

    with scene(FIXED_NOW, young_people=0, file_name="issue6.db") as empty:
        app, ctx, services = empty.app, empty.ctx, empty.services
        app.setStyleSheet(STYLE_SHEET)
        case = make_case(ctx)
        cw = case.caseworker
        today = london_today(FIXED_NOW)
        notes = {
            AssessmentDomain.FAMILY: (ConcernRating.SOME_CONCERN, "Arguments with step-dad"),
            AssessmentDomain.ASSOCIATIONS: (
                ConcernRating.SIGNIFICANT_CONCERN,
                "Older friends; out late",
            ),
            AssessmentDomain.EDUCATION: (ConcernRating.SOME_CONCERN, "Attendance 82% this term"),
            AssessmentDomain.HEALTH: (ConcernRating.NO_CONCERN, ""),
            AssessmentDomain.SUBSTANCE_USE: (ConcernRating.NO_CONCERN, "Denies any use"),
            AssessmentDomain.LIFESTYLE: (ConcernRating.SOME_CONCERN, "Little to do at weekends"),
            AssessmentDomain.EXPLOITATION: (ConcernRating.NO_CONCERN, ""),
            AssessmentDomain.HARMFUL_SEXUAL_BEHAVIOUR: (ConcernRating.NO_CONCERN, ""),
            AssessmentDomain.VICTIM_ISSUES: (ConcernRating.SOME_CONCERN, "Was bullied in Y7"),
        }
        draft = replace(
            full_form(today - timedelta(days=2), participant_ids=(case.mother_id,)),
            ratings={d: DomainRating(r, n) for d, (r, n) in notes.items()},
            young_person_views="",
        )
        services.assessments.save_draft(cw, case.referral_id, draft)
        assessment = AssessmentDialog(services, cw, case.referral_id)
        assessment.show()
        app.processEvents()
        assessment.complete()  # refused: one domain unrated, no views yet
        app.processEvents()
        save(assessment, "issue6-assessment.png")
        assessment.close()

        services.assessments.complete(cw, case.referral_id, full_form(today - timedelta(days=2)))
        services.programmes.save_programme(
            cw,
            case.referral_id,
            "Get back into football at the Saturday club; put right the harm to the shop; "
            "be in school every day.",
            today + timedelta(days=42),
        )
        mentoring = services.programmes.add_intervention(
            cw,
            case.referral_id,
            InterventionForm(
                InterventionType.MENTORING,
                6,
                provider="YOS mentoring team",
                start_date=today - timedelta(days=1),
            ),
        )
        victim = services.programmes.add_intervention(
            cw,
            case.referral_id,
            InterventionForm(InterventionType.VICTIM_AWARENESS, 3, provider="Seconded officer"),
        )
        services.programmes.add_intervention(
            cw,
            case.referral_id,
            InterventionForm(InterventionType.RJ_INDIRECT, 1, provider="YOS RJ worker"),
        )
        visit = add_visit(
            ctx, case.referral_id, FIXED_NOW - timedelta(hours=4), VisitStatus.COMPLETED
        )
        services.programmes.record_session(
            cw, mentoring.id, today, True, visit_id=visit, notes="Went to the club together"
        )
        services.programmes.record_session(cw, mentoring.id, today, False, notes="Unwell")
        services.programmes.record_session(cw, mentoring.id, today, True)
        services.programmes.record_session(cw, victim.id, today, True)
        programme = ProgrammeDialog(services, cw, case.referral_id)
        programme.show()
        programme.table.selectRow(0)
        app.processEvents()
        save(programme, "issue6-programme.png")
        programme.close()

        add_visit(ctx, case.referral_id, FIXED_NOW + timedelta(days=3, hours=2))
        services.programmes.update_intervention(
            cw,
            victim.id,
            replace(
                InterventionForm(InterventionType.VICTIM_AWARENESS, 3, provider="Seconded officer"),
                status=InterventionStatus.STOPPED,
            ),
        )
        closure = ClosureDialog(services, cw, case.referral_id)
        closure.show()
        app.processEvents()
        save(closure, "issue6-closure.png")
        closure.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
