"""A hand-counted dataset for the KPI return: 30 referrals ending across 2026Q2 and 2026Q3.

Each referral is one row of ``CASES`` below; the expected figures in
``test_kpi_return.py`` were counted by hand from this table. Every linked Community
Resolution has a person as victim, so a referral without its own victim answers (12 and
13) counts the Resolution's: a victim, restorative justice not known. Three more referrals
(declined, a closure still awaiting approval, a closure in 2026Q4) must not be counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from diversion_app.domain.enums import (
    ClosureOutcome,
    ClosureStatus,
    Ethnicity,
    Gender,
    OffenceCategory,
    Pathway,
    ReferralSource,
    ReferralStatus,
    VictimType,
)
from diversion_app.domain.police_outcome import OutcomeCode
from diversion_app.domain.snapshot import (
    Answer,
    SendPlan,
    Snapshot,
    SnapshotStage,
    SocialCareStatus,
    Suitability,
)
from diversion_app.persistence import models as m
from diversion_app.services.base.context import ServiceContext

Y, N, NK = Answer.YES, Answer.NO, Answer.NOT_KNOWN
CP = ClosureOutcome.PROGRAMME_COMPLETED
PARTLY = ClosureOutcome.PARTLY_COMPLETED
DNE = ClosureOutcome.DID_NOT_ENGAGE


@dataclass
class Case:
    ends: date
    child: int
    ethnicity: Ethnicity = Ethnicity.WHITE
    gender: Gender = Gender.MALE
    end: Snapshot | None = field(default_factory=Snapshot)
    outcome: ClosureOutcome | None = CP
    """None: ended as not engaged (no closure)."""
    code: OutcomeCode | None = None
    cr: tuple[OffenceCategory, int] | None = None
    gravity: int | None = None
    victim: tuple[Answer, Answer, Answer, Answer] | None = None
    turnaround: bool = False


def _q3(i: int) -> Case:
    """Referral i of the 2026Q3 group (children 0-18; referral 19 is child 0 again)."""
    accommodation = (
        Suitability.SUITABLE
        if i <= 9 or i == 18
        else Suitability.UNSUITABLE
        if i <= 12
        else Suitability.NOT_KNOWN
    )
    ete = Y if i <= 7 else N if i <= 11 else NK
    send = Y if i <= 5 else N if i <= 12 else NK
    plan = {0: SendPlan.EHCP, 1: SendPlan.EHCP, 5: SendPlan.NONE}.get(
        i, SendPlan.SEN_SUPPORT if i <= 4 else SendPlan.NOT_KNOWN
    )
    social = (
        SocialCareStatus.CHILD_IN_NEED
        if i <= 2
        else {3: SocialCareStatus.CHILD_PROTECTION, 4: SocialCareStatus.LOOKED_AFTER}.get(
            i, SocialCareStatus.NONE if i <= 12 else SocialCareStatus.NOT_KNOWN
        )
    )
    snapshot = Snapshot(
        accommodation=accommodation,
        ete_suitable=ete,
        ete_hours_offered=25 if i <= 5 else None,
        ete_hours_attended=20 if i <= 5 else None,
        send_identified=send,
        send_plan=plan,
        mh_screened=Y if i <= 9 else NK,
        mh_need=Y if i <= 6 else NK,
        mh_intervention_offered=Y if i <= 4 else NK,
        mh_attending=Y if i <= 2 else NK,
        social_care=social,
    )
    if i in (15, 16, 17):
        snapshot = None
    code = (
        OutcomeCode.OUTCOME_22
        if i <= 7
        else OutcomeCode.OUTCOME_8
        if i <= 9
        else {10: OutcomeCode.OUTCOME_23, 11: OutcomeCode.OTHER}.get(i)
    )
    outcome: ClosureOutcome | None = (
        CP if i <= 9 or i == 18 else PARTLY if i <= 12 else DNE if i <= 15 else None
    )
    cr = {
        0: (OffenceCategory.ASSAULT, 2),
        12: (OffenceCategory.WEAPONS, 2),
        13: (OffenceCategory.ASSAULT, 3),
    }.get(i)
    victim = None
    if i <= 5:
        victim = (Y, Y if i <= 3 else N, Y if i <= 1 else N, Y if i <= 4 else N)
    elif i <= 10:
        victim = (N, NK, NK, NK)
    ethnicity = (
        Ethnicity.WHITE
        if i <= 11
        else Ethnicity.ASIAN
        if i <= 14
        else Ethnicity.BLACK
        if i <= 16
        else Ethnicity.MIXED
        if i == 17
        else Ethnicity.OTHER
    )
    return Case(
        ends=date(2026, 9, 1) if i != 19 else date(2026, 7, 2),
        child=i if i != 19 else 0,
        ethnicity=ethnicity if i != 19 else Ethnicity.WHITE,
        gender=Gender.MALE if i <= 12 or i == 19 else Gender.FEMALE,
        end=snapshot if i != 19 else Snapshot(accommodation=Suitability.UNSUITABLE),
        outcome=outcome,
        code=code,
        cr=cr,
        gravity=4 if i == 0 else None,
        victim=victim,
        turnaround=i <= 2,
    )


def _q2(i: int) -> Case:
    """Referral i (20-29) of the 2026Q2 group, children 20-29."""
    return Case(
        ends=date(2026, 5, 15),
        child=i,
        ethnicity=Ethnicity.WHITE if i <= 27 else Ethnicity.BLACK,
        gender=Gender.MALE if i <= 24 else Gender.FEMALE,
        end=Snapshot(accommodation=Suitability.SUITABLE if i <= 26 else Suitability.UNSUITABLE),
        outcome=CP if i <= 25 else PARTLY,
    )


CASES: list[Case] = [_q3(i) for i in range(20)] + [_q2(i) for i in range(20, 30)]
NOISE_CHILD = 99


def _instant(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def seed_kpi_dataset(ctx: ServiceContext, now: datetime) -> None:
    with ctx.unit_of_work() as s:
        user = m.User(username="pc.one", display_name="PC One", created_at=now)
        s.add(user)
        household = m.Household(address_line1="1 Example Street", created_at=now)
        s.add(household)
        s.flush()
        children: dict[int, m.YoungPerson] = {}
        for case in [*CASES, Case(ends=date(2026, 8, 1), child=NOISE_CHILD)]:
            if case.child in children:
                continue
            person = m.YoungPerson(
                given_name="Child",
                family_name=f"Number{case.child}",
                search_name=f"child number{case.child}",
                family_name_key=f"number{case.child}",
                date_of_birth=date(2011, 3, 1),
                gender=case.gender,
                ethnicity=case.ethnicity,
                household_id=household.id,
                area="south",
                created_at=now,
                updated_at=now,
            )
            s.add(person)
            s.flush()
            children[case.child] = person
        for index, case in enumerate(CASES):
            _referral(s, case, children[case.child].id, user.id, index, now)
        noise = children[NOISE_CHILD].id
        declined = Case(ends=date(2026, 8, 1), child=NOISE_CHILD, outcome=None)
        ref = _referral(s, declined, noise, user.id, 100, now, pathway=Pathway.PREVENTION)
        ref.status = ReferralStatus.DECLINED
        pending = Case(ends=date(2026, 8, 2), child=NOISE_CHILD)
        ref = _referral(
            s, pending, noise, user.id, 101, now, closure=ClosureStatus.PENDING_APPROVAL
        )
        ref.status, ref.ended_at = ReferralStatus.PROGRAMME, None
        _referral(s, Case(ends=date(2026, 10, 5), child=NOISE_CHILD), noise, user.id, 102, now)


def _referral(
    s: Session,
    case: Case,
    young_person_id: int,
    user_id: int,
    index: int,
    now: datetime,
    pathway: Pathway = Pathway.DIVERSION,
    closure: ClosureStatus = ClosureStatus.APPROVED,
) -> m.Referral:
    received = _instant(case.ends) - timedelta(days=40)
    cr_id = None
    if case.cr is not None:
        cr = m.CommunityResolution(
            young_person_id=young_person_id,
            crime_reference=f"CR/{index}",
            offence_date=received.date(),
            offence_category=case.cr[0],
            offence_description="offence",
            officer_name="PC One",
            collar_number="1",
            accepted_responsibility=True,
            appropriate_adult_present=True,
            victim_type=VictimType.PERSON,
            gravity_score=case.cr[1],
            authorised_by="Sgt",
            recorded_on=received.date(),
            created_at=now,
        )
        s.add(cr)
        s.flush()
        cr_id = cr.id
    victim = case.victim
    referral = m.Referral(
        young_person_id=young_person_id,
        pathway=pathway,
        source=ReferralSource.POLICE,
        referrer_name="PC One",
        reasons=["offence"],
        community_resolution_id=cr_id,
        received_at=received,
        status=ReferralStatus.CLOSED if case.outcome is not None else ReferralStatus.NOT_ENGAGED,
        status_changed_at=_instant(case.ends),
        clock_due_at=received,
        ended_at=_instant(case.ends),
        created_at=received,
        created_by_id=user_id,
        outcome_code=case.code,
        gravity_score=case.gravity,
        victim_present=None if victim is None else victim[0],
        victim_rj_offered=None if victim is None else victim[1],
        victim_rj_took_part=None if victim is None else victim[2],
        victim_views_considered=None if victim is None else victim[3],
        turnaround_flag=case.turnaround,
    )
    s.add(referral)
    s.flush()
    if case.outcome is not None:
        s.add(
            m.Closure(
                referral_id=referral.id,
                closed_on=case.ends,
                outcome=case.outcome,
                exit_summary="done",
                status=closure,
                follow_up_due_on=case.ends.replace(year=case.ends.year + 1),
            )
        )
    if case.end is not None:
        s.add(
            m.ReferralSnapshot(
                referral_id=referral.id,
                stage=SnapshotStage.END,
                recorded_at=now,
                **{key: getattr(case.end, key) for key in case.end.as_dict()},
            )
        )
    return referral
