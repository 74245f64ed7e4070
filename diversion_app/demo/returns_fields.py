"""Demo values for the returns fields: deadlines, outcome codes, gravity, victims, Turnaround,
start and end snapshots, Outcome 22 tasks.

Drawn from their own random stream (seeded from the demo seed), so the rest of the demo
data is exactly what it was before these fields existed, and the same seed always gives
the same values. Proportions are our reading of a typical county scheme.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from diversion_app.demo.choosing import Weighted, weighted
from diversion_app.demo.london_clock import london_day
from diversion_app.domain.enums import ClosureOutcome, Pathway, VictimType
from diversion_app.domain.police_outcome import OutcomeCode
from diversion_app.domain.snapshot import (
    SNAPSHOT_FIELDS,
    AccommodationType,
    Answer,
    EteType,
    SendPlan,
    Snapshot,
    SnapshotStage,
    SocialCareStatus,
    Suitability,
)
from diversion_app.domain.turnaround import TurnaroundEvent
from diversion_app.domain.working_days import (
    WorkingCalendar,
    WorkingDayDeadlines,
    deadlines_for,
)

T = TypeVar("T")
Y, N, NK = Answer.YES, Answer.NO, Answer.NOT_KNOWN


REFERRAL_KEYS = (
    "assessment_due_on",
    "recommendation_due_on",
    "created_by_id",
    "outcome_code",
    "gravity_score",
    "victim_present",
    "victim_rj_offered",
    "victim_rj_took_part",
    "victim_views_considered",
    "turnaround_event",
    "turnaround_event_on",
    "turnaround_referred_before",
    "turnaround_statutory_order",
    "turnaround_flag",
)
"""Every referral row carries all of these (the bulk loader writes one shape per table)."""

# The fixed weighted choices, each total added up once (see choosing.Weighted)
OUTCOME_CODES = Weighted(
    [
        (OutcomeCode.OUTCOME_22, 0.6),
        (OutcomeCode.OUTCOME_8, 0.22),
        (OutcomeCode.OUTCOME_23, 0.05),
        (OutcomeCode.OTHER, 0.05),
        (None, 0.08),
    ]
)
REFERRAL_GRAVITY = Weighted([(1, 0.1), (2, 0.5), (3, 0.3), (4, 0.08), (None, 0.02)])
TURNAROUND_EVENTS = Weighted(
    [
        (TurnaroundEvent.COMMUNITY_RESOLUTION, 0.4),
        (TurnaroundEvent.NO_FURTHER_ACTION, 0.2),
        (TurnaroundEvent.RUI_OR_BAIL, 0.2),
        (TurnaroundEvent.ASB_MEASURE, 0.15),
        (TurnaroundEvent.DISCHARGED_ACQUITTED, 0.05),
    ]
)
ETE_TYPES = Weighted(
    [
        (EteType.SCHOOL_FULL_TIME, 0.55),
        (EteType.SCHOOL_PART_TIME, 0.1),
        (EteType.ALTERNATIVE_PROVISION, 0.1),
        (EteType.COLLEGE, 0.08),
        (EteType.TRAINING_APPRENTICESHIP, 0.04),
        (EteType.EMPLOYMENT, 0.02),
        (EteType.ELECTIVE_HOME_EDUCATION, 0.02),
        (EteType.NONE, 0.06),
        (EteType.NOT_KNOWN, 0.03),
    ]
)
SUITABILITY = Weighted([(Suitability.SUITABLE, 0.92), (Suitability.UNSUITABLE, 0.08)])
SEND_PLANS = Weighted(
    [
        (SendPlan.EHCP, 0.35),
        (SendPlan.SEN_SUPPORT, 0.5),
        (SendPlan.NONE, 0.1),
        (SendPlan.NOT_KNOWN, 0.05),
    ]
)
SOCIAL_CARE_WITH_PLAN = Weighted(
    [(SocialCareStatus.CHILD_IN_NEED, 0.7), (SocialCareStatus.CHILD_PROTECTION, 0.3)]
)
SOCIAL_CARE_OTHERWISE = Weighted(
    [(SocialCareStatus.NONE, 0.93), (SocialCareStatus.NOT_KNOWN, 0.07)]
)


def _accommodation(looked_after: bool) -> Weighted[AccommodationType]:
    return Weighted(
        [
            (AccommodationType.PARENTS_FAMILY, 0.8),
            (AccommodationType.RELATIVES_FRIENDS, 0.07),
            (AccommodationType.FOSTER_CARE, 0.05 if looked_after else 0.005),
            (AccommodationType.CHILDRENS_HOME, 0.03 if looked_after else 0.002),
            (AccommodationType.SUPPORTED_INDEPENDENT, 0.02),
            (AccommodationType.TEMPORARY, 0.02),
            (AccommodationType.NOT_KNOWN, 0.02),
        ]
    )


ACCOMMODATION_LOOKED_AFTER = _accommodation(True)
ACCOMMODATION = _accommodation(False)


class ReturnsValues:
    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(f"returns-{seed}")
        self.today = today
        self.calendar = WorkingCalendar()
        self.assessed: dict[int, tuple[date, date | None]] = {}
        """referral -> (first completed, day the police were told), set after the load."""
        self.outcome22: dict[int, tuple[datetime, datetime | None]] = {}
        """referral -> (task raised, marked done), set after the load."""
        self._deadlines: dict[date, WorkingDayDeadlines] = {}

    def _weighted(self, choices: Sequence[tuple[T, float]]) -> T:
        return weighted(self.rng, choices)

    def _yes(self, chance: float, unknown: float = 0.05) -> Answer:
        roll = self.rng.random()
        if roll < unknown:
            return NK
        return Y if roll < unknown + chance else N

    # --- Community Resolutions --------------------------------------------------------------
    def community_resolution(self, victim_type: VictimType) -> dict[str, Any]:
        if victim_type is VictimType.NONE:
            return {
                "outcome_code": OutcomeCode.OUTCOME_8,
                "victim_rj_offered": None,
                "victim_rj_took_part": None,
                "victim_views_considered": None,
            }
        offered = self._yes(0.7)
        took_part = self._yes(0.45, 0.0) if offered is Y else N
        return {
            "outcome_code": OutcomeCode.OUTCOME_8,
            "victim_rj_offered": offered,
            "victim_rj_took_part": took_part,
            "victim_views_considered": self._yes(0.85),
        }

    # --- referrals --------------------------------------------------------------------------
    def referral(
        self, pathway: Pathway, received: datetime, officers: Sequence[int]
    ) -> dict[str, Any]:
        day = london_day(received)
        deadlines = self._deadlines.get(day)
        if deadlines is None:  # the same few thousand days, over and over
            deadlines = self._deadlines[day] = deadlines_for(day, self.calendar)
        values: dict[str, Any] = dict.fromkeys(REFERRAL_KEYS)
        values.update(
            {
                "assessment_due_on": deadlines.assessment_due_on,
                "turnaround_flag": False,
                "created_by_id": None,
            }
        )
        if pathway is Pathway.DIVERSION:
            victim = self._yes(0.6, 0.08)
            offered = self._yes(0.7) if victim is Y else (N if victim is N else NK)
            values.update(
                {
                    "recommendation_due_on": deadlines.recommendation_due_on,
                    "created_by_id": officers[self.rng.randrange(len(officers))],
                    "outcome_code": OUTCOME_CODES.pick(self.rng),
                    "gravity_score": REFERRAL_GRAVITY.pick(self.rng),
                    "victim_present": victim,
                    "victim_rj_offered": offered,
                    "victim_rj_took_part": (self._yes(0.45, 0.0) if offered is Y else offered),
                    "victim_views_considered": self._yes(0.8) if victim is Y else victim,
                }
            )
        if self.rng.random() < 0.3:
            event = TURNAROUND_EVENTS.pick(self.rng)
            referred_before = self.rng.random() < 0.08
            order = self.rng.random() < 0.04
            values.update(
                {
                    "turnaround_event": event,
                    "turnaround_event_on": london_day(received)
                    - timedelta(days=self.rng.randint(3, 80)),
                    "turnaround_referred_before": referred_before,
                    "turnaround_statutory_order": order,
                    "turnaround_flag": not referred_before
                    and not order
                    and self.rng.random() < 0.6,
                }
            )
        return values

    def assessed_on(self, referral_id: int, pathway: Pathway, completed: date) -> None:
        told = None
        if pathway is Pathway.DIVERSION:
            told = min(self.today, completed + timedelta(days=self.rng.randint(0, 9)))
        self.assessed[referral_id] = (completed, told)

    def closed(
        self, referral_id: int, pathway: Pathway, outcome: ClosureOutcome, ended: datetime
    ) -> None:
        if pathway is Pathway.DIVERSION and outcome is ClosureOutcome.PROGRAMME_COMPLETED:
            # officers record Outcome 22 within days or weeks: only recent ones still wait
            done: datetime | None = ended + timedelta(days=self.rng.randint(1, 40))
            if done is not None and london_day(done) > self.today:
                done = None
            self.outcome22[referral_id] = (ended, done)

    # --- snapshots ----------------------------------------------------------------------------
    def start_snapshot(self, looked_after: bool, child_plan: bool, send: bool) -> Snapshot:
        ete = ETE_TYPES.pick(self.rng)
        offered: int | None = None
        attended: int | None = None
        if ete not in (EteType.NONE, EteType.NOT_KNOWN) and self.rng.random() < 0.85:
            offered = 25 if ete is EteType.SCHOOL_FULL_TIME else self.rng.randint(6, 22)
            attended = max(0, offered - self.rng.choice([0, 0, 0, 2, 5, 10, offered]))
        accommodation_type = (ACCOMMODATION_LOOKED_AFTER if looked_after else ACCOMMODATION).pick(
            self.rng
        )
        suitable = (
            Suitability.NOT_KNOWN
            if accommodation_type is AccommodationType.NOT_KNOWN
            else SUITABILITY.pick(self.rng)
        )
        send_identified = Y if send else self._yes(0.05, 0.05)
        plan = (
            SEND_PLANS.pick(self.rng)
            if send_identified is Y
            else (SendPlan.NONE if send_identified is N else SendPlan.NOT_KNOWN)
        )
        mh_need = self._yes(0.35, 0.08)
        sm_need = self._yes(0.15, 0.1)
        if looked_after:
            social = SocialCareStatus.LOOKED_AFTER
        elif child_plan:
            social = SOCIAL_CARE_WITH_PLAN.pick(self.rng)
        else:
            social = SOCIAL_CARE_OTHERWISE.pick(self.rng)
        mh_offered = self._yes(0.8, 0.0) if mh_need is Y else N
        sm_offered = self._yes(0.75, 0.0) if sm_need is Y else N
        return Snapshot(
            accommodation=suitable,
            accommodation_type=accommodation_type,
            ete_type=ete,
            ete_suitable=(
                NK
                if ete is EteType.NOT_KNOWN
                else N
                if ete is EteType.NONE
                else self._yes(0.8, 0.03)
            ),
            ete_hours_offered=offered,
            ete_hours_attended=attended,
            send_identified=send_identified,
            send_plan=plan,
            mh_screened=self._yes(0.75, 0.05),
            mh_need=mh_need,
            mh_intervention_offered=mh_offered,
            mh_attending=self._yes(0.7, 0.0) if mh_offered is Y else N,
            sm_screened=self._yes(0.7, 0.05),
            sm_need=sm_need,
            sm_intervention_offered=sm_offered,
            sm_attending=self._yes(0.6, 0.0) if sm_offered is Y else N,
            social_care=social,
        )

    def end_snapshot(self, start: Snapshot, completed: bool) -> Snapshot:
        """Mostly the start carried forward; a completed programme often improves ETE."""
        if self.rng.random() < 0.06:
            return Snapshot()  # closed with the end facts not known
        changes: dict[str, Any] = {}
        if completed and start.ete_suitable is N and self.rng.random() < 0.5:
            changes["ete_suitable"] = Y
        if start.ete_hours_offered is not None and start.ete_hours_attended is not None:
            gain = self.rng.randint(0, 4) if completed else -self.rng.randint(0, 3)
            changes["ete_hours_attended"] = max(
                0, min(start.ete_hours_offered, start.ete_hours_attended + gain)
            )
        if start.accommodation is Suitability.UNSUITABLE and self.rng.random() < 0.4:
            changes["accommodation"] = Suitability.SUITABLE
        values = {name: getattr(start, name) for name in SNAPSHOT_FIELDS}
        values.update(changes)
        return Snapshot(**values)  # what snapshot_from_values makes of the same values

    @staticmethod
    def snapshot_row(
        snapshot_id: int, referral_id: int, stage: SnapshotStage, snapshot: Snapshot, at: datetime
    ) -> dict[str, Any]:
        return {
            "id": snapshot_id,
            "referral_id": referral_id,
            "stage": stage,
            **{key: getattr(snapshot, key) for key in SNAPSHOT_FIELDS},
            "recorded_at": at,
            "recorded_by_id": None,
        }
