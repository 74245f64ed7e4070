"""The quarterly KPI return's data: who ended in the quarter, counted beside the quarter before.

A quarter's cohort is small (the children whose intervention ended in three months), so
it is read in a few indexed queries and counted by ``domain.kpi``. The same figures make
the PDF (small cells suppressed) and the CSV for the YJB's web forms (exact).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.enums import (
    ClosureOutcome,
    ClosureStatus,
    Pathway,
    ReferralStatus,
    VictimType,
)
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.kpi import (
    EndedCase,
    GroupRow,
    Measure,
    Quarter,
    count_kpis,
    fairness,
)
from diversion_app.domain.snapshot import (
    SNAPSHOT_FIELDS,
    Answer,
    SnapshotStage,
    snapshot_from_values,
)
from diversion_app.domain.timekeeping import london_to_utc, london_today
from diversion_app.persistence.models import (
    Closure,
    CommunityResolution,
    Referral,
    ReferralSnapshot,
    YoungPerson,
)


@dataclass(frozen=True)
class KpiLine:
    kpi: str
    name: str
    unit: str
    current: Measure
    previous: Measure


@dataclass(frozen=True)
class FairnessLine:
    breakdown: str
    group: str
    current: GroupRow
    previous: GroupRow


@dataclass(frozen=True)
class KpiReturn:
    quarter: Quarter
    previous_quarter: Quarter
    generated_at: datetime
    lines: tuple[KpiLine, ...]
    fairness: tuple[FairnessLine, ...]

    @property
    def children(self) -> int:
        return self.lines[0].current.numerator


def validate_quarter(text: str, today: date) -> Quarter:
    try:
        quarter = Quarter.parse(text)
    except ValueError:
        raise ValidationError(
            {"quarter": f"'{text}' is not a quarter: write the year and quarter, like 2026Q3."}
        ) from None
    if quarter.start > today:
        raise ValidationError({"quarter": f"{quarter.code} has not started yet."})
    if quarter.year < 2000:
        raise ValidationError({"quarter": "Give a quarter from 2000 onwards."})
    return quarter


def _ended_referrals(
    session: Session, quarter: Quarter
) -> dict[int, tuple[int, date, ClosureOutcome | None]]:
    """young person -> (referral, end day, closure outcome): their latest end in the quarter."""
    found: dict[int, tuple[int, date, ClosureOutcome | None]] = {}
    closed = session.execute(
        sa.select(Referral.young_person_id, Referral.id, Closure.closed_on, Closure.outcome)
        .join(Referral, Referral.id == Closure.referral_id)
        .where(
            Closure.status == ClosureStatus.APPROVED,
            Closure.closed_on.between(quarter.start, quarter.end),
        )
    ).all()
    start_at = london_to_utc(datetime.combine(quarter.start, time(0)))
    end_at = london_to_utc(datetime.combine(quarter.end + timedelta(days=1), time(0)))
    not_engaged = session.execute(
        sa.select(Referral.young_person_id, Referral.id, Referral.ended_at).where(
            Referral.status == ReferralStatus.NOT_ENGAGED,
            Referral.ended_at >= start_at,
            Referral.ended_at < end_at,
        )
    ).all()
    candidates: list[tuple[int, int, date, ClosureOutcome | None]] = [
        (row[0], row[1], row[2], row[3]) for row in closed
    ]
    candidates += [
        (row[0], row[1], london_today(row[2]), None) for row in not_engaged if row[2] is not None
    ]
    for person, referral_id, day, outcome in candidates:
        held = found.get(person)
        if held is None or (day, referral_id) > (held[1], held[0]):
            found[person] = (referral_id, day, outcome)
    return found


def _answer(value: object) -> Answer:
    return Answer.NOT_KNOWN if value is None else Answer(str(value))


def load_cases(session: Session, quarter: Quarter) -> list[EndedCase]:
    ended = _ended_referrals(session, quarter)
    referral_ids = [value[0] for value in ended.values()]
    if not referral_ids:
        return []
    outcome_of = {value[0]: value[2] for value in ended.values()}
    snapshots = {
        row.referral_id: snapshot_from_values(
            {name: getattr(row, name) for name in SNAPSHOT_FIELDS}
        )
        for row in session.execute(
            sa.select(ReferralSnapshot).where(
                ReferralSnapshot.referral_id.in_(referral_ids),
                ReferralSnapshot.stage == SnapshotStage.END,
            )
        ).scalars()
    }
    rows = session.execute(
        sa.select(
            Referral.id,
            Referral.young_person_id,
            YoungPerson.ethnicity,
            YoungPerson.gender,
            Referral.outcome_code,
            Referral.community_resolution_id,
            CommunityResolution.offence_category,
            sa.func.coalesce(Referral.gravity_score, CommunityResolution.gravity_score),
            # the referral's own victim answers, else the linked Community Resolution's
            sa.func.coalesce(
                Referral.victim_present,
                sa.case(
                    (CommunityResolution.victim_type == VictimType.NONE.value, Answer.NO.value),
                    (CommunityResolution.victim_type.is_not(None), Answer.YES.value),
                    else_=None,
                ),
            ),
            sa.func.coalesce(Referral.victim_rj_offered, CommunityResolution.victim_rj_offered),
            sa.func.coalesce(Referral.victim_rj_took_part, CommunityResolution.victim_rj_took_part),
            sa.func.coalesce(
                Referral.victim_views_considered, CommunityResolution.victim_views_considered
            ),
            Referral.turnaround_flag,
            Referral.pathway,
        )
        .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
        .outerjoin(CommunityResolution, CommunityResolution.id == Referral.community_resolution_id)
        .where(Referral.id.in_(referral_ids))
        .order_by(Referral.id)
    ).all()
    return [
        EndedCase(
            young_person_id=row[1],
            ethnicity=row[2],
            gender=row[3],
            end=snapshots.get(row[0]),
            outcome_code=row[4],
            has_community_resolution=row[5] is not None,
            closure_outcome=outcome_of[row[0]],
            offence_category=row[6],
            gravity_score=row[7],
            victim_present=_answer(row[8]),
            victim_rj_offered=_answer(row[9]),
            victim_rj_took_part=_answer(row[10]),
            victim_views_considered=_answer(row[11]),
            turnaround=bool(row[12]),
            diversion=row[13] is Pathway.DIVERSION,
        )
        for row in rows
    ]


def build_return(
    current: Sequence[EndedCase],
    previous: Sequence[EndedCase],
    quarter: Quarter,
    now: datetime,
) -> KpiReturn:
    lines = tuple(
        KpiLine(a.kpi, a.name, a.unit, a, b)
        for a, b in zip(count_kpis(current), count_kpis(previous), strict=True)
    )
    ethnicity_now, sex_now = fairness(current)
    ethnicity_before, sex_before = fairness(previous)
    fair = tuple(
        FairnessLine(breakdown, a.group, a, b)
        for breakdown, pairs in (
            ("Ethnicity", zip(ethnicity_now, ethnicity_before, strict=True)),
            ("Sex", zip(sex_now, sex_before, strict=True)),
        )
        for a, b in pairs
    )
    return KpiReturn(quarter, quarter.previous(), now, lines, fair)


CSV_HEADER = (
    "section",
    "measure",
    "unit",
    "quarter",
    "numerator",
    "denominator",
    "percent",
    "previous_quarter",
    "previous_numerator",
    "previous_denominator",
    "previous_percent",
)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def csv_rows(report: KpiReturn) -> list[list[str]]:
    rows: list[list[str]] = [list(CSV_HEADER)]
    for line in report.lines:
        rows.append(
            [
                line.kpi,
                line.name,
                line.unit,
                report.quarter.code,
                str(line.current.numerator),
                str(line.current.denominator),
                _percent(line.current.percent),
                report.previous_quarter.code,
                str(line.previous.numerator),
                str(line.previous.denominator),
                _percent(line.previous.percent),
            ]
        )
    for fair in report.fairness:
        rows.append(
            [
                f"Fairness: {fair.breakdown.lower()}",
                fair.group,
                "children",
                report.quarter.code,
                str(fair.current.count),
                str(fair.current.total),
                _percent(fair.current.share),
                report.previous_quarter.code,
                str(fair.previous.count),
                str(fair.previous.total),
                _percent(fair.previous.share),
            ]
        )
    return rows
