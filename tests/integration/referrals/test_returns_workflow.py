"""Deadlines, snapshots, police outcome, the Outcome 22 task and Turnaround, through services."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from diversion_app.domain.closure import ClosureForm
from diversion_app.domain.enums import (
    ClosureOutcome,
    Pathway,
    ReferralReason,
    ReferralSource,
    ReferralStatus,
    Role,
)
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.police_outcome import OutcomeCode, PoliceOutcomeForm, VictimContact
from diversion_app.domain.snapshot import (
    Answer,
    EteType,
    SendPlan,
    Snapshot,
    SocialCareStatus,
    Suitability,
)
from diversion_app.domain.turnaround import TurnaroundEvent
from diversion_app.domain.working_days import DeadlineState
from diversion_app.persistence.models import AuditEvent, Referral
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import PermissionDenied
from diversion_app.services.referrals.core import change_status, make_referral
from diversion_app.services.referrals.turnaround import TurnaroundInputs
from diversion_app.services.registry import Services
from tests.casework_helpers import add_cr, full_form, make_case
from tests.conftest import MovableClock
from tests.factories import add_child, add_user, referral_draft

CHRISTMAS_EVE = datetime(2026, 12, 24, 10, 0, tzinfo=UTC)


def test_a_christmas_eve_referral_has_its_working_day_deadlines(
    services: Services, clock: MovableClock
) -> None:
    clock.current = CHRISTMAS_EVE + timedelta(hours=1)
    officer = add_user(services.ctx, "pc.one", "PC One", Role.OFFICER)
    person = add_child(services.ctx, date(2012, 3, 1))
    cr = add_cr(services.ctx, person, date(2026, 12, 20), "CR/1")
    draft = referral_draft(
        person,
        CHRISTMAS_EVE,
        pathway=Pathway.DIVERSION,
        source=ReferralSource.POLICE,
        reasons=(ReferralReason.OFFENCE,),
        community_resolution_id=cr,
    )
    made = make_referral(services.ctx, officer, draft)
    deadlines = services.deadlines.for_referral(officer, made.id)
    assert deadlines.assessment.due_on == date(2027, 1, 12)
    assert deadlines.recommendation.due_on == date(2027, 1, 19)
    assert deadlines.assessment.state is DeadlineState.ON_TRACK
    # an administrator closes the office on 4 January: both deadlines move a day
    admin = add_user(services.ctx, "admin", "Admin", Role.ADMINISTRATOR)
    assert services.deadlines.set_closure_days(admin, [date(2027, 1, 4)]) == 1
    moved = services.deadlines.for_referral(officer, made.id)
    assert moved.assessment.due_on == date(2027, 1, 13)
    assert moved.recommendation.due_on == date(2027, 1, 20)
    with pytest.raises(ValidationError) as raised:
        services.deadlines.set_closure_days(admin, [date(2027, 1, 1)])
    assert "already a bank holiday" in raised.value.problems["closure_days"]
    with pytest.raises(PermissionDenied):
        services.deadlines.set_closure_days(officer, [date(2027, 1, 5)])
    # a week after the due day, the assessment is overdue
    clock.current = datetime(2027, 1, 20, 9, 0, tzinfo=UTC)
    late = services.deadlines.for_referral(officer, made.id)
    assert late.assessment.state is DeadlineState.OVERDUE
    assert late.assessment.summary == "overdue by 5 working days (due 13/01/2027)"


def test_a_prevention_referral_has_no_recommendation_deadline(
    services: Services, clock: MovableClock
) -> None:
    case = make_case(services.ctx)
    deadlines = services.deadlines.for_referral(case.supervisor, case.referral_id)
    assert deadlines.recommendation.state is DeadlineState.NOT_APPLICABLE
    with pytest.raises(ValidationError):
        services.deadlines.record_recommendation_sent(
            case.caseworker, case.referral_id, clock().date()
        )


def test_completing_the_assessment_meets_the_deadline_and_saves_the_start_snapshot(
    services: Services, clock: MovableClock
) -> None:
    case = make_case(services.ctx)  # received 10 days ago: assessment due in 10 working days
    start = Snapshot(
        accommodation=Suitability.SUITABLE,
        ete_type=EteType.SCHOOL_FULL_TIME,
        ete_suitable=Answer.YES,
        ete_hours_offered=25,
        ete_hours_attended=18,
        send_identified=Answer.YES,
        send_plan=SendPlan.SEN_SUPPORT,
        social_care=SocialCareStatus.CHILD_IN_NEED,
    )
    bad = Snapshot(ete_hours_offered=10, ete_hours_attended=12)
    with pytest.raises(ValidationError) as raised:
        services.assessments.complete(
            case.caseworker, case.referral_id, full_form(clock().date()), bad
        )
    assert "snapshot.ete_hours_attended" in raised.value.problems
    assert services.snapshots.for_referral(case.caseworker, case.referral_id).start is None
    services.assessments.complete(
        case.caseworker, case.referral_id, full_form(clock().date()), start
    )
    pair = services.snapshots.for_referral(case.caseworker, case.referral_id)
    assert pair.start == start and pair.end is None and pair.end_prefill == start
    deadlines = services.deadlines.for_referral(case.caseworker, case.referral_id)
    assert deadlines.assessment.state is DeadlineState.MET
    assert deadlines.assessment.done_on == clock().date()
    with services.ctx.read_only() as session:
        kinds = {row.entity for row in session.query(AuditEvent)}
    assert "start_snapshot" in kinds


def _diversion_case(services: Services, clock: MovableClock) -> tuple[int, Actor, Actor, Actor]:
    officer = add_user(services.ctx, "pc.two", "PC Two", Role.OFFICER)
    caseworker = add_user(services.ctx, "cw.two", "Casey Two", Role.CASEWORKER)
    supervisor = add_user(services.ctx, "sup.two", "Sam Two", Role.SUPERVISOR)
    person = add_child(services.ctx, date(2012, 3, 1))
    cr = add_cr(services.ctx, person, clock().date() - timedelta(days=20), "CR/9")
    draft = referral_draft(
        person,
        clock() - timedelta(days=14),
        pathway=Pathway.DIVERSION,
        source=ReferralSource.POLICE,
        reasons=(ReferralReason.OFFENCE,),
        community_resolution_id=cr,
    )
    made = make_referral(services.ctx, officer, draft)
    with services.ctx.unit_of_work() as session:
        referral = session.get(Referral, made.id)
        assert referral is not None
        referral.caseworker_id = caseworker.user_id
        change_status(session, supervisor, referral, ReferralStatus.ALLOCATED, clock())
    return made.id, officer, caseworker, supervisor


def test_a_completed_diversion_programme_puts_outcome_22_on_the_officers_dashboard(
    services: Services, clock: MovableClock
) -> None:
    referral_id, officer, caseworker, supervisor = _diversion_case(services, clock)
    services.police_outcome.save(
        officer,
        referral_id,
        PoliceOutcomeForm(None, 2, VictimContact(Answer.YES, Answer.YES, Answer.NO, Answer.YES)),
    )
    end = Snapshot(accommodation=Suitability.SUITABLE, ete_suitable=Answer.YES)
    form = ClosureForm(
        ClosureOutcome.PROGRAMME_COMPLETED, "Finished the programme.", clock().date()
    )
    pending = services.closures.request(caseworker, referral_id, form, end)
    assert services.police_outcome.outcome22_tasks(officer) == []
    services.closures.approve(supervisor, pending.id)
    tasks = services.police_outcome.outcome22_tasks(officer)
    assert [(t.referral_id, t.crime_reference) for t in tasks] == [(referral_id, "CR/9")]
    assert services.snapshots.for_referral(caseworker, referral_id).end == end
    # another officer neither sees it nor may tick it off
    other = add_user(services.ctx, "pc.three", "PC Three", Role.OFFICER)
    assert services.police_outcome.outcome22_tasks(other) == []
    with pytest.raises(PermissionDenied):
        services.police_outcome.mark_outcome22_recorded(other, referral_id)
    services.police_outcome.mark_outcome22_recorded(officer, referral_id)
    assert services.police_outcome.outcome22_tasks(officer) == []
    view = services.police_outcome.for_referral(officer, referral_id)
    assert view.form.outcome_code is OutcomeCode.OUTCOME_22
    assert view.form.victim.rj_offered is Answer.YES


def test_a_partly_completed_programme_raises_no_outcome_22_task(
    services: Services, clock: MovableClock
) -> None:
    referral_id, officer, caseworker, supervisor = _diversion_case(services, clock)
    form = ClosureForm(ClosureOutcome.PARTLY_COMPLETED, "Stopped coming.", clock().date())
    pending = services.closures.request(caseworker, referral_id, form)
    services.closures.approve(supervisor, pending.id)
    assert services.police_outcome.outcome22_tasks(officer) == []
    # closed without an end snapshot from the form: every end fact is "not known"
    assert services.snapshots.for_referral(caseworker, referral_id).end == Snapshot()


def test_turnaround_check_and_flag(services: Services, clock: MovableClock) -> None:
    referral_id, officer, _caseworker, _supervisor = _diversion_case(services, clock)
    today = clock().date()
    eligible = TurnaroundInputs(
        TurnaroundEvent.COMMUNITY_RESOLUTION, today - timedelta(days=20), False, False
    )
    view = services.turnaround.check(officer, referral_id, eligible)
    assert view.decision.eligible
    saved = services.turnaround.save(officer, referral_id, eligible, flag=True)
    assert saved.flagged
    not_eligible = TurnaroundInputs(
        TurnaroundEvent.COMMUNITY_RESOLUTION, today - timedelta(days=20), True, False
    )
    with pytest.raises(ValidationError) as raised:
        services.turnaround.save(officer, referral_id, not_eligible, flag=True)
    assert "once per child" in raised.value.problems["flag"]
    assert services.turnaround.check(officer, referral_id).flagged
