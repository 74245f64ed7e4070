"""Erasing one young person's personal data and free text, keeping what the reports count.

Every row the period report (and the returns) count stays where it is, with its dates,
statuses, pathway, source, outcome and area, so a past period's figures do not change.
What identifies the child or says anything about them goes: names, date of birth (only
the year is kept, as 1 January), identifiers, address, family members, every note and
free-text field, the crime references, and the details in the audit trail's events about
them. The caller runs this inside the transaction that records the decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.persistence.models import (
    Assessment,
    AssessmentRating,
    AuditEvent,
    Closure,
    CommunityResolution,
    Contact,
    FollowUp,
    Household,
    HouseholdMember,
    Intervention,
    InterventionSession,
    NoCarerDecision,
    Programme,
    Referral,
    ReferralEvent,
    RestorativeJustice,
    RestorativeJusticeParticipant,
    SchoolReferral,
    SubjectAccessRequest,
    Visit,
    YoungPerson,
    assessment_participants,
)
from diversion_app.services.base.audit import ERASED_KEY

ERASED_CHANGES = {ERASED_KEY: "disposed of after a retention review"}
"""What an audit event about a disposed-of child says in place of its details."""


@dataclass(frozen=True)
class ErasureCounts:
    referrals: int
    community_resolutions: int
    school_referrals: int
    restorative_justice: int
    household_members: int
    audit_events: int


def erase_young_person(session: Session, person: YoungPerson, now: datetime) -> ErasureCounts:
    """Blank every personal and free-text field of ``person``'s records (see the module)."""
    person_id = person.id
    referral_ids = list(
        session.execute(
            sa.select(Referral.id).where(Referral.young_person_id == person_id)
        ).scalars()
    )
    _erase_referrals(session, referral_ids)
    crs = _erase_community_resolutions(session, person_id)
    school = _erase_school_work(session, person_id)
    rj = _leave_restorative_justice(session, person_id)
    members = _erase_household(session, person)
    # a subject access request names who asked (often a parent) and may carry notes
    _update(
        session,
        SubjectAccessRequest,
        SubjectAccessRequest.young_person_id == person_id,
        requester_name="",
        parent_member_id=None,
        notes=None,
    )
    born = person.date_of_birth
    person.given_name = ""
    person.family_name = ""
    person.preferred_name = None
    person.search_name = ""
    person.family_name_key = ""
    person.date_of_birth = date(born.year, 1, 1)
    person.local_person_id = None
    person.pnc_id = None
    person.retention_review_on = None
    person.legal_hold_reason = None
    person.disposed_at = now
    person.updated_at = now
    session.flush()
    # after the young person is marked disposed: the audit trail's trigger allows blanking
    # the details of a disposed young person's events, and nothing else
    events = _erase_audit_details(session, person_id)
    return ErasureCounts(
        referrals=len(referral_ids),
        community_resolutions=crs,
        school_referrals=school,
        restorative_justice=rj,
        household_members=members,
        audit_events=events,
    )


def _update(
    session: Session, model: type, condition: sa.ColumnElement[bool], **values: object
) -> int:
    result = session.execute(
        sa.update(model)
        .where(condition)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _erase_referrals(session: Session, referral_ids: list[int]) -> None:
    if not referral_ids:
        return
    ids = referral_ids
    _update(
        session,
        Referral,
        Referral.id.in_(ids),
        referrer_name="",
        referrer_contact=None,
        reason_notes=None,
        offence_details=None,
        status_reason=None,
        clock_reason=None,
    )
    _update(session, ReferralEvent, ReferralEvent.referral_id.in_(ids), reason=None)
    # why there was no parent or carer to contact is free text about the family
    _update(session, NoCarerDecision, NoCarerDecision.referral_id.in_(ids), reason="")
    _update(session, Contact, Contact.referral_id.in_(ids), notes=None, carer_member_id=None)
    _update(
        session,
        Visit,
        Visit.referral_id.in_(ids),
        place_detail=None,
        notes=None,
        outcome_notes=None,
        cancelled_by=None,
        seen_carer_ids=[],
    )
    assessment_ids = sa.select(Assessment.id).where(Assessment.referral_id.in_(ids))
    _update(
        session,
        Assessment,
        Assessment.referral_id.in_(ids),
        young_person_views=None,
        carer_views=None,
        strengths=None,
        conclusion=None,
        return_comment=None,
    )
    _update(
        session, AssessmentRating, AssessmentRating.assessment_id.in_(assessment_ids), notes=None
    )
    session.execute(
        sa.delete(assessment_participants).where(
            assessment_participants.c.assessment_id.in_(assessment_ids)
        )
    )
    programme_ids = sa.select(Programme.id).where(Programme.referral_id.in_(ids))
    intervention_ids = sa.select(Intervention.id).where(
        Intervention.programme_id.in_(programme_ids)
    )
    _update(session, Programme, Programme.referral_id.in_(ids), goals="")
    _update(session, Intervention, Intervention.programme_id.in_(programme_ids), provider=None)
    _update(
        session,
        InterventionSession,
        InterventionSession.intervention_id.in_(intervention_ids),
        notes=None,
    )
    closure_ids = sa.select(Closure.id).where(Closure.referral_id.in_(ids))
    _update(session, Closure, Closure.referral_id.in_(ids), exit_summary="", return_comment=None)
    _update(session, FollowUp, FollowUp.closure_id.in_(closure_ids), details=None)


def _erase_community_resolutions(session: Session, person_id: int) -> int:
    rows = session.execute(
        sa.select(CommunityResolution).where(CommunityResolution.young_person_id == person_id)
    ).scalars()
    count = 0
    for cr in rows:
        count += 1
        cr.crime_reference = f"ERASED-{cr.id}"
        cr.offence_description = ""
        cr.location = None
        cr.officer_name = ""
        cr.collar_number = ""
        cr.victim_views = None
        cr.authorised_by = ""
    return count


def _erase_school_work(session: Session, person_id: int) -> int:
    return _update(
        session,
        SchoolReferral,
        SchoolReferral.young_person_id == person_id,
        raised_by="",
        description="",
        action_notes=None,
    )


def _leave_restorative_justice(session: Session, person_id: int) -> int:
    """The child leaves each session's list of pupils; the session itself stays counted.

    Its outcome note is erased once no pupil on it is still on record (it may name them);
    while other pupils' records remain, the note is theirs too and stays.
    """
    part = RestorativeJusticeParticipant
    session_ids = list(
        session.execute(sa.select(part.rj_id).where(part.young_person_id == person_id)).scalars()
    )
    if not session_ids:
        return 0
    session.execute(sa.delete(part).where(part.young_person_id == person_id))
    still_named = (
        sa.select(part.rj_id)
        .join(YoungPerson, YoungPerson.id == part.young_person_id)
        .where(part.rj_id.in_(session_ids), YoungPerson.disposed_at.is_(None))
    )
    _update(
        session,
        RestorativeJustice,
        sa.and_(RestorativeJustice.id.in_(session_ids), RestorativeJustice.id.not_in(still_named)),
        outcome=None,
    )
    return len(session_ids)


def _erase_household(session: Session, person: YoungPerson) -> int:
    """A household shared with a sibling still on record stays; otherwise it is emptied."""
    household_id = person.household_id
    others = session.execute(
        sa.select(sa.func.count()).where(
            YoungPerson.household_id == household_id,
            YoungPerson.id != person.id,
            YoungPerson.disposed_at.is_(None),
        )
    ).scalar_one()
    if others:
        return 0
    member_ids = list(
        session.execute(
            sa.select(HouseholdMember.id).where(HouseholdMember.household_id == household_id)
        ).scalars()
    )
    if member_ids:
        _update(session, Contact, Contact.carer_member_id.in_(member_ids), carer_member_id=None)
        session.execute(
            sa.delete(assessment_participants).where(
                assessment_participants.c.member_id.in_(member_ids)
            )
        )
        session.execute(sa.delete(HouseholdMember).where(HouseholdMember.id.in_(member_ids)))
    _update(
        session,
        Household,
        Household.id == household_id,
        address_line1="",
        address_line2=None,
        town=None,
        postcode=None,
        postcode_key=None,
    )
    return len(member_ids)


def _erase_audit_details(session: Session, person_id: int) -> int:
    """The trail keeps who did what and when about this child; the details it wrote go."""
    return _update(
        session,
        AuditEvent,
        AuditEvent.young_person_id == person_id,
        changes=ERASED_CHANGES,
    )
