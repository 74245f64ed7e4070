"""How long a young person's records may be kept, and when they come up for review.

DATA-PROTECTION.md, "Retention and disposal": each kind of disposal is kept for a set
number of years after its last action, or until the child turns 18, whichever is later.
The periods are settings (``RetentionPeriods``); the defaults are the published example
for out-of-court work: 3 years. A child's records come to the review queue only when
every one of them is past its period, and never while any work is still open or a legal
hold is in place (the services check those). Plain Python: no Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from diversion_app.domain.enums import LabelledEnum

ADULT_AGE = 18
DEFAULT_YEARS = 3
MIN_YEARS = 1
MAX_YEARS = 100
REASON_MAX_CHARS = 500
MAX_REVIEW_YEARS_AHEAD = 10


class DisposalType(LabelledEnum):
    """The kinds of record a retention period is set for."""

    COMMUNITY_RESOLUTION = "community_resolution"
    DIVERSION_REFERRAL = "diversion_referral"
    PREVENTION_REFERRAL = "prevention_referral"
    SCHOOL_REFERRAL = "school_referral"
    RESTORATIVE_JUSTICE = "restorative_justice"

    @property
    def label(self) -> str:
        return _TYPE_LABELS[self]

    @property
    def setting_key(self) -> str:
        return f"retention_years.{self.value}"


_TYPE_LABELS = {
    DisposalType.COMMUNITY_RESOLUTION: "Community Resolution",
    DisposalType.DIVERSION_REFERRAL: "Diversion referral",
    DisposalType.PREVENTION_REFERRAL: "Prevention referral",
    DisposalType.SCHOOL_REFERRAL: "School referral",
    DisposalType.RESTORATIVE_JUSTICE: "Restorative justice in school",
}


class ReviewDecision(LabelledEnum):
    KEEP = "keep"
    DISPOSE = "dispose"


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February falls on 1 March in other years.

    The same convention as ``ages.age_on``: a child born on 29 February turns 18 on
    1 March in a year that has no 29 February.
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def eighteenth_birthday(date_of_birth: date) -> date:
    return add_years(date_of_birth, ADULT_AGE)


def keep_until(last_action: date, years: int, date_of_birth: date) -> date:
    """The first day a record may be disposed of: ``years`` after its last action, or the
    18th birthday, whichever is later."""
    return max(add_years(last_action, years), eighteenth_birthday(date_of_birth))


def is_past_period(last_action: date, years: int, date_of_birth: date, today: date) -> bool:
    return keep_until(last_action, years, date_of_birth) <= today


def latest_last_action_allowed(years: int, today: date) -> date:
    """The latest last action that is past a period of ``years`` on ``today``.

    ``add_years(last, years) <= today`` holds exactly when ``last`` is on or before this
    day, so a query can compare stored dates with it instead of adding years in SQL.
    """
    try:
        candidate = today.replace(year=today.year - years)
    except ValueError:  # today is 29 February: the year ``years`` back has none
        candidate = date(today.year - years, 2, 28)
    # a last action on 29 February falls due on 1 March; step back over it when needed
    while add_years(candidate, years) > today:
        candidate = date.fromordinal(candidate.toordinal() - 1)
    return candidate


@dataclass(frozen=True)
class RetentionPeriods:
    """Years kept after the last action, per disposal type."""

    years: Mapping[DisposalType, int]

    @classmethod
    def defaults(cls) -> RetentionPeriods:
        return cls({kind: DEFAULT_YEARS for kind in DisposalType})

    def for_type(self, kind: DisposalType) -> int:
        return self.years.get(kind, DEFAULT_YEARS)


def validate_years(values: Mapping[DisposalType, object]) -> dict[str, str]:
    """Plain sentences for each period that is not a whole number of years in range."""
    problems: dict[str, str] = {}
    for kind, value in values.items():
        if not isinstance(value, int) or isinstance(value, bool):
            problems[kind.value] = f"Give the years for {kind.label} as a whole number."
        elif not MIN_YEARS <= value <= MAX_YEARS:
            problems[kind.value] = (
                f"The period for {kind.label} must be between {MIN_YEARS} and {MAX_YEARS} years."
            )
    return problems


@dataclass(frozen=True)
class RecordDue:
    """One record of a young person and the day it may be disposed of."""

    kind: DisposalType
    last_action: date
    keep_until: date


def records_due(
    last_actions: Iterable[tuple[DisposalType, date]],
    periods: RetentionPeriods,
    date_of_birth: date,
) -> list[RecordDue]:
    return [
        RecordDue(kind, last, keep_until(last, periods.for_type(kind), date_of_birth))
        for kind, last in last_actions
    ]


def due_on(records: Iterable[RecordDue], date_of_birth: date) -> date:
    """The day the last of a young person's records passes its period (the 18th birthday
    when there are no records at all)."""
    return max(
        (record.keep_until for record in records), default=eighteenth_birthday(date_of_birth)
    )


def validate_keep(reason: str, review_on: date | None, today: date) -> dict[str, str]:
    """A keep decision needs a reason and a review date in the future (within ten years)."""
    problems: dict[str, str] = {}
    if not reason.strip():
        problems["reason"] = "Say why the records are kept."
    elif len(reason) > REASON_MAX_CHARS:
        problems["reason"] = f"Keep the reason to {REASON_MAX_CHARS} characters."
    if review_on is None:
        problems["review_on"] = "Give the date of the next review."
    elif review_on <= today:
        problems["review_on"] = "The next review must be after today."
    elif review_on > add_years(today, MAX_REVIEW_YEARS_AHEAD):
        problems["review_on"] = (
            f"The next review must be within {MAX_REVIEW_YEARS_AHEAD} years of today."
        )
    return problems


def validate_reason(reason: str, what: str) -> dict[str, str]:
    if not reason.strip():
        return {"reason": f"Say why {what}."}
    if len(reason) > REASON_MAX_CHARS:
        return {"reason": f"Keep the reason to {REASON_MAX_CHARS} characters."}
    return {}
