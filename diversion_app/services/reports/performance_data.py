"""The period performance report's figures: any date range beside the range before it.

Every count is a SQL aggregate (grouped counts, or sums of CASE expressions), so a
database of two hundred thousand referrals answers in a second or two. The median time
to first contact is worked out by PostgreSQL itself (``percentile_cont``); SQLite has no
median, so it sends each referral's gap in hours and Python finds the middle.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.enums import (
    Area,
    AssessmentStatus,
    ClosureOutcome,
    ClosureStatus,
    Pathway,
    ProgrammeStatus,
    ReferralSource,
    ReferralStatus,
)
from diversion_app.domain.kpi import FAIRNESS_ETHNICITIES, FAIRNESS_SEXES
from diversion_app.domain.report_periods import previous_range
from diversion_app.domain.timekeeping import london_to_utc, london_today
from diversion_app.persistence.models import (
    Assessment,
    Closure,
    CommunityResolution,
    FollowUp,
    NoCarerDecision,
    Programme,
    Referral,
    RestorativeJustice,
    School,
    SchoolReferral,
    YoungPerson,
)
from diversion_app.services.base.errors import ValidationError
from diversion_app.services.base.open_referrals import referral_is_open
from diversion_app.services.reports.period_returns import (
    DeadlineCounts,
    FairnessCounts,
    deadline_counts,
    fairness_counts,
    group_share,
)

MAX_PERIOD_DAYS = 3660
MONTHLY_FROM_DAYS = 63
"""Periods longer than nine weeks are charted by month, shorter ones by week."""


@dataclass(frozen=True)
class Period:
    """A range of whole days, both ends included (Europe/London calendar days)."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period shown beside this one (``domain.report_periods.previous_range``):
        for whole calendar months the same number of whole months just before, else the
        same number of days just before."""
        return Period(*previous_range(self.start, self.end))

    def instants(self) -> tuple[datetime, datetime]:
        """[start, end) as UTC instants: midnight London time at each end."""
        return (
            london_to_utc(datetime.combine(self.start, time(0))),
            london_to_utc(datetime.combine(self.end + timedelta(days=1), time(0))),
        )

    def buckets(self) -> list[Period]:
        """The chart's bars: calendar-month steps from the start, or 7-day steps."""
        result: list[Period] = []
        cursor = self.start
        while cursor <= self.end:
            if self.days >= MONTHLY_FROM_DAYS:
                following = _add_month(cursor)
            else:
                following = cursor + timedelta(days=7)
            result.append(Period(cursor, min(self.end, following - timedelta(days=1))))
            cursor = following
        return result


def _add_month(day: date) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def validate_period(start: date | None, end: date | None, today: date) -> Period:
    problems: dict[str, str] = {}
    if start is None:
        problems["start"] = "Give the first day of the period."
    if end is None:
        problems["end"] = "Give the last day of the period."
    if start is not None and end is not None:
        if end < start:
            problems["end"] = "The last day must be on or after the first day."
        elif (end - start).days + 1 > MAX_PERIOD_DAYS:
            problems["end"] = "A period can be at most ten years long."
        elif start > today:
            problems["start"] = "The period cannot start in the future."
    if problems:
        raise ValidationError(problems)
    assert start is not None and end is not None
    return Period(start, end)


@dataclass(frozen=True)
class PeriodFigures:
    """Every figure of the report for one period."""

    period: Period
    referrals: int
    by_pathway: dict[Pathway, int]
    by_source: dict[ReferralSource, int]
    by_area: dict[Area, int]
    clock_met: int
    clock_missed: int
    clock_running: int
    clock_stopped: int
    median_hours_to_contact: float | None
    no_carer_referrals: int
    """Referrals with a recorded "no parent or carer to contact": counted apart from the
    clock figures above them (met, missed, running, stopped and the median leave them out)."""
    no_carer_met: int
    no_carer_missed: int
    crs_recorded: int
    assessments_completed: int
    programmes_completed: int
    closures_by_outcome: dict[ClosureOutcome, int]
    follow_ups_due: int
    came_to_notice_again: int
    did_not_come_to_notice: int
    follow_ups_not_recorded: int
    school_referrals_by_area: dict[Area, int]
    rj_in_school_by_area: dict[Area, int]
    referrals_by_bucket: tuple[int, ...]
    bucket_labels: tuple[str, ...]
    assessment_deadline: DeadlineCounts = field(default_factory=DeadlineCounts)
    recommendation_deadline: DeadlineCounts = field(default_factory=DeadlineCounts)
    fairness: FairnessCounts = field(default_factory=FairnessCounts)

    @property
    def police_share(self) -> float | None:
        """Per cent of referrals made by police officers."""
        return _share(self.by_source.get(ReferralSource.POLICE, 0), self.referrals)

    @property
    def police_and_spoc_share(self) -> float | None:
        """Per cent made by police officers and School Liaison SPOCs (PCSOs) together."""
        police = self.by_source.get(ReferralSource.POLICE, 0)
        return _share(police + self.by_source.get(ReferralSource.SPOC, 0), self.referrals)

    @property
    def clock_met_rate(self) -> float | None:
        return _share(self.clock_met, self.clock_met + self.clock_missed)

    @property
    def closures(self) -> int:
        return sum(self.closures_by_outcome.values())

    @property
    def reoffending_rate(self) -> float | None:
        known = self.came_to_notice_again + self.did_not_come_to_notice
        return _share(self.came_to_notice_again, known)


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


@dataclass(frozen=True)
class FigureRow:
    label: str
    current: float | None
    previous: float | None
    unit: str = "count"
    """count, percent or hours."""
    indent: bool = False

    @property
    def change(self) -> float | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def change_percent(self) -> float | None:
        if self.unit != "count" or self.current is None or not self.previous:
            return None
        return 100.0 * (self.current - self.previous) / self.previous


@dataclass(frozen=True)
class FigureSection:
    title: str
    rows: tuple[FigureRow, ...]


@dataclass(frozen=True)
class PerformanceReport:
    current: PeriodFigures
    previous: PeriodFigures
    generated_at: datetime

    def sections(self) -> list[FigureSection]:
        """The figures as the report and the CSV export lay them out."""
        cur, prev = self.current, self.previous

        def row(label: str, pick: Any, unit: str = "count", indent: bool = False) -> FigureRow:
            return FigureRow(label, pick(cur), pick(prev), unit, indent)

        def breakdown(members: list[Any], attr: str) -> list[FigureRow]:
            return [
                row(member.label, lambda f, m=member: getattr(f, attr).get(m, 0), indent=True)
                for member in members
            ]

        return [
            FigureSection(
                "Referrals to the YOS",
                (
                    row("Referrals received", lambda f: f.referrals),
                    row("Share made by police officers", lambda f: f.police_share, "percent"),
                    row(
                        "Share made by police officers and SPOCs",
                        lambda f: f.police_and_spoc_share,
                        "percent",
                    ),
                ),
            ),
            FigureSection("Referrals by pathway", tuple(breakdown(list(Pathway), "by_pathway"))),
            FigureSection(
                "Referrals by source", tuple(breakdown(list(ReferralSource), "by_source"))
            ),
            FigureSection("Referrals by area", tuple(breakdown(list(Area), "by_area"))),
            FigureSection(
                "The 48-hour contact clock",
                (
                    row("Met", lambda f: f.clock_met),
                    row("Missed", lambda f: f.clock_missed),
                    row("Met, as a share of met and missed", lambda f: f.clock_met_rate, "percent"),
                    row("Still running", lambda f: f.clock_running),
                    row(
                        "Stopped (declined, not engaged, or ended in time)",
                        lambda f: f.clock_stopped,
                    ),
                    row(
                        "Median time to first contact",
                        lambda f: f.median_hours_to_contact,
                        "hours",
                    ),
                    row(
                        "No parent or carer to contact (counted apart)",
                        lambda f: f.no_carer_referrals,
                    ),
                    row(
                        "No parent or carer: met by reaching the young person",
                        lambda f: f.no_carer_met,
                        indent=True,
                    ),
                    row("No parent or carer: missed", lambda f: f.no_carer_missed, indent=True),
                ),
            ),
            FigureSection(
                "Working-day deadlines",
                (
                    row("Assessment met (10 working days)", lambda f: f.assessment_deadline.met),
                    row("Assessment missed", lambda f: f.assessment_deadline.missed),
                    row("Assessment overdue", lambda f: f.assessment_deadline.overdue),
                    row("Assessment not yet due", lambda f: f.assessment_deadline.running),
                    row(
                        "Assessment met, as a share of met, missed and overdue",
                        lambda f: f.assessment_deadline.met_rate,
                        "percent",
                    ),
                    row(
                        "Recommendation to police met (15 working days)",
                        lambda f: f.recommendation_deadline.met,
                    ),
                    row("Recommendation missed", lambda f: f.recommendation_deadline.missed),
                    row("Recommendation overdue", lambda f: f.recommendation_deadline.overdue),
                    row("Recommendation not yet due", lambda f: f.recommendation_deadline.running),
                    row(
                        "Recommendation met, as a share of met, missed and overdue",
                        lambda f: f.recommendation_deadline.met_rate,
                        "percent",
                    ),
                ),
            ),
            *self._fairness_sections(row),
            FigureSection(
                "Community Resolutions, assessments and programmes",
                (
                    row("Community Resolutions recorded", lambda f: f.crs_recorded),
                    row("Whole-family assessments completed", lambda f: f.assessments_completed),
                    row("Personal programmes completed", lambda f: f.programmes_completed),
                ),
            ),
            FigureSection(
                "Closures by outcome",
                (
                    row("Closures", lambda f: f.closures),
                    *breakdown(list(ClosureOutcome), "closures_by_outcome"),
                ),
            ),
            FigureSection(
                "Reoffending at 12 months",
                (
                    row("12-month follow-ups due", lambda f: f.follow_ups_due),
                    row("Came to notice again", lambda f: f.came_to_notice_again, indent=True),
                    row("Did not come to notice", lambda f: f.did_not_come_to_notice, indent=True),
                    row("Not yet recorded", lambda f: f.follow_ups_not_recorded, indent=True),
                    row(
                        "Came to notice again, as a share of those recorded",
                        lambda f: f.reoffending_rate,
                        "percent",
                    ),
                ),
            ),
            FigureSection(
                "School referrals by area",
                tuple(breakdown(list(Area), "school_referrals_by_area")),
            ),
            FigureSection(
                "Restorative justice in school by area",
                tuple(breakdown(list(Area), "rj_in_school_by_area")),
            ),
        ]

    @staticmethod
    def _fairness_sections(row: Any) -> list[FigureSection]:
        """Referrals, and first contacts with the police, by ethnicity and by sex."""
        sections: list[FigureSection] = []
        for title, groups, referrals, contacts in (
            (
                "Fairness: referrals by ethnicity",
                FAIRNESS_ETHNICITIES,
                "referrals_by_ethnicity",
                "first_contacts_by_ethnicity",
            ),
            (
                "Fairness: referrals by sex",
                FAIRNESS_SEXES,
                "referrals_by_sex",
                "first_contacts_by_sex",
            ),
        ):
            rows: list[FigureRow] = []
            for group in groups:

                def counts(f: PeriodFigures, name: str, g: Any = group) -> dict[Any, int]:
                    return dict(getattr(f.fairness, name))

                rows.append(
                    row(
                        f"{group.label}: referrals",
                        lambda f, g=group, n=referrals: counts(f, n).get(g, 0),
                        "small_count",
                    )
                )
                rows.append(
                    row(
                        "share of referrals",
                        lambda f, g=group, n=referrals: group_share(counts(f, n), g),
                        "percent",
                        True,
                    )
                )
                rows.append(
                    row(
                        "share of first contacts with the police",
                        lambda f, g=group, n=contacts: group_share(counts(f, n), g),
                        "percent",
                        True,
                    )
                )
            sections.append(FigureSection(title, tuple(rows)))
        return sections


DEFINITIONS: list[tuple[str, str]] = [
    (
        "Period",
        "Whole days in Europe/London time, both ends included. The previous period is the "
        "range of the same number of days that ends the day before the period starts.",
    ),
    ("Referrals received", "Referrals to the YOS whose received time falls in the period."),
    (
        "Share made by police",
        "Referrals whose source is a police officer, as a share of all referrals received. "
        "The second share adds referrals made by School Liaison SPOCs (PCSOs).",
    ),
    ("Area", "The area recorded on the young person's record when the report is printed."),
    (
        "48-hour clock",
        "For referrals received in the period, as things stand when the report is printed. "
        "Met: contact with both the young person and a parent or carer within 48 hours of "
        "receipt. Missed: that contact came later, or the 48 hours have passed without it "
        "(including referrals still open and overdue, and those ended after the due time "
        "without contact). Still running: open and not yet due. Stopped: declined, or ended "
        "before the due time without contact; these count neither way.",
    ),
    (
        "Median time to first contact",
        "The middle value, in hours, of the time from receipt to the moment both the young "
        "person and a parent or carer had been reached, for referrals received in the period "
        "where that has happened.",
    ),
    ("Community Resolutions recorded", "Community Resolutions with a recorded date in the period."),
    (
        "Assessments completed",
        "Whole-family assessments completed (or signed off) with a completion date in the period.",
    ),
    (
        "Programmes completed",
        "Personal programmes marked completed with an end date in the period.",
    ),
    ("Closures", "Approved closures with a closure date in the period, by outcome."),
    (
        "Reoffending at 12 months",
        "Approved closures whose 12-month follow-up fell due in the period (by the date of "
        "printing): those closed about a year before, in time to know. 'Came to notice again' "
        "counts follow-ups recording that the young person came to notice again; the share is "
        "of the follow-ups recorded.",
    ),
    (
        "School referrals and restorative justice",
        "Concerns recorded by School Liaison SPOCs with a concern date in the period, and "
        "restorative justice sessions held in schools in the period, by the school's area.",
    ),
    (
        "Working-day deadlines",
        "For referrals received in the period, as things stand when the report is printed. "
        "The assessment is due 10 working days after the day the referral was received, and "
        "(diversion pathway) the recommendation to the police 15; working days leave out "
        "weekends, bank holidays in England and Wales and the scheme's own closure days. Met: "
        "done by the due day. Missed: done later, or the referral ended after the due day "
        "without it. Overdue: still open, not done, and the due day has passed. Referrals "
        "that ended before the due day without it count neither way.",
    ),
    (
        "Fairness",
        "Referrals received in the period by the young person's ethnicity (the five ONS "
        "groups, and not stated) and sex, beside the young people whose first Community "
        "Resolution (their first recorded contact with the police here) was recorded in the "
        "period. Any count from 1 to 4 is shown as 'fewer than 5', and its shares left out.",
    ),
    (
        "Change",
        "This period's figure minus the previous period's; for counts also as a percentage "
        "of the previous figure.",
    ),
]


def load_period(session: Session, period: Period, now: datetime) -> PeriodFigures:
    """Every figure of ``period``, as things stand at ``now``."""
    start_at, end_at = period.instants()
    in_period = sa.and_(Referral.received_at >= start_at, Referral.received_at < end_at)
    buckets = period.buckets()
    met_rule, missed_rule, running_rule = _clock_rules(now)
    # whether a referral has a "no parent or carer" decision, found once per row by an
    # outer join to the (few) referrals that have one, not by a subquery per condition
    decided = (
        sa.select(NoCarerDecision.referral_id.label("referral_id"))
        .group_by(NoCarerDecision.referral_id)
        .subquery()
    )
    apart = decided.c.referral_id.is_not(None)
    counted_here = decided.c.referral_id.is_(None)
    by_pathway: dict[Pathway, int] = {}
    by_source: dict[ReferralSource, int] = {}
    by_area: dict[Area, int] = {}
    total = met = missed = running = 0
    no_carer = no_carer_met = no_carer_missed = 0
    # one pass over the period's referrals: counts by pathway, source and area and the
    # clock, all as grouped sums
    for (
        pathway,
        source,
        area,
        count,
        met_n,
        missed_n,
        running_n,
        apart_n,
        apart_met_n,
        apart_missed_n,
    ) in session.execute(
        sa.select(
            Referral.pathway,
            Referral.source,
            YoungPerson.area,
            sa.func.count(),
            _counted(sa.and_(counted_here, met_rule)),
            _counted(sa.and_(counted_here, missed_rule)),
            _counted(sa.and_(counted_here, running_rule)),
            _counted(apart),
            _counted(sa.and_(apart, met_rule)),
            _counted(sa.and_(apart, missed_rule)),
        )
        .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
        .outerjoin(decided, decided.c.referral_id == Referral.id)
        .where(in_period)
        .group_by(Referral.pathway, Referral.source, YoungPerson.area)
    ):
        total += count
        met, missed, running = met + met_n, missed + missed_n, running + running_n
        no_carer += apart_n
        no_carer_met += apart_met_n
        no_carer_missed += apart_missed_n
        by_pathway[pathway] = by_pathway.get(pathway, 0) + count
        by_source[source] = by_source.get(source, 0) + count
        by_area[area] = by_area.get(area, 0) + count
    by_bucket = _referrals_by_bucket(session, buckets)
    stopped = total - met - missed - running - no_carer
    today = london_today(now)
    follow_due, again, not_again, unrecorded = _follow_ups(session, period, today)
    assessment_deadline = deadline_counts(
        session, in_period, Referral.assessment_due_on, Referral.assessed_on, today
    )
    recommendation_deadline = deadline_counts(
        session, in_period, Referral.recommendation_due_on, Referral.recommendation_sent_on, today
    )
    fairness = fairness_counts(session, in_period, period.start, period.end)
    return PeriodFigures(
        period=period,
        referrals=total,
        by_pathway=by_pathway,
        by_source=by_source,
        by_area=by_area,
        clock_met=met,
        clock_missed=missed,
        clock_running=running,
        clock_stopped=stopped,
        median_hours_to_contact=_median_hours(
            session, sa.and_(in_period, sa.not_(has_no_carer_decision()))
        ),
        no_carer_referrals=no_carer,
        no_carer_met=no_carer_met,
        no_carer_missed=no_carer_missed,
        crs_recorded=_count(
            session,
            CommunityResolution,
            CommunityResolution.recorded_on.between(period.start, period.end),
            CommunityResolution.withdrawn_at.is_(None),  # withdrawn: recorded in error
        ),
        assessments_completed=_count(
            session,
            Assessment,
            Assessment.completed_on.between(period.start, period.end),
            Assessment.status.in_([AssessmentStatus.COMPLETED, AssessmentStatus.SIGNED_OFF]),
        ),
        programmes_completed=_count(
            session,
            Programme,
            Programme.completed_on.between(period.start, period.end),
            Programme.status == ProgrammeStatus.COMPLETED,
        ),
        closures_by_outcome=_grouped(
            session,
            Closure.outcome,
            Closure.closed_on.between(period.start, period.end),
            Closure.status == ClosureStatus.APPROVED,
        ),
        follow_ups_due=follow_due,
        came_to_notice_again=again,
        did_not_come_to_notice=not_again,
        follow_ups_not_recorded=unrecorded,
        school_referrals_by_area=_by_school_area(
            session, SchoolReferral, SchoolReferral.concern_date, period
        ),
        rj_in_school_by_area=_by_school_area(
            session, RestorativeJustice, RestorativeJustice.held_on, period
        ),
        referrals_by_bucket=tuple(by_bucket),
        bucket_labels=tuple(_bucket_label(bucket, period) for bucket in buckets),
        assessment_deadline=assessment_deadline,
        recommendation_deadline=recommendation_deadline,
        fairness=fairness,
    )


def _referrals_by_bucket(session: Session, buckets: Sequence[Period]) -> list[int]:
    """Referrals received in each of the chart's buckets: one COUNT per bucket over the
    index on the received time, all in one statement (each reads only its range)."""
    if not buckets:
        return []
    counts = []
    for bucket in buckets:
        bucket_start, bucket_end = bucket.instants()
        counts.append(
            sa.select(sa.func.count())
            .select_from(Referral)
            .where(Referral.received_at >= bucket_start, Referral.received_at < bucket_end)
            .scalar_subquery()
        )
    return [int(value) for value in session.execute(sa.select(*counts)).one()]


def has_no_carer_decision() -> sa.ColumnElement[bool]:
    """The referral has a recorded "no parent or carer to contact" (counted apart)."""
    return sa.exists(
        sa.select(NoCarerDecision.id).where(NoCarerDecision.referral_id == Referral.id)
    )


def _counted(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def _clock_rules(
    now: datetime,
) -> tuple[sa.ColumnElement[bool], sa.ColumnElement[bool], sa.ColumnElement[bool]]:
    """Met, missed and still running as SQL conditions, by the rules of ``domain.clock``.

    Whatever is none of these is stopped (declined, or ended before the due time).
    """
    is_open = referral_is_open()
    met_counts = sa.and_(
        Referral.clock_met_at.is_not(None),
        sa.or_(is_open, Referral.ended_at.is_(None), Referral.clock_met_at <= Referral.ended_at),
    )
    unmet = sa.not_(met_counts)
    # declined and not engaged stop the clock: never counted as missed (DOMAIN.md)
    declined = Referral.status.in_([ReferralStatus.DECLINED, ReferralStatus.NOT_ENGAGED])
    runs_on = sa.or_(is_open, Referral.ended_at.is_(None))
    met = sa.and_(met_counts, Referral.clock_met_at <= Referral.clock_due_at)
    missed = sa.or_(
        sa.and_(met_counts, Referral.clock_met_at > Referral.clock_due_at),
        sa.and_(
            unmet,
            sa.not_(declined),
            sa.or_(
                sa.and_(runs_on, Referral.clock_due_at < now),
                sa.and_(sa.not_(runs_on), Referral.ended_at > Referral.clock_due_at),
            ),
        ),
    )
    running = sa.and_(unmet, sa.not_(declined), runs_on, Referral.clock_due_at >= now)
    return met, missed, running


HOURS_PER_DAY = 24.0


def _median_hours(session: Session, in_period: sa.ColumnElement[bool]) -> float | None:
    """The median hours from receiving a referral to first contact, over those met."""
    counted = (
        in_period,
        Referral.clock_met_at.is_not(None),
        sa.or_(
            referral_is_open(),
            Referral.ended_at.is_(None),
            Referral.clock_met_at <= Referral.ended_at,
        ),
    )
    if session.get_bind().dialect.name == "sqlite":
        # the instants are read raw (ISO text, both UTC) and SQLite works out each gap
        # itself (to the millisecond), so a year's 90,000 rows come back as plain numbers
        received = sa.type_coerce(Referral.received_at, sa.String)
        met = sa.type_coerce(Referral.clock_met_at, sa.String)
        gap = (sa.func.julianday(met) - sa.func.julianday(received)) * HOURS_PER_DAY
        hours = list(session.execute(sa.select(gap).where(*counted)).scalars())
        return statistics.median(hours) if hours else None
    # PostgreSQL finds the median itself: percentile_cont(0.5) is statistics.median (the
    # mean of the middle two of an even count), over the exact seconds between the two
    # instants, so the pairs are not sent here to be sorted
    seconds = sa.extract("epoch", Referral.clock_met_at) - sa.extract("epoch", Referral.received_at)
    middle = session.execute(
        sa.select(sa.func.percentile_cont(0.5).within_group(seconds)).where(*counted)
    ).scalar()
    return None if middle is None else float(middle) / 3600


def _count(session: Session, model: Any, *conditions: sa.ColumnElement[bool]) -> int:
    return int(
        session.execute(
            sa.select(sa.func.count()).select_from(model).where(*conditions)
        ).scalar_one()
    )


def _grouped(session: Session, column: Any, *conditions: sa.ColumnElement[bool]) -> dict[Any, int]:
    return {
        key: int(count)
        for key, count in session.execute(
            sa.select(column, sa.func.count()).where(*conditions).group_by(column)
        )
    }


def _by_school_area(
    session: Session, model: Any, day_column: Any, period: Period
) -> dict[Area, int]:
    return {
        area: int(count)
        for area, count in session.execute(
            sa.select(School.area, sa.func.count())
            .select_from(model)
            .join(School, School.id == model.school_id)
            .where(day_column.between(period.start, period.end))
            .group_by(School.area)
        )
    }


def _follow_ups(session: Session, period: Period, today: date) -> tuple[int, int, int, int]:
    last_day = min(period.end, today)
    if last_day < period.start:
        return 0, 0, 0, 0
    row = session.execute(
        sa.select(
            sa.func.count(Closure.id),
            _counted(FollowUp.came_to_notice.is_(True)),
            _counted(FollowUp.came_to_notice.is_(False)),
            _counted(FollowUp.id.is_(None)),
        )
        .select_from(Closure)
        .outerjoin(FollowUp, FollowUp.closure_id == Closure.id)
        .where(
            Closure.status == ClosureStatus.APPROVED,
            Closure.follow_up_due_on.between(period.start, last_day),
        )
    ).one()
    due, again, not_again, unrecorded = (int(value) for value in row)
    return due, again, not_again, unrecorded


def _bucket_label(bucket: Period, period: Period) -> str:
    if period.days >= MONTHLY_FROM_DAYS:
        return (
            bucket.start.strftime("%b %Y")
            if bucket.start.day == 1
            else (bucket.start.strftime("%d %b %Y"))
        )
    return bucket.start.strftime("%d/%m")
