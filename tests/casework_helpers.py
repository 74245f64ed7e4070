"""Shared by the casework tests: a household, a caseworker, two supervisors, one referral."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from diversion_app.domain.assessment import AssessmentForm, DomainRating
from diversion_app.domain.enums import (
    AssessmentDomain,
    ConcernRating,
    OffenceCategory,
    ReferralStatus,
    Relationship,
    Role,
    SafetyLevel,
    VictimType,
    VisitPlace,
    VisitPurpose,
    VisitStatus,
)
from diversion_app.persistence.models import (
    CommunityResolution,
    Referral,
    Visit,
)
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.referrals.core import change_status, make_referral
from tests.factories import add_household, add_user, child, member, referral_draft


@dataclass(frozen=True)
class Case:
    referral_id: int
    young_person_id: int
    mother_id: int
    grandparent_id: int
    caseworker: Actor
    supervisor: Actor
    second_supervisor: Actor


def make_case(ctx: ServiceContext) -> Case:
    """A 14-year-old on the prevention pathway, allocated and contacted."""
    now = ctx.now()
    caseworker = add_user(ctx, "cw.one", "Casey Worker", Role.CASEWORKER)
    supervisor = add_user(ctx, "sup.one", "Sam Supervisor", Role.SUPERVISOR)
    second = add_user(ctx, "sup.two", "Sergeant Second", Role.SUPERVISOR)
    with ctx.unit_of_work() as session:
        household = add_household(session, now)
        mother = member(
            household.id, "Mary", "Example", Relationship.MOTHER, parental_responsibility=True
        )
        gran = member(household.id, "Grace", "Example", Relationship.GRANDPARENT)
        person = child(household.id, now, given="Jamie", family="Example", born=date(2012, 3, 1))
        session.add_all([mother, gran, person])
        session.flush()
        ids = (person.id, mother.id, gran.id)
    made = make_referral(ctx, supervisor, referral_draft(ids[0], now - timedelta(days=10)))
    with ctx.unit_of_work() as session:
        referral = session.get(Referral, made.id)
        assert referral is not None
        referral.caseworker_id = caseworker.user_id
        change_status(session, supervisor, referral, ReferralStatus.ALLOCATED, now)
        change_status(session, caseworker, referral, ReferralStatus.CONTACTED, now)
    return Case(made.id, ids[0], ids[1], ids[2], caseworker, supervisor, second)


def full_form(started_on: date, **changes: object) -> AssessmentForm:
    """An assessment ready to complete (every domain rated, views recorded)."""
    values: dict[str, object] = dict(
        started_on=started_on,
        ratings={
            domain: DomainRating(ConcernRating.SOME_CONCERN, f"Notes on {domain.value}")
            for domain in AssessmentDomain
        },
        young_person_views="I want to get back into football and stop getting into fights.",
        carer_views="Mum is worried about older friends.",
        strengths="Close to gran; good attendance at PE.",
        safety_level=SafetyLevel.MEDIUM,
        conclusion="Personal programme: mentoring and victim awareness.",
    )
    values.update(changes)
    return AssessmentForm(**values)  # type: ignore[arg-type]


def add_visit(
    ctx: ServiceContext,
    referral_id: int,
    start: datetime,
    status: VisitStatus = VisitStatus.SCHEDULED,
    purpose: VisitPurpose = VisitPurpose.INTERVENTION_SESSION,
) -> int:
    """A diary visit, written directly (the diary's own service belongs to another workflow)."""
    with ctx.unit_of_work() as session:
        visit = Visit(
            uid=str(uuid.uuid4()),
            referral_id=referral_id,
            start_at=start,
            end_at=start + timedelta(hours=1),
            place=VisitPlace.HOME,
            purpose=purpose,
            status=status,
            created_at=ctx.now(),
        )
        session.add(visit)
        session.flush()
        return visit.id


def set_visit_status(ctx: ServiceContext, visit_id: int, status: VisitStatus) -> None:
    with ctx.unit_of_work() as session:
        visit = session.get(Visit, visit_id)
        assert visit is not None
        visit.status = status


def add_cr(ctx: ServiceContext, young_person_id: int, offence_date: date, ref: str) -> int:
    with ctx.unit_of_work() as session:
        cr = CommunityResolution(
            young_person_id=young_person_id,
            crime_reference=ref,
            offence_date=offence_date,
            offence_category=OffenceCategory.THEFT,
            offence_description="Shoplifting",
            officer_name="PC Test",
            collar_number="1234",
            accepted_responsibility=True,
            appropriate_adult_present=True,
            victim_type=VictimType.BUSINESS,
            gravity_score=2,
            authorised_by="Sgt Test",
            recorded_on=offence_date,
            created_at=ctx.now(),
        )
        session.add(cr)
        session.flush()
        return cr.id
