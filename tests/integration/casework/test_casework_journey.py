"""One referral from first contact to the 12-month follow-up, through the services."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from diversion_app.domain.assessment import DomainRating
from diversion_app.domain.closure import ClosureBlocked, ClosureForm, FollowUpForm
from diversion_app.domain.community_resolution_rules import CommunityResolutionDraft
from diversion_app.domain.enums import (
    AssessmentDomain,
    AssessmentStatus,
    ClosureOutcome,
    ClosureStatus,
    ConcernRating,
    InterventionStatus,
    InterventionType,
    OffenceCategory,
    ProgrammeStatus,
    ReferralStatus,
    RestorativeAction,
    Role,
    VictimType,
    VisitStatus,
)
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.programme import InterventionForm
from diversion_app.domain.timekeeping import london_today
from diversion_app.persistence.models import AuditEvent, FollowUp, Referral
from diversion_app.services.base.audit import verify_chain
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import Conflict, PermissionDenied
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.casework.follow_ups import auto_fill_follow_up
from diversion_app.services.registry import Services
from tests.casework_helpers import (
    Case,
    add_cr,
    add_user,
    add_visit,
    full_form,
    make_case,
    set_visit_status,
)
from tests.conftest import MovableClock


def _status(ctx: ServiceContext, referral_id: int) -> ReferralStatus:
    with ctx.read_only() as session:
        return session.execute(
            sa.select(Referral.status).where(Referral.id == referral_id)
        ).scalar_one()


def _assessed(services: Services, case: Case) -> None:
    today = london_today(services.ctx.now())
    view = services.assessments.complete(
        case.caseworker, case.referral_id, full_form(today - timedelta(days=3))
    )
    services.assessments.sign_off(case.supervisor, view.id or 0)


def _programme_of_two(services: Services, case: Case) -> tuple[int, int]:
    today = london_today(services.ctx.now())
    services.programmes.save_programme(
        case.caseworker, case.referral_id, "Stay in school; repair the harm.", today + timedelta(42)
    )
    mentoring = services.programmes.add_intervention(
        case.caseworker,
        case.referral_id,
        InterventionForm(InterventionType.MENTORING, 2, provider="YOS mentor", start_date=today),
    )
    victim = services.programmes.add_intervention(
        case.caseworker,
        case.referral_id,
        InterventionForm(InterventionType.VICTIM_AWARENESS, 3, provider="YOS"),
    )
    return mentoring.id, victim.id


def test_one_referral_from_assessment_to_the_twelve_month_follow_up(
    ctx: ServiceContext, services: Services, clock: MovableClock
) -> None:
    case = make_case(ctx)
    cw, sup = case.caseworker, case.supervisor
    today = london_today(ctx.now())

    # draft an assessment, leave, come back and find it as it was left
    partial = replace(
        full_form(today - timedelta(days=2), participant_ids=(case.mother_id,)),
        ratings={AssessmentDomain.FAMILY: DomainRating(ConcernRating.SOME_CONCERN, "Arguments")},
        young_person_views="",
    )
    draft = services.assessments.save_draft(cw, case.referral_id, partial)
    assert draft.status is AssessmentStatus.DRAFT
    clock.advance(days=1)
    resumed = Services.build(ctx).assessments.for_referral(cw, case.referral_id)
    assert resumed.id == draft.id and resumed.editable
    assert resumed.form.ratings[AssessmentDomain.FAMILY] == DomainRating(
        ConcernRating.SOME_CONCERN, "Arguments"
    )
    assert resumed.form.ratings[AssessmentDomain.EDUCATION].rating is None
    assert resumed.form.participant_ids == (case.mother_id,)
    assert [member.name for member in resumed.household] == ["Mary Example", "Grace Example"]

    # refused while a domain is unrated, and while the young person's views are empty
    with pytest.raises(ValidationError) as unrated:
        services.assessments.complete(cw, case.referral_id, resumed.form)
    assert "education and school attendance" in unrated.value.problems["ratings"]
    assert "young_person_views" in unrated.value.problems
    ready = full_form(
        resumed.form.started_on, participant_ids=(case.mother_id, case.grandparent_id)
    )
    no_views = replace(ready, young_person_views="   ")
    with pytest.raises(ValidationError) as empty_views:
        services.assessments.complete(cw, case.referral_id, no_views)
    assert set(empty_views.value.problems) == {"young_person_views"}
    assert _status(ctx, case.referral_id) is ReferralStatus.CONTACTED
    assert services.assessments.for_referral(cw, case.referral_id).status is AssessmentStatus.DRAFT

    # complete: the referral moves to "assessed"; the caseworker cannot sign it off
    completed = services.assessments.complete(cw, case.referral_id, ready)
    assert completed.status is AssessmentStatus.COMPLETED
    assert completed.form.completed_on == london_today(ctx.now())
    assert _status(ctx, case.referral_id) is ReferralStatus.ASSESSED
    with pytest.raises(PermissionDenied):
        services.assessments.sign_off(cw, completed.id or 0)
    signed = services.assessments.sign_off(sup, completed.id or 0)
    assert signed.status is AssessmentStatus.SIGNED_OFF and signed.signed_off_by == sup.display_name
    with pytest.raises(Conflict, match="signed off and cannot be changed"):
        services.assessments.save_draft(cw, case.referral_id, ready)

    # a programme of two interventions; the referral moves to "programme"
    mentoring, victim = _programme_of_two(services, case)
    assert _status(ctx, case.referral_id) is ReferralStatus.PROGRAMME
    past_visit = add_visit(
        ctx, case.referral_id, ctx.now() - timedelta(hours=5), VisitStatus.COMPLETED
    )
    services.programmes.record_session(
        cw, mentoring, london_today(ctx.now()), True, visit_id=past_visit
    )
    services.programmes.record_session(cw, victim, london_today(ctx.now()), False, notes="Ill")
    services.programmes.record_session(cw, victim, london_today(ctx.now()), True)
    view = services.programmes.for_referral(cw, case.referral_id)
    assert [i.progress.words for i in view.interventions] == [
        "1 of 2 sessions attended (50%)",
        "1 of 3 sessions attended (33%)",
    ]
    assert [i.status for i in view.interventions] == [InterventionStatus.ACTIVE] * 2
    sessions = services.programmes.sessions(cw, mentoring)
    assert len(sessions) == 1 and sessions[0].visit.endswith("home, completed")

    # closing waits for the unfinished interventions and the scheduled visit, and says which
    future = add_visit(ctx, case.referral_id, ctx.now() + timedelta(days=3))
    form = ClosureForm(ClosureOutcome.PROGRAMME_COMPLETED, "Engaged well.", london_today(ctx.now()))
    with pytest.raises(ClosureBlocked) as blocked:
        services.closures.request(cw, case.referral_id, form)
    assert len(blocked.value.items) == 3
    message = str(blocked.value)
    assert "mentoring intervention is still active" in message
    assert "victim awareness intervention is still active" in message
    assert "intervention session visit on" in message and "still scheduled" in message
    services.programmes.record_session(cw, mentoring, london_today(ctx.now()), True)
    for intervention in services.programmes.for_referral(cw, case.referral_id).interventions:
        services.programmes.update_intervention(
            cw,
            intervention.id,
            replace(
                intervention.form,
                status=InterventionStatus.COMPLETED,
                end_date=london_today(ctx.now()),
            ),
        )
    assert services.closures.for_referral(cw, case.referral_id).blockers == (
        services.closures.for_referral(cw, case.referral_id).blockers[0],
    )
    set_visit_status(ctx, future, VisitStatus.CANCELLED)
    assert services.closures.for_referral(cw, case.referral_id).blockers == ()

    # close; the caseworker cannot approve it; the supervisor approves
    pending = services.closures.request(cw, case.referral_id, form)
    assert pending.status is ClosureStatus.PENDING_APPROVAL
    with pytest.raises(PermissionDenied):
        services.closures.approve(cw, pending.id)
    approved = services.closures.approve(sup, pending.id)
    assert approved.status is ClosureStatus.APPROVED
    closed_on = form.closed_on
    assert approved.follow_up_due_on == date(closed_on.year + 1, closed_on.month, closed_on.day)
    assert _status(ctx, case.referral_id) is ReferralStatus.CLOSED
    assert services.programmes.for_referral(cw, case.referral_id).status is (
        ProgrammeStatus.COMPLETED
    )

    # the follow-up becomes due 12 months later, and a new CR fills it in
    assert services.follow_ups.count_due(sup) == 0
    clock.advance(days=364)
    assert services.follow_ups.count_due(sup) == 0
    clock.advance(days=1)
    rows = services.follow_ups.page_due(sup, PageRequest())
    assert [(row.closure_id, row.young_person, row.due_on) for row in rows] == [
        (approved.id, "Jamie Example", approved.follow_up_due_on)
    ]
    # the officer records the new CR through the Community Resolution service
    offence = approved.follow_up_due_on - timedelta(days=30)
    recorded = services.community_resolutions.record(
        sup,
        CommunityResolutionDraft(
            young_person_id=case.young_person_id,
            crime_reference="CR/27/004321",
            offence_date=offence.strftime("%d/%m/%Y"),
            offence_category=OffenceCategory.THEFT,
            offence_description="Took a phone from a bag.",
            officer_name="PC Test",
            collar_number="4521",
            accepted_responsibility=True,
            appropriate_adult_present=True,
            victim_type=VictimType.PERSON,
            restorative_actions=(RestorativeAction.APOLOGY,),
            gravity_score=2,
            authorised_by="Sgt Example",
        ),
    )
    cr_id = recorded.id
    assert recorded.follow_up_id is not None
    assert services.follow_ups.count_due(sup) == 0
    follow_up = services.follow_ups.for_closure(sup, approved.id)
    assert follow_up is not None and follow_up.came_to_notice and follow_up.automatic
    assert follow_up.community_resolution_id == cr_id

    # all of it is on the young person's timeline
    timeline = services.young_person_record.open(sup, case.young_person_id).timeline
    titles = [entry.title for entry in timeline]
    assert {"Assessment", "Programme", "Closure", "Follow-up"} <= {e.kind for e in timeline}
    assert "Whole-family assessment signed off" in titles
    assert "12-month follow-up: came to notice again" in titles

    with ctx.read_only() as session:
        entities = set(session.execute(sa.select(AuditEvent.entity)).scalars())
        assert verify_chain(session) == []
    assert {"assessment", "programme", "intervention", "intervention_session", "closure"} <= (
        entities
    )
    assert "follow_up" in entities


# --- bad input, each refused plainly ---------------------------------------------------------


def test_a_completed_date_before_the_started_date_is_refused(
    ctx: ServiceContext, services: Services
) -> None:
    case = make_case(ctx)
    today = london_today(ctx.now())
    form = full_form(today - timedelta(days=1), completed_on=today - timedelta(days=5))
    for action in (services.assessments.save_draft, services.assessments.complete):
        with pytest.raises(ValidationError) as refused:
            action(case.caseworker, case.referral_id, form)
        assert refused.value.problems["completed_on"].startswith(
            "The date completed cannot be before the date started"
        )
    assert services.assessments.for_referral(case.caseworker, case.referral_id).id is None


def test_attending_more_sessions_than_planned_is_refused(
    ctx: ServiceContext, services: Services
) -> None:
    case = make_case(ctx)
    _assessed(services, case)
    mentoring, _ = _programme_of_two(services, case)
    today = london_today(ctx.now())
    services.programmes.record_session(case.caseworker, mentoring, today, True)
    services.programmes.record_session(case.caseworker, mentoring, today, True)
    with pytest.raises(ValidationError) as refused:
        services.programmes.record_session(case.caseworker, mentoring, today, True)
    assert "All 2 planned sessions have already been attended" in str(refused.value)
    current = services.programmes.for_referral(case.caseworker, case.referral_id).interventions[0]
    assert current.attended_sessions == 2
    with pytest.raises(ValidationError) as fewer:
        services.programmes.update_intervention(
            case.caseworker, mentoring, replace(current.form, planned_sessions=1)
        )
    assert fewer.value.problems["planned_sessions"] == (
        "2 sessions have already been attended; plan at least that many."
    )


def _closed_case(services: Services, case: Case) -> int:
    _assessed(services, case)
    today = london_today(services.ctx.now())
    form = ClosureForm(ClosureOutcome.MOVED_OUT_OF_AREA, "Family moved to another county.", today)
    pending = services.closures.request(case.caseworker, case.referral_id, form)
    services.closures.approve(case.supervisor, pending.id)
    return pending.id


def test_closing_an_already_closed_referral_is_refused(
    ctx: ServiceContext, services: Services
) -> None:
    case = make_case(ctx)
    _closed_case(services, case)
    form = ClosureForm(ClosureOutcome.OTHER, "Again.", london_today(ctx.now()))
    with pytest.raises(DomainError) as refused:
        services.closures.request(case.caseworker, case.referral_id, form)
    assert str(refused.value) == "This referral is already closed; it cannot be closed again."
    assert not services.closures.for_referral(case.caseworker, case.referral_id).can_request


def test_nobody_approves_their_own_closure(ctx: ServiceContext, services: Services) -> None:
    case = make_case(ctx)
    _assessed(services, case)
    form = ClosureForm(ClosureOutcome.DID_NOT_ENGAGE, "Did not engage.", london_today(ctx.now()))
    pending = services.closures.request(case.caseworker, case.referral_id, form)
    with pytest.raises(PermissionDenied) as caseworker:
        services.closures.approve(case.caseworker, pending.id)
    assert "approve or sign off work" in str(caseworker.value)
    services.closures.return_for_changes(case.supervisor, pending.id, "Try one more home visit.")
    # a supervisor who asks for a closure cannot approve it either; a second one can
    again = services.closures.request(case.supervisor, case.referral_id, form)
    with pytest.raises(PermissionDenied) as own:
        services.closures.approve(case.supervisor, again.id)
    assert "approve a closure you asked for yourself" in str(own.value)
    assert services.closures.approve(case.second_supervisor, again.id).status is (
        ClosureStatus.APPROVED
    )
    with ctx.read_only() as session:
        refusals = session.execute(
            sa.select(sa.func.count()).where(AuditEvent.action == "refused")
        ).scalar_one()
    assert refusals == 2


def test_a_caseworker_cannot_work_someone_elses_referral(
    ctx: ServiceContext, services: Services
) -> None:
    case = make_case(ctx)
    other = add_user(ctx, "cw.other", "Other Worker", Role.CASEWORKER)
    with pytest.raises(PermissionDenied):
        services.assessments.save_draft(other, case.referral_id, full_form(london_today(ctx.now())))


def test_programme_waits_for_the_assessment(ctx: ServiceContext, services: Services) -> None:
    case = make_case(ctx)
    with pytest.raises(DomainError) as refused:
        services.programmes.save_programme(case.caseworker, case.referral_id, "Goals", None)
    assert "Complete the whole-family assessment" in str(refused.value)


def test_a_returned_assessment_can_be_changed_and_completed_again(
    ctx: ServiceContext, services: Services
) -> None:
    case = make_case(ctx)
    today = london_today(ctx.now())
    done = services.assessments.complete(case.caseworker, case.referral_id, full_form(today))
    with pytest.raises(ValidationError):
        services.assessments.return_for_changes(case.supervisor, done.id or 0, " ")
    returned = services.assessments.return_for_changes(
        case.supervisor, done.id or 0, "Add the school's view."
    )
    assert returned.status is AssessmentStatus.RETURNED and returned.editable
    assert returned.return_comment == "Add the school's view."
    again = services.assessments.complete(
        case.caseworker, case.referral_id, replace(returned.form, strengths="School says: kind.")
    )
    assert again.status is AssessmentStatus.COMPLETED and again.id == done.id


# --- the follow-up ---------------------------------------------------------------------------


def test_a_cr_outside_the_twelve_months_does_not_fill_the_follow_up(
    ctx: ServiceContext, services: Services
) -> None:
    case = make_case(ctx)
    closure_id = _closed_case(services, case)
    due = services.closures.for_referral(case.supervisor, case.referral_id)
    assert due.latest is not None
    late = due.latest.follow_up_due_on + timedelta(days=1)
    before_closure = due.latest.closed_on
    crs = [
        (add_cr(ctx, case.young_person_id, offence, ref), offence)
        for offence, ref in ((late, "LATE"), (before_closure, "SAME-DAY"))
    ]  # each in its own transaction, before the one below (one write transaction at a time)
    with ctx.unit_of_work() as session:
        for cr, offence in crs:
            assert (
                auto_fill_follow_up(
                    session, case.supervisor, case.young_person_id, cr, offence, ctx.now()
                )
                is None
            )
        assert session.execute(sa.select(FollowUp)).first() is None
    assert services.follow_ups.for_closure(case.supervisor, closure_id) is None


def test_recording_a_follow_up_by_hand(
    ctx: ServiceContext, services: Services, clock: MovableClock
) -> None:
    case = make_case(ctx)
    closure_id = _closed_case(services, case)
    with pytest.raises(ValidationError) as early:
        services.follow_ups.record(case.caseworker, closure_id, FollowUpForm(False))
    assert "is not due until" in early.value.problems["came_to_notice"]
    with pytest.raises(ValidationError) as vague:
        services.follow_ups.record(case.caseworker, closure_id, FollowUpForm(True))
    assert "Say how the young person came to notice again" in vague.value.problems["details"]
    clock.advance(days=370)
    assert [
        row.closure_id for row in services.follow_ups.page_due(case.supervisor, PageRequest())
    ] == [closure_id]
    recorded = services.follow_ups.record(case.caseworker, closure_id, FollowUpForm(False))
    assert not recorded.came_to_notice and not recorded.automatic
    assert services.follow_ups.count_due(case.supervisor) == 0
    # a CR inside the window found later corrects a "no"
    cr = add_cr(
        ctx, case.young_person_id, london_today(ctx.now()) - timedelta(days=100), "LATE-FOUND"
    )
    with ctx.unit_of_work() as session:
        assert (
            auto_fill_follow_up(
                session,
                case.supervisor,
                case.young_person_id,
                cr,
                london_today(ctx.now()) - timedelta(days=100),
                ctx.now(),
            )
            == recorded.id
        )
    corrected = services.follow_ups.for_closure(case.supervisor, closure_id)
    assert corrected is not None and corrected.came_to_notice and corrected.automatic


def test_a_passed_review_date_does_not_block_changing_the_goals(
    ctx: ServiceContext, services: Services, clock: MovableClock
) -> None:
    case = make_case(ctx)
    _assessed(services, case)
    today = london_today(ctx.now())
    with pytest.raises(ValidationError) as past:
        services.programmes.save_programme(
            case.caseworker, case.referral_id, "Goals", today - timedelta(days=1)
        )
    assert past.value.problems == {"review_date": "The review date cannot be in the past."}
    services.programmes.save_programme(
        case.caseworker, case.referral_id, "Goals", today + timedelta(days=7)
    )
    clock.advance(days=30)
    view = services.programmes.save_programme(
        case.caseworker, case.referral_id, "Goals, reworded", today + timedelta(days=7)
    )
    assert view.goals == "Goals, reworded"
