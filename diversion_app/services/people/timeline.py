"""Everything known about one young person, in date order, from the tables that hold it.

One query per kind of record, all keyed on the young person (directly, or through their
referrals), so anything another workflow writes to those tables appears here without
further work: CRs, referrals and their status changes and 48-hour clock, contacts,
visits, assessments, programmes and interventions, closures and follow-ups, school
referrals and restorative justice in school.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.clock import clock_reading
from diversion_app.domain.enums import (
    ClosureOutcome,
    ClosureStatus,
    ContactMethod,
    ContactOutcome,
    InterventionType,
    OffenceCategory,
    Pathway,
    ProgrammeStatus,
    ReferralSource,
    ReferralStatus,
    RjPart,
    RjType,
    SchoolAction,
    SchoolConcernType,
    VisitPurpose,
    VisitStatus,
)
from diversion_app.domain.timekeeping import LONDON, format_date, format_datetime
from diversion_app.persistence.models import (
    Assessment,
    AssessmentEvent,
    Closure,
    CommunityResolution,
    Contact,
    FollowUp,
    Intervention,
    Programme,
    Referral,
    ReferralEvent,
    RestorativeJustice,
    RestorativeJusticeParticipant,
    School,
    SchoolReferral,
    Visit,
)
from diversion_app.services.base.due_soon import due_soon_window


@dataclass(frozen=True)
class TimelineEntry:
    """One dated thing that happened (or is planned), with words for the screen."""

    at: datetime
    """For sorting: the instant, or noon London time on a calendar date."""
    when: str
    """As shown: 28/11/2026 14:05, or 28/11/2026 for a date."""
    kind: str
    title: str
    detail: str
    entity: str
    entity_id: int
    referral_id: int | None = None


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=LONDON)


def _entry(
    moment: date | datetime,
    kind: str,
    title: str,
    detail: str,
    entity: str,
    entity_id: int,
    referral_id: int | None = None,
) -> TimelineEntry:
    """An entry at an instant (shown with its time) or on a calendar date (sorted at noon)."""
    if isinstance(moment, datetime):
        return TimelineEntry(
            moment, format_datetime(moment), kind, title, detail, entity, entity_id, referral_id
        )
    return TimelineEntry(
        _noon(moment), format_date(moment), kind, title, detail, entity, entity_id, referral_id
    )


def _referral_ids(young_person_id: int) -> sa.Select[Any]:
    return sa.select(Referral.id).where(Referral.young_person_id == young_person_id)


_OnReferral = TypeVar("_OnReferral", Contact, Visit, Assessment, Programme, Closure)


def _on_referrals(
    session: Session, young_person_id: int, model: type[_OnReferral]
) -> Sequence[_OnReferral]:
    """The rows of ``model`` (a table with ``referral_id``) on the young person's referrals."""
    return (
        session.execute(
            sa.select(model).where(model.referral_id.in_(_referral_ids(young_person_id)))
        )
        .scalars()
        .all()
    )


def _resolutions(session: Session, young_person_id: int) -> list[TimelineEntry]:
    rows = session.execute(
        sa.select(CommunityResolution).where(CommunityResolution.young_person_id == young_person_id)
    ).scalars()
    return [
        _entry(
            cr.offence_date,
            "Community Resolution",
            f"{OffenceCategory(cr.offence_category).label} ({cr.crime_reference})",
            f"{cr.offence_description} Officer {cr.officer_name} ({cr.collar_number}); "
            f"gravity {cr.gravity_score}; recorded {format_date(cr.recorded_on)}."
            + (
                f" WITHDRAWN {format_date(cr.withdrawn_at.astimezone(LONDON).date())}: "
                f"{cr.withdrawn_reason}"
                if cr.withdrawn_at is not None
                else ""
            ),
            "community_resolution",
            cr.id,
        )
        for cr in rows
    ]


def _referrals(session: Session, young_person_id: int, now: datetime) -> list[TimelineEntry]:
    referrals = session.execute(
        sa.select(Referral).where(Referral.young_person_id == young_person_id)
    ).scalars()
    entries = []
    for referral in referrals:
        status = ReferralStatus(referral.status)
        reading = clock_reading(
            referral.received_at,
            referral.clock_met_at,
            now,
            due_soon=due_soon_window(session),
            stopped_at=referral.ended_at,
            declined=status in (ReferralStatus.DECLINED, ReferralStatus.NOT_ENGAGED),
        )
        entries.append(
            _entry(
                referral.received_at,
                "Referral",
                f"{Pathway(referral.pathway).label} referral received "
                f"from {ReferralSource(referral.source).label.lower()}",
                f"Referrer {referral.referrer_name}. Now {status.label.lower()}. "
                f"48-hour clock due {reading.due_text}: {reading.summary}.",
                "referral",
                referral.id,
                referral.id,
            )
        )
    events = session.execute(
        sa.select(ReferralEvent)
        .where(
            ReferralEvent.referral_id.in_(_referral_ids(young_person_id)),
            ReferralEvent.from_value.is_not(None),
        )
        .order_by(ReferralEvent.at)
    ).scalars()
    for event in events:
        words = _status_words(event.to_value) if event.kind == "status" else event.to_value
        title = (
            "48-hour clock: no parent or carer to contact"
            if event.kind == "no_carer"
            else f"Referral {event.kind}: {words}"
        )
        entries.append(
            _entry(
                event.at,
                "Referral",
                title,
                event.reason or "",
                "referral_event",
                event.id,
                event.referral_id,
            )
        )
    return entries


def _status_words(value: str | None) -> str:
    try:
        return ReferralStatus(value or "").label.lower()
    except ValueError:
        return value or ""


def _contacts(session: Session, young_person_id: int) -> list[TimelineEntry]:
    entries = []
    for contact in _on_referrals(session, young_person_id, Contact):
        reached = [
            who
            for who, flag in (
                ("young person", contact.with_young_person),
                ("parent/carer", contact.with_carer),
            )
            if flag
        ]
        entries.append(
            _entry(
                contact.occurred_at,
                "Contact",
                f"{ContactMethod(contact.method).label}: "
                f"{ContactOutcome(contact.outcome).label.lower()}",
                ("With " + " and ".join(reached) + ". " if reached else "") + (contact.notes or ""),
                "contact",
                contact.id,
                contact.referral_id,
            )
        )
    return entries


def _visits(session: Session, young_person_id: int) -> list[TimelineEntry]:
    return [
        _entry(
            visit.start_at,
            "Visit",
            f"{VisitPurpose(visit.purpose).label} visit: {VisitStatus(visit.status).label.lower()}",
            visit.outcome_notes or visit.notes or "",
            "visit",
            visit.id,
            visit.referral_id,
        )
        for visit in _on_referrals(session, young_person_id, Visit)
    ]


ASSESSMENT_STEP_WORDS = {
    "completed": "Whole-family assessment completed",
    "signed_off": "Whole-family assessment signed off",
    "returned": "Whole-family assessment returned for changes",
}


def _assessments(session: Session, young_person_id: int) -> list[TimelineEntry]:
    """The start, then each dated step (completed, signed off, returned) on its own date."""
    entries = []
    assessments = {row.id: row for row in _on_referrals(session, young_person_id, Assessment)}
    for assessment in assessments.values():
        ids = ("assessment", assessment.id, assessment.referral_id)
        entries.append(
            _entry(assessment.started_on, "Assessment", "Whole-family assessment started", "", *ids)
        )
    if not assessments:
        return entries
    steps = session.execute(
        sa.select(AssessmentEvent)
        .where(AssessmentEvent.assessment_id.in_(list(assessments)))
        .order_by(AssessmentEvent.effective_on, AssessmentEvent.id)
    ).scalars()
    for step in steps:
        assessment = assessments[step.assessment_id]
        moment: date | datetime = step.effective_on if step.kind == "completed" else step.at
        detail = assessment.conclusion or "" if step.kind == "completed" else ""
        entries.append(
            _entry(
                moment,
                "Assessment",
                ASSESSMENT_STEP_WORDS.get(step.kind, f"Whole-family assessment {step.kind}"),
                detail,
                "assessment",
                assessment.id,
                assessment.referral_id,
            )
        )
    return entries


def _programmes(session: Session, young_person_id: int) -> list[TimelineEntry]:
    entries = []
    for programme in _on_referrals(session, young_person_id, Programme):
        interventions = session.execute(
            sa.select(Intervention.intervention_type).where(
                Intervention.programme_id == programme.id
            )
        ).scalars()
        kinds = ", ".join(InterventionType(kind).label.lower() for kind in interventions)
        ids = ("programme", programme.id, programme.referral_id)
        entries.append(
            _entry(
                programme.started_on,
                "Programme",
                "Personal programme started",
                f"Goals: {programme.goals}" + (f" Interventions: {kinds}." if kinds else ""),
                *ids,
            )
        )
        if programme.completed_on is not None:
            entries.append(
                _entry(
                    programme.completed_on,
                    "Programme",
                    "Personal programme " + ProgrammeStatus(programme.status).label.lower(),
                    "",
                    *ids,
                )
            )
    return entries


def _closures(session: Session, young_person_id: int) -> list[TimelineEntry]:
    entries = []
    for closure in _on_referrals(session, young_person_id, Closure):
        status = ClosureStatus(closure.status)
        entries.append(
            _entry(
                closure.closed_on,
                "Closure",
                f"Closed: {ClosureOutcome(closure.outcome).label.lower()}"
                + ("" if status is ClosureStatus.APPROVED else f" ({status.label.lower()})"),
                closure.exit_summary,
                "closure",
                closure.id,
                closure.referral_id,
            )
        )
        follow_up = session.execute(
            sa.select(FollowUp).where(FollowUp.closure_id == closure.id)
        ).scalar_one_or_none()
        if follow_up is not None:
            entries.append(
                _entry(
                    follow_up.recorded_on,
                    "Follow-up",
                    "12-month follow-up: "
                    + (
                        "came to notice again" if follow_up.came_to_notice else "not come to notice"
                    ),
                    follow_up.details or "",
                    "follow_up",
                    follow_up.id,
                    closure.referral_id,
                )
            )
    return entries


def _school(session: Session, young_person_id: int) -> list[TimelineEntry]:
    entries = []
    rows = session.execute(
        sa.select(SchoolReferral, School.name)
        .join(School, School.id == SchoolReferral.school_id)
        .where(SchoolReferral.young_person_id == young_person_id)
    ).all()
    for school_referral, school_name in rows:
        action = (
            SchoolAction(school_referral.action).label.lower()
            if school_referral.action
            else "no action yet"
        )
        entries.append(
            _entry(
                school_referral.concern_date,
                "School referral",
                f"{school_name}: {SchoolConcernType(school_referral.concern_type).label.lower()}",
                f"{school_referral.description} SPOC action: {action}.",
                "school_referral",
                school_referral.id,
                school_referral.referral_id,
            )
        )
    rj_rows = session.execute(
        sa.select(RestorativeJustice, RestorativeJusticeParticipant.part, School.name)
        .join(
            RestorativeJusticeParticipant,
            RestorativeJusticeParticipant.rj_id == RestorativeJustice.id,
        )
        .join(School, School.id == RestorativeJustice.school_id)
        .where(RestorativeJusticeParticipant.young_person_id == young_person_id)
    ).all()
    for rj, part, school_name in rj_rows:
        entries.append(
            _entry(
                rj.held_on,
                "Restorative justice",
                f"{RjType(rj.rj_type).label} in {school_name} ({RjPart(part).label.lower()})",
                ("Agreement reached. " if rj.agreement_reached else "No agreement. ")
                + (rj.outcome or ""),
                "restorative_justice",
                rj.id,
            )
        )
    return entries


def timeline(session: Session, young_person_id: int, now: datetime) -> list[TimelineEntry]:
    """Every dated entry for the young person, newest first."""
    entries = [
        *_resolutions(session, young_person_id),
        *_referrals(session, young_person_id, now),
        *_contacts(session, young_person_id),
        *_visits(session, young_person_id),
        *_assessments(session, young_person_id),
        *_programmes(session, young_person_id),
        *_closures(session, young_person_id),
        *_school(session, young_person_id),
    ]
    entries.sort(key=lambda entry: (entry.at, entry.entity, entry.entity_id), reverse=True)
    return entries
