"""Every editing service refuses a save made from a stale read, on one real SQLite file.

Each row of ``CASES`` is one editing function. Person A reads the record (its edit stamp,
as the form would when it opens), person B changes it through a second set of services
on a second connection to the same file (as on another computer), then A saves from the
stale read: the save is refused naming B and when, and the database keeps B's change.
A table is used so a new editing function is one more row, and none can be missed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from diversion_app.domain.access_rules import AccessReason
from diversion_app.domain.closure import ClosureForm
from diversion_app.domain.community_resolution_rules import (
    CommunityResolutionDraft,
    CrimeReferenceFormat,
)
from diversion_app.domain.enums import (
    Area,
    ClosureOutcome,
    ClosureStatus,
    InterventionType,
    ReferralStatus,
    Relationship,
    RestorativeAction,
    Role,
    SchoolAction,
    SchoolConcernType,
    SchoolType,
    VisitStatus,
)
from diversion_app.domain.errors import DomainError
from diversion_app.domain.police_outcome import PoliceOutcomeForm, VictimContact
from diversion_app.domain.programme import InterventionForm
from diversion_app.domain.retention import DisposalType
from diversion_app.domain.school_rules import SchoolDraft
from diversion_app.domain.snapshot import Answer
from diversion_app.domain.timekeeping import london_today
from diversion_app.domain.turnaround import TurnaroundEvent
from diversion_app.domain.young_person_rules import MemberDraft
from diversion_app.persistence.models import CommunityResolution, Referral
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.base.stale import StaleRecord
from diversion_app.services.casework.visits import VisitOutcome
from diversion_app.services.referrals.turnaround import TurnaroundInputs
from diversion_app.services.registry import Services
from diversion_app.services.schools.work import ActionDraft, SchoolReferralDraft
from tests.casework_helpers import Case, add_cr, add_visit, full_form, make_case
from tests.conftest import MovableClock
from tests.factories import add_child, add_user
from tests.integration.school_fixtures import add_spoc, pupil


@dataclass
class Two:
    """Person A's services and person B's (a second engine on the same file)."""

    mine: Services
    theirs: Services
    clock: MovableClock


@dataclass(frozen=True)
class Edit:
    """One editing function: how A reads, how B changes, how A saves, what B left."""

    read: Callable[[], str]
    """A opens the form: the edit stamp it keeps."""
    change: Callable[[], object]
    """B saves a change from their own screen."""
    save: Callable[[str], object]
    """A saves with the stamp read earlier."""
    kept: Callable[[], bool]
    """B's change is still in the database."""
    by: str
    """B's name, as the refusal should give it."""


@pytest.fixture
def two(services: Services, their_services: Services, clock: MovableClock) -> Two:
    return Two(services, their_services, clock)


def _case(two: Two) -> Case:
    return make_case(two.mine.ctx)


# --- casework -----------------------------------------------------------------------------


def _visit_outcome(two: Two) -> Edit:
    case = _case(two)
    visit_id = add_visit(two.mine.ctx, case.referral_id, two.clock() - timedelta(hours=3))
    cancelled = VisitOutcome(VisitStatus.CANCELLED, cancelled_by="Family", notes="Ill")
    return Edit(
        read=lambda: two.mine.visits.visit(case.caseworker, visit_id).edit_stamp,
        change=lambda: two.theirs.visits.record_outcome(case.supervisor, visit_id, cancelled),
        save=lambda stamp: two.mine.visits.record_outcome(
            case.caseworker,
            visit_id,
            VisitOutcome(VisitStatus.DID_NOT_ATTEND, notes="Nobody in"),
            edit_stamp=stamp,
        ),
        kept=lambda: (
            two.mine.visits.visit(case.supervisor, visit_id).status is VisitStatus.CANCELLED
        ),
        by="Sam Supervisor",
    )


def _visit_reschedule(two: Two) -> Edit:
    case = _case(two)
    start = two.clock() + timedelta(days=2)
    visit_id = add_visit(two.mine.ctx, case.referral_id, start)
    cancelled = VisitOutcome(VisitStatus.CANCELLED, cancelled_by="Family", notes="Away")
    later = start + timedelta(days=1)
    return Edit(
        read=lambda: two.mine.visits.visit(case.caseworker, visit_id).edit_stamp,
        change=lambda: two.theirs.visits.record_outcome(case.supervisor, visit_id, cancelled),
        save=lambda stamp: two.mine.visits.reschedule(
            case.caseworker,
            visit_id,
            later,
            later + timedelta(hours=1),
            "School trip",
            confirm=True,
            edit_stamp=stamp,
        ),
        kept=lambda: (
            two.mine.visits.visit(case.supervisor, visit_id).status is VisitStatus.CANCELLED
        ),
        by="Sam Supervisor",
    )


def _assessment_draft(two: Two) -> Edit:
    case = _case(two)
    today = london_today(two.clock())
    theirs = full_form(today, conclusion="Sam's conclusion")
    return Edit(  # nobody had started it when A opened the form
        read=lambda: (
            two.mine.assessments.for_referral(case.caseworker, case.referral_id).edit_stamp
        ),
        change=lambda: two.theirs.assessments.save_draft(case.supervisor, case.referral_id, theirs),
        save=lambda stamp: two.mine.assessments.save_draft(
            case.caseworker,
            case.referral_id,
            full_form(today, conclusion="Casey's conclusion"),
            edit_stamp=stamp,
        ),
        kept=lambda: (
            two.mine.assessments.for_referral(case.supervisor, case.referral_id).form.conclusion
            == "Sam's conclusion"
        ),
        by="Sam Supervisor",
    )


def _assessment_complete(two: Two) -> Edit:
    case = _case(two)
    today = london_today(two.clock())
    two.mine.assessments.save_draft(case.caseworker, case.referral_id, full_form(today))
    theirs = full_form(today, conclusion="Sam's conclusion")
    return Edit(
        read=lambda: (
            two.mine.assessments.for_referral(case.caseworker, case.referral_id).edit_stamp
        ),
        change=lambda: two.theirs.assessments.save_draft(case.supervisor, case.referral_id, theirs),
        save=lambda stamp: two.mine.assessments.complete(
            case.caseworker, case.referral_id, full_form(today), edit_stamp=stamp
        ),
        kept=lambda: (
            two.mine.assessments.for_referral(case.supervisor, case.referral_id).form.conclusion
            == "Sam's conclusion"
        ),
        by="Sam Supervisor",
    )


def _completed_assessment(two: Two) -> tuple[Case, int]:
    case = _case(two)
    today = london_today(two.clock())
    view = two.mine.assessments.complete(case.caseworker, case.referral_id, full_form(today))
    assert view.id is not None
    return case, view.id


def _assessment_sign_off(two: Two) -> Edit:
    case, assessment_id = _completed_assessment(two)
    return Edit(
        read=lambda: (
            two.mine.assessments.for_referral(case.supervisor, case.referral_id).edit_stamp
        ),
        change=lambda: two.theirs.assessments.return_for_changes(
            case.second_supervisor, assessment_id, "Ask the grandmother too."
        ),
        save=lambda stamp: two.mine.assessments.sign_off(
            case.supervisor, assessment_id, edit_stamp=stamp
        ),
        kept=lambda: (
            two.mine.assessments.for_referral(case.supervisor, case.referral_id).return_comment
            == "Ask the grandmother too."
        ),
        by="Sergeant Second",
    )


def _assessment_return(two: Two) -> Edit:
    case, assessment_id = _completed_assessment(two)
    return Edit(
        read=lambda: (
            two.mine.assessments.for_referral(case.supervisor, case.referral_id).edit_stamp
        ),
        change=lambda: two.theirs.assessments.sign_off(case.second_supervisor, assessment_id),
        save=lambda stamp: two.mine.assessments.return_for_changes(
            case.supervisor, assessment_id, "More on school.", edit_stamp=stamp
        ),
        kept=lambda: (
            two.mine.assessments.for_referral(case.supervisor, case.referral_id).signed_off_by
            == "Sergeant Second"
        ),
        by="Sergeant Second",
    )


def _programme(two: Two) -> Edit:
    case, _ = _completed_assessment(two)
    review = london_today(two.clock()) + timedelta(days=42)
    programmes = two.mine.programmes
    programmes.save_programme(case.caseworker, case.referral_id, "Stay in school.", review)
    return Edit(
        read=lambda: programmes.for_referral(case.caseworker, case.referral_id).edit_stamp,
        change=lambda: two.theirs.programmes.save_programme(
            case.supervisor, case.referral_id, "Stay in school; repair the harm.", review
        ),
        save=lambda stamp: programmes.save_programme(
            case.caseworker, case.referral_id, "Join the football club.", review, edit_stamp=stamp
        ),
        kept=lambda: (
            programmes.for_referral(case.supervisor, case.referral_id).goals
            == "Stay in school; repair the harm."
        ),
        by="Sam Supervisor",
    )


def _intervention(two: Two) -> Edit:
    case, _ = _completed_assessment(two)
    today = london_today(two.clock())
    programmes = two.mine.programmes
    programmes.save_programme(case.caseworker, case.referral_id, "Goals.", today + timedelta(9))
    made = programmes.add_intervention(
        case.caseworker, case.referral_id, InterventionForm(InterventionType.MENTORING, 4)
    )

    def provider() -> str:
        view = programmes.for_referral(case.supervisor, case.referral_id)
        return view.interventions[0].provider

    def stamp() -> str:
        return (
            programmes.for_referral(case.caseworker, case.referral_id).interventions[0].edit_stamp
        )

    return Edit(
        read=stamp,
        change=lambda: two.theirs.programmes.update_intervention(
            case.supervisor, made.id, InterventionForm(InterventionType.MENTORING, 6, "Mentors Ltd")
        ),
        save=lambda stamp: programmes.update_intervention(
            case.caseworker,
            made.id,
            InterventionForm(InterventionType.MENTORING, 4, "YOS"),
            edit_stamp=stamp,
        ),
        kept=lambda: provider() == "Mentors Ltd",
        by="Sam Supervisor",
    )


def _closure_request(two: Two) -> Edit:
    case = _case(two)
    today = london_today(two.clock())
    closures = two.mine.closures
    return Edit(
        read=lambda: closures.for_referral(case.caseworker, case.referral_id).edit_stamp,
        change=lambda: two.theirs.closures.request(
            case.supervisor,
            case.referral_id,
            ClosureForm(ClosureOutcome.MOVED_OUT_OF_AREA, "Family moved away.", today),
        ),
        save=lambda stamp: closures.request(
            case.caseworker,
            case.referral_id,
            ClosureForm(ClosureOutcome.OTHER, "Casey's summary.", today),
            edit_stamp=stamp,
        ),
        kept=lambda: _closure_summary(two, case) == "Family moved away.",
        by="Sam Supervisor",
    )


def _closure_summary(two: Two, case: Case) -> str:
    latest = two.mine.closures.for_referral(case.supervisor, case.referral_id).latest
    return "" if latest is None else latest.exit_summary


def _requested_closure(two: Two) -> tuple[Case, int]:
    case = _case(two)
    today = london_today(two.clock())
    view = two.mine.closures.request(
        case.caseworker,
        case.referral_id,
        ClosureForm(ClosureOutcome.MOVED_OUT_OF_AREA, "Family moved away.", today),
    )
    return case, view.id


def _latest_closure_status(two: Two, case: Case) -> ClosureStatus | None:
    latest = two.mine.closures.for_referral(case.supervisor, case.referral_id).latest
    return None if latest is None else latest.status


def _closure_stamp(two: Two, case: Case) -> str:
    latest = two.mine.closures.for_referral(case.supervisor, case.referral_id).latest
    assert latest is not None
    return latest.edit_stamp


def _closure_approve(two: Two) -> Edit:
    case, closure_id = _requested_closure(two)
    return Edit(
        read=lambda: _closure_stamp(two, case),
        change=lambda: two.theirs.closures.return_for_changes(
            case.second_supervisor, closure_id, "Say where they moved to."
        ),
        save=lambda stamp: two.mine.closures.approve(case.supervisor, closure_id, edit_stamp=stamp),
        kept=lambda: _latest_closure_status(two, case) is ClosureStatus.RETURNED,
        by="Sergeant Second",
    )


def _closure_return(two: Two) -> Edit:
    case, closure_id = _requested_closure(two)
    return Edit(
        read=lambda: _closure_stamp(two, case),
        change=lambda: two.theirs.closures.approve(case.second_supervisor, closure_id),
        save=lambda stamp: two.mine.closures.return_for_changes(
            case.supervisor, closure_id, "Not yet.", edit_stamp=stamp
        ),
        kept=lambda: _latest_closure_status(two, case) is ClosureStatus.APPROVED,
        by="Sergeant Second",
    )


# --- Community Resolutions ----------------------------------------------------------------


def _cr(two: Two) -> tuple[Actor, int]:
    case = _case(two)
    officer = add_user(two.mine.ctx, "pc.one", "Pat Constable", Role.OFFICER)
    cr_id = add_cr(
        two.mine.ctx, case.young_person_id, london_today(two.clock()) - timedelta(9), "CR/26/012345"
    )
    return officer, cr_id


def _both_say_why(two: Two, cr_id: int, *officers: Actor) -> None:
    """Neither officer recorded this CR, so each gives a reason to open it (need to know)."""
    with two.mine.ctx.read_only() as session:
        young_person_id = session.get(CommunityResolution, cr_id).young_person_id
    for officer in officers:
        two.mine.access.justify(officer, young_person_id, AccessReason.DUTY)


def _agreed(draft: CommunityResolutionDraft) -> CommunityResolutionDraft:
    return dataclasses.replace(draft, restorative_actions=(RestorativeAction.APOLOGY,))


def _cr_correct(two: Two) -> Edit:
    officer, cr_id = _cr(two)
    other = add_user(two.mine.ctx, "pc.two", "Robin Constable", Role.OFFICER)
    _both_say_why(two, cr_id, officer, other)
    changes = two.mine.cr_changes
    return Edit(
        read=lambda: changes.draft_of(officer, cr_id).edit_stamp,
        change=lambda: two.theirs.cr_changes.correct(
            other,
            cr_id,
            dataclasses.replace(_agreed(changes.draft_of(other, cr_id)), location="High Street"),
            "Location was missed.",
        ),
        save=lambda stamp: changes.correct(
            officer,
            cr_id,
            dataclasses.replace(
                _agreed(changes.draft_of(officer, cr_id)),
                location="Market Square",
                edit_stamp=stamp,
            ),
            "Location was wrong.",
        ),
        kept=lambda: changes.draft_of(officer, cr_id).location == "High Street",
        by="Robin Constable",
    )


def _cr_withdraw(two: Two) -> Edit:
    officer, cr_id = _cr(two)
    other = add_user(two.mine.ctx, "pc.two", "Robin Constable", Role.OFFICER)
    _both_say_why(two, cr_id, officer, other)
    changes = two.mine.cr_changes
    return Edit(
        read=lambda: changes.draft_of(officer, cr_id).edit_stamp,
        change=lambda: two.theirs.cr_changes.correct(
            other,
            cr_id,
            dataclasses.replace(_agreed(changes.draft_of(other, cr_id)), collar_number="4321"),
            "Collar number typo.",
        ),
        save=lambda stamp: changes.withdraw(
            officer, cr_id, "Recorded against the wrong child.", edit_stamp=stamp
        ),
        kept=lambda: changes.draft_of(officer, cr_id).collar_number == "4321",
        by="Robin Constable",
    )


# --- schools ------------------------------------------------------------------------------


def _admins(two: Two) -> tuple[Actor, Actor]:
    return (
        add_user(two.mine.ctx, "admin.a", "Alex Admin", Role.ADMINISTRATOR),
        add_user(two.mine.ctx, "admin.b", "Bea Admin", Role.ADMINISTRATOR),
    )


def _school_update(two: Two) -> Edit:
    mine, theirs = _admins(two)
    admin = two.mine.school_admin
    school = admin.create_school(mine, SchoolDraft("Hillside", Area.SOUTH, SchoolType.ACADEMY))
    return Edit(
        read=lambda: admin.school(mine, school.id).edit_stamp,
        change=lambda: two.theirs.school_admin.update_school(
            theirs, school.id, SchoolDraft("Hillside", Area.SOUTH, SchoolType.ACADEMY, phone="0101")
        ),
        save=lambda stamp: admin.update_school(
            mine,
            school.id,
            SchoolDraft("Hillside Academy", Area.SOUTH, SchoolType.ACADEMY),
            edit_stamp=stamp,
        ),
        kept=lambda: admin.school(mine, school.id).phone == "0101",
        by="Bea Admin",
    )


def _school_active(two: Two) -> Edit:
    mine, theirs = _admins(two)
    admin = two.mine.school_admin
    school = admin.create_school(mine, SchoolDraft("Hillside", Area.SOUTH, SchoolType.ACADEMY))
    return Edit(
        read=lambda: admin.school(mine, school.id).edit_stamp,
        change=lambda: two.theirs.school_admin.update_school(
            theirs, school.id, SchoolDraft("Hillside", Area.EAST, SchoolType.ACADEMY)
        ),
        save=lambda stamp: admin.set_school_active(mine, school.id, False, edit_stamp=stamp),
        kept=lambda: admin.school(mine, school.id).active,
        by="Bea Admin",
    )


def _spoc_stamp(two: Two, admin: Actor) -> str:
    return two.mine.school_admin.spocs(admin)[0].edit_stamp


def _spoc_area(two: Two) -> Edit:
    mine, theirs = _admins(two)
    spoc = add_spoc(two.mine.ctx, "spoc.s", "PCSO South", Area.SOUTH)
    spoc_id = two.mine.school_admin.spocs(mine)[0].id
    assert spoc.user_id is not None
    return Edit(
        read=lambda: _spoc_stamp(two, mine),
        change=lambda: two.theirs.school_admin.change_spoc_area(theirs, spoc_id, Area.WEST),
        save=lambda stamp: two.mine.school_admin.change_spoc_area(
            mine, spoc_id, Area.EAST, edit_stamp=stamp
        ),
        kept=lambda: two.mine.school_admin.spocs(mine)[0].area is Area.WEST,
        by="Bea Admin",
    )


def _spoc_stand_down(two: Two) -> Edit:
    mine, theirs = _admins(two)
    add_spoc(two.mine.ctx, "spoc.s", "PCSO South", Area.SOUTH)
    spoc_id = two.mine.school_admin.spocs(mine)[0].id
    return Edit(
        read=lambda: _spoc_stamp(two, mine),
        change=lambda: two.theirs.school_admin.change_spoc_area(theirs, spoc_id, Area.WEST),
        save=lambda stamp: two.mine.school_admin.stand_down_spoc(mine, spoc_id, edit_stamp=stamp),
        kept=lambda: two.mine.school_admin.spocs(mine)[0].active,
        by="Bea Admin",
    )


def _school_referral(two: Two) -> tuple[Actor, Actor, int]:
    mine, _ = _admins(two)
    spoc = add_spoc(two.mine.ctx, "spoc.s", "PCSO South", Area.SOUTH)
    supervisor = add_user(two.mine.ctx, "sup.s", "Sky Supervisor", Role.SUPERVISOR)
    school = two.mine.school_admin.create_school(
        mine, SchoolDraft("Hillside", Area.SOUTH, SchoolType.ACADEMY)
    )
    person = pupil(two.mine, spoc, school.id, "Mo", date(2012, 2, 2))
    record = two.mine.school_work.record_school_referral(
        spoc,
        SchoolReferralDraft(
            school_id=school.id,
            young_person_id=person,
            concern_date=london_today(two.clock()) - timedelta(days=1),
            raised_by="Head of Year 8",
            concern_type=SchoolConcernType.BULLYING,
            description="Name-calling in the playground.",
        ),
    )
    return spoc, supervisor, record.id


def _school_referral_action(two: Two) -> Edit:
    spoc, supervisor, record_id = _school_referral(two)
    work = two.mine.school_work
    return Edit(
        read=lambda: work.school_referral(spoc, record_id).edit_stamp,
        change=lambda: two.theirs.school_work.set_open(supervisor, record_id, False),
        save=lambda stamp: work.take_action(
            spoc,
            record_id,
            ActionDraft(SchoolAction.ADVICE, notes="Spoke to him"),
            edit_stamp=stamp,
        ),
        kept=lambda: not work.school_referral(spoc, record_id).open,
        by="Sky Supervisor",
    )


def _school_referral_open(two: Two) -> Edit:
    spoc, supervisor, record_id = _school_referral(two)
    work = two.mine.school_work
    return Edit(
        read=lambda: work.school_referral(spoc, record_id).edit_stamp,
        change=lambda: two.theirs.school_work.take_action(
            supervisor, record_id, ActionDraft(SchoolAction.ADVICE, notes="Advice given")
        ),
        save=lambda stamp: work.set_open(spoc, record_id, False, edit_stamp=stamp),
        kept=lambda: work.school_referral(spoc, record_id).open,
        by="Sky Supervisor",
    )


# --- referrals ----------------------------------------------------------------------------


def _police_outcome(two: Two) -> Edit:
    case = _case(two)
    outcomes = two.mine.police_outcome

    def form(gravity: int) -> PoliceOutcomeForm:
        return PoliceOutcomeForm(None, gravity, VictimContact(Answer.YES))

    return Edit(
        read=lambda: outcomes.for_referral(case.supervisor, case.referral_id).edit_stamp,
        change=lambda: two.theirs.police_outcome.save(
            case.second_supervisor, case.referral_id, form(3)
        ),
        save=lambda stamp: outcomes.save(
            case.supervisor, case.referral_id, form(2), edit_stamp=stamp
        ),
        kept=lambda: (
            outcomes.for_referral(case.supervisor, case.referral_id).form.gravity_score == 3
        ),
        by="Sergeant Second",
    )


def _turnaround(two: Two) -> Edit:
    case = _case(two)
    turnaround = two.mine.turnaround
    day = london_today(two.clock()) - timedelta(days=20)

    def inputs(referred_before: bool) -> TurnaroundInputs:
        return TurnaroundInputs(TurnaroundEvent.COMMUNITY_RESOLUTION, day, referred_before, False)

    return Edit(
        read=lambda: turnaround.check(case.supervisor, case.referral_id).edit_stamp,
        change=lambda: two.theirs.turnaround.save(
            case.second_supervisor, case.referral_id, inputs(True), False
        ),
        save=lambda stamp: turnaround.save(
            case.supervisor, case.referral_id, inputs(False), False, edit_stamp=stamp
        ),
        kept=lambda: turnaround.check(case.supervisor, case.referral_id).inputs.referred_before,
        by="Sergeant Second",
    )


def _referral_stamp(two: Two, case: Case) -> str:
    return two.mine.referral_record.record(case.caseworker, case.referral_id).edit_stamp


def _referral_end(two: Two) -> Edit:
    case = _case(two)
    record = two.mine.referral_record
    return Edit(
        read=lambda: _referral_stamp(two, case),
        change=lambda: two.theirs.referral_record.end(
            case.supervisor, case.referral_id, ReferralStatus.DECLINED, "Not our area."
        ),
        save=lambda stamp: record.end(
            case.caseworker,
            case.referral_id,
            ReferralStatus.NOT_ENGAGED,
            "Three visits, nobody home.",
            edit_stamp=stamp,
        ),
        kept=lambda: (
            record.record(case.supervisor, case.referral_id).status is ReferralStatus.DECLINED
        ),
        by="Sam Supervisor",
    )


def _clock_reason(two: Two) -> Edit:
    case = _case(two)
    record = two.mine.referral_record
    return Edit(
        read=lambda: _referral_stamp(two, case),
        change=lambda: two.theirs.referral_record.explain_clock(
            case.supervisor, case.referral_id, "Family away for a funeral."
        ),
        save=lambda stamp: record.explain_clock(
            case.caseworker, case.referral_id, "Could not get through.", edit_stamp=stamp
        ),
        kept=lambda: (
            record.record(case.supervisor, case.referral_id).clock_reason
            == "Family away for a funeral."
        ),
        by="Sam Supervisor",
    )


# --- accounts -----------------------------------------------------------------------------


def _account(two: Two) -> tuple[Actor, Actor, int]:
    mine, theirs = _admins(two)
    worker = add_user(two.mine.ctx, "cw.new", "Cam Worker", Role.CASEWORKER)
    assert worker.user_id is not None
    return mine, theirs, worker.user_id


def _account_stamp(two: Two, admin: Actor, user_id: int) -> str:
    return next(row for row in two.mine.admin.users(admin) if row.id == user_id).edit_stamp


def _account_roles(two: Two, admin: Actor, user_id: int) -> tuple[Role, ...]:
    return next(row for row in two.mine.admin.users(admin) if row.id == user_id).roles


def _account_active(two: Two, admin: Actor, user_id: int) -> bool:
    return next(row for row in two.mine.admin.users(admin) if row.id == user_id).active


def _set_roles(two: Two) -> Edit:
    mine, theirs, user_id = _account(two)
    return Edit(
        read=lambda: _account_stamp(two, mine, user_id),
        change=lambda: two.theirs.accounts.set_roles(theirs, user_id, [Role.SUPERVISOR]),
        save=lambda stamp: two.mine.accounts.set_roles(
            mine, user_id, [Role.CASEWORKER, Role.OFFICER], edit_stamp=stamp
        ),
        kept=lambda: _account_roles(two, mine, user_id) == (Role.SUPERVISOR,),
        by="Bea Admin",
    )


def _disable(two: Two) -> Edit:
    mine, theirs, user_id = _account(two)
    return Edit(
        read=lambda: _account_stamp(two, mine, user_id),
        change=lambda: two.theirs.accounts.set_roles(theirs, user_id, [Role.SUPERVISOR]),
        save=lambda stamp: two.mine.accounts.disable(mine, user_id, edit_stamp=stamp),
        kept=lambda: _account_active(two, mine, user_id),
        by="Bea Admin",
    )


def _enable(two: Two) -> Edit:
    mine, theirs, user_id = _account(two)
    two.mine.accounts.disable(mine, user_id)
    return Edit(
        read=lambda: _account_stamp(two, mine, user_id),
        change=lambda: two.theirs.accounts.set_roles(theirs, user_id, [Role.OFFICER]),
        save=lambda stamp: two.mine.accounts.enable(mine, user_id, edit_stamp=stamp),
        kept=lambda: not _account_active(two, mine, user_id),
        by="Bea Admin",
    )


def _reset_password(two: Two) -> Edit:
    mine, theirs, user_id = _account(two)
    return Edit(
        read=lambda: _account_stamp(two, mine, user_id),
        change=lambda: two.theirs.accounts.set_roles(theirs, user_id, [Role.SUPERVISOR]),
        save=lambda stamp: two.mine.accounts.reset_password(
            mine, user_id, "Correct-Horse-Battery-9", edit_stamp=stamp
        ),
        kept=lambda: _account_roles(two, mine, user_id) == (Role.SUPERVISOR,),
        by="Bea Admin",
    )


# --- administration settings --------------------------------------------------------------


def _idle_lock(two: Two) -> Edit:
    mine, theirs = _admins(two)
    return Edit(
        read=lambda: two.mine.accounts.idle_lock_stamp(),
        change=lambda: two.theirs.accounts.set_idle_lock_minutes(theirs, 7),
        save=lambda stamp: two.mine.accounts.set_idle_lock_minutes(mine, 25, edit_stamp=stamp),
        kept=lambda: two.mine.accounts.idle_lock_minutes() == 7,
        by="Bea Admin",
    )


def _due_soon(two: Two) -> Edit:
    mine, theirs = _admins(two)
    return Edit(
        read=lambda: two.mine.clock_settings.due_soon_stamp(),
        change=lambda: two.theirs.clock_settings.set_due_soon_hours(theirs, 3),
        save=lambda stamp: two.mine.clock_settings.set_due_soon_hours(mine, 9, edit_stamp=stamp),
        kept=lambda: two.mine.clock_settings.due_soon_hours() == 3,
        by="Bea Admin",
    )


def _crime_reference(two: Two) -> Edit:
    mine, theirs = _admins(two)
    bea = CrimeReferenceFormat("[A-Z]{2}/[0-9]{4}", "AB/1234", "two letters / four digits")
    alex = CrimeReferenceFormat("[0-9]{6}", "123456", "six digits")
    return Edit(
        read=lambda: two.mine.settings.crime_reference_stamp(mine),
        change=lambda: two.theirs.settings.set_crime_reference_format(theirs, bea),
        save=lambda stamp: two.mine.settings.set_crime_reference_format(
            mine, alex, edit_stamp=stamp
        ),
        kept=lambda: two.mine.settings.crime_reference_format(mine) == bea,
        by="Bea Admin",
    )


def _working_hours(two: Two) -> Edit:
    mine, theirs = _admins(two)
    return Edit(
        read=lambda: two.mine.settings.working_hours_stamp(mine),
        change=lambda: two.theirs.settings.set_working_hours(theirs, "07:30-19:00"),
        save=lambda stamp: two.mine.settings.set_working_hours(
            mine, "09:00-17:00", edit_stamp=stamp
        ),
        kept=lambda: two.mine.settings.working_hours(mine).text() == "07:30-19:00",
        by="Bea Admin",
    )


def _retention_periods(two: Two) -> Edit:
    mine, theirs = _admins(two)
    kind = DisposalType.DIVERSION_REFERRAL
    return Edit(
        read=lambda: two.mine.retention_periods.periods_stamp(),
        change=lambda: two.theirs.retention_periods.set_periods(theirs, {kind: 9}),
        save=lambda stamp: two.mine.retention_periods.set_periods(
            mine, {kind: 12}, edit_stamp=stamp
        ),
        kept=lambda: two.mine.retention_periods.periods().for_type(kind) == 9,
        by="Bea Admin",
    )


def _closure_days(two: Two) -> Edit:
    mine, theirs = _admins(two)
    bea_day, alex_day = date(2027, 1, 13), date(2027, 1, 14)  # a Wednesday, a Thursday
    return Edit(
        read=lambda: two.mine.deadlines.closure_days_stamp(mine),
        change=lambda: two.theirs.deadlines.set_closure_days(theirs, [bea_day]),
        save=lambda stamp: two.mine.deadlines.set_closure_days(mine, [alex_day], edit_stamp=stamp),
        kept=lambda: two.mine.deadlines.closure_days(mine) == [bea_day],
        by="Bea Admin",
    )


# --- household members, Outcome 22 and the retention review -------------------------------


def _member_stamp(two: Two, case: Case) -> str:
    record = two.mine.young_person_record.open(case.caseworker, case.young_person_id)
    return next((m.edit_stamp for m in record.members if m.id == case.grandparent_id), "")


def _remove_member(two: Two) -> Edit:
    case = _case(two)
    moved_in = MemberDraft("Grace", "Example", Relationship.GRANDPARENT, phone="01234 567890")
    return Edit(
        read=lambda: _member_stamp(two, case),
        change=lambda: two.theirs.households.update_member(
            case.supervisor,
            case.grandparent_id,
            dataclasses.replace(moved_in, edit_stamp=_member_stamp(two, case)),
            young_person_id=case.young_person_id,
        ),
        save=lambda stamp: two.mine.households.remove_member(
            case.caseworker,
            case.grandparent_id,
            young_person_id=case.young_person_id,
            edit_stamp=stamp,
        ),
        kept=lambda: _member_stamp(two, case) != "",
        by="Sam Supervisor",
    )


def _outcome22(two: Two) -> Edit:
    case = _case(two)
    with two.mine.ctx.unit_of_work() as session:
        referral = session.get(Referral, case.referral_id)
        assert referral is not None
        referral.outcome22_due_at = two.clock()
    police = two.mine.police_outcome
    return Edit(
        read=lambda: police.for_referral(case.second_supervisor, case.referral_id).outcome22_stamp,
        change=lambda: two.theirs.police_outcome.mark_outcome22_recorded(
            case.supervisor, case.referral_id
        ),
        save=lambda stamp: police.mark_outcome22_recorded(
            case.second_supervisor, case.referral_id, edit_stamp=stamp
        ),
        kept=lambda: _outcome22_done_by(two, case) == case.supervisor.user_id,
        by="Sam Supervisor",
    )


def _outcome22_done_by(two: Two, case: Case) -> int | None:
    with two.mine.ctx.read_only() as session:
        referral = session.get(Referral, case.referral_id)
        assert referral is not None
        return referral.outcome22_done_by_id


def _due_for_review(two: Two) -> tuple[Actor, Actor, int]:
    """A young person with no casework, recorded long enough ago to be due for review."""
    young_person_id = add_child(two.mine.ctx, date(2000, 1, 1))
    two.clock.advance(days=366 * 16)
    return (
        add_user(two.mine.ctx, "sup.a", "Ali Supervisor", Role.SUPERVISOR),
        add_user(two.mine.ctx, "sup.b", "Sam Supervisor", Role.SUPERVISOR),
        young_person_id,
    )


def _review_stamp(two: Two, supervisor: Actor, young_person_id: int) -> str:
    reviews = two.mine.retention_reviews
    rows = [*reviews.queue(supervisor, PageRequest(limit=1000)).rows, *reviews.holds(supervisor)]
    return next((row.edit_stamp for row in rows if row.young_person_id == young_person_id), "")


def _held_for(two: Two, supervisor: Actor, young_person_id: int) -> str:
    held = two.mine.retention_reviews.holds(supervisor)
    return next((row.reason for row in held if row.young_person_id == young_person_id), "")


def _decided_by(two: Two, supervisor: Actor) -> list[str]:
    return [row.decided_by for row in two.mine.retention_reviews.decisions(supervisor)]


def _retention_keep(two: Two) -> Edit:
    mine, theirs, person = _due_for_review(two)
    return Edit(
        read=lambda: _review_stamp(two, mine, person),
        change=lambda: two.theirs.retention_reviews.place_hold(theirs, person, "Court case open"),
        save=lambda stamp: two.mine.retention_reviews.keep(
            mine, person, "Sibling still open", date(2044, 6, 1), edit_stamp=stamp
        ),
        kept=lambda: (
            _held_for(two, mine, person) == "Court case open" and not _decided_by(two, mine)
        ),
        by="Sam Supervisor",
    )


def _retention_dispose(two: Two) -> Edit:
    mine, theirs, person = _due_for_review(two)
    review_on = london_today(two.clock()) + timedelta(days=400)
    return Edit(
        read=lambda: _review_stamp(two, mine, person),
        change=lambda: two.theirs.retention_reviews.keep(
            theirs, person, "Asked to keep by the police", review_on
        ),
        save=lambda stamp: two.mine.retention_reviews.dispose(
            mine, person, "Past every period", edit_stamp=stamp
        ),
        kept=lambda: _decided_by(two, mine) == ["sup.b"],
        by="Sam Supervisor",
    )


def _retention_hold(two: Two) -> Edit:
    mine, theirs, person = _due_for_review(two)
    review_on = london_today(two.clock()) + timedelta(days=400)
    return Edit(
        read=lambda: _review_stamp(two, mine, person),
        change=lambda: two.theirs.retention_reviews.keep(theirs, person, "Still needed", review_on),
        save=lambda stamp: two.mine.retention_reviews.place_hold(
            mine, person, "Court case open", edit_stamp=stamp
        ),
        kept=lambda: _decided_by(two, mine) == ["sup.b"] and not _held_for(two, mine, person),
        by="Sam Supervisor",
    )


def _retention_release(two: Two) -> Edit:
    mine, theirs, person = _due_for_review(two)
    two.mine.retention_reviews.place_hold(mine, person, "Court case open")

    def hold_again() -> None:
        two.theirs.retention_reviews.release_hold(theirs, person, "Case closed")
        two.theirs.retention_reviews.place_hold(theirs, person, "Appeal lodged")

    return Edit(
        read=lambda: _review_stamp(two, mine, person),
        change=hold_again,
        save=lambda stamp: two.mine.retention_reviews.release_hold(
            mine, person, "Court case over", edit_stamp=stamp
        ),
        kept=lambda: _held_for(two, mine, person) == "Appeal lodged",
        by="Sam Supervisor",
    )


CASES: dict[str, Callable[[Two], Edit]] = {
    "visits.record_outcome": _visit_outcome,
    "visits.reschedule": _visit_reschedule,
    "assessments.save_draft": _assessment_draft,
    "assessments.complete": _assessment_complete,
    "assessments.sign_off": _assessment_sign_off,
    "assessments.return_for_changes": _assessment_return,
    "programmes.save_programme": _programme,
    "programmes.update_intervention": _intervention,
    "closures.request": _closure_request,
    "closures.approve": _closure_approve,
    "closures.return_for_changes": _closure_return,
    "cr_changes.correct": _cr_correct,
    "cr_changes.withdraw": _cr_withdraw,
    "school_admin.update_school": _school_update,
    "school_admin.set_school_active": _school_active,
    "school_admin.change_spoc_area": _spoc_area,
    "school_admin.stand_down_spoc": _spoc_stand_down,
    "school_work.take_action": _school_referral_action,
    "school_work.set_open": _school_referral_open,
    "police_outcome.save": _police_outcome,
    "turnaround.save": _turnaround,
    "referral_record.end": _referral_end,
    "referral_record.explain_clock": _clock_reason,
    "accounts.set_roles": _set_roles,
    "accounts.disable": _disable,
    "accounts.enable": _enable,
    "accounts.reset_password": _reset_password,
    "accounts.set_idle_lock_minutes": _idle_lock,
    "clock_settings.set_due_soon_hours": _due_soon,
    "settings.set_crime_reference_format": _crime_reference,
    "settings.set_working_hours": _working_hours,
    "retention_periods.set_periods": _retention_periods,
    "deadlines.set_closure_days": _closure_days,
    "households.remove_member": _remove_member,
    "police_outcome.mark_outcome22_recorded": _outcome22,
    "retention_reviews.keep": _retention_keep,
    "retention_reviews.dispose": _retention_dispose,
    "retention_reviews.place_hold": _retention_hold,
    "retention_reviews.release_hold": _retention_release,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_save_from_a_stale_read_is_refused_and_the_other_change_kept(name: str, two: Two) -> None:
    edit = CASES[name](two)
    stamp = edit.read()
    two.clock.advance(minutes=11)
    edit.change()
    with pytest.raises(StaleRecord) as refused:
        edit.save(stamp)
    assert refused.value.changed_by == edit.by
    assert refused.value.changed_at == two.clock()
    assert f"{edit.by} changed this " in str(refused.value)
    assert edit.kept(), "the other person's change was written over"


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_save_from_a_fresh_read_goes_through(name: str, two: Two) -> None:
    """The check refuses only what is stale: read again after B's change, A's save is not
    refused as stale (it is made, or, for a decision B already took, refused for that)."""
    edit = CASES[name](two)
    edit.change()
    try:
        edit.save(edit.read())
    except StaleRecord:
        raise
    except (DomainError, ServiceError) as error:
        said = ("already", "Only a ", "not due for disposal")
        assert any(word in str(error) for word in said), error


def test_every_editing_service_function_has_a_row() -> None:
    """Each service method taking ``edit_stamp`` is in ``CASES`` (so none is left untested)."""
    import inspect

    from diversion_app.services import registry

    checked = {
        "young_person_editor.update",
        "households.update_member",
    }  # these two are tested in test_no_lost_update with their drafts' stamps
    found = set()
    for attribute, kind in registry.Services.service_types().items():
        for method_name, method in inspect.getmembers(kind, inspect.isfunction):
            if "edit_stamp" in inspect.signature(method).parameters:
                found.add(f"{attribute}.{method_name}")
    assert found, "no service takes an edit stamp: the search is broken"
    assert found <= set(CASES) | checked, sorted(found - set(CASES) - checked)
