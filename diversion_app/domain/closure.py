"""Rules for closing a referral and for the 12-month reoffending follow-up."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from diversion_app.domain.enums import ClosureOutcome
from diversion_app.domain.errors import DomainError

FOLLOW_UP_MONTHS = 12


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; a day the month lacks falls to its last day.

    So 29 February is followed up on 28 February (never later than the anniversary).
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def follow_up_due(closed_on: date) -> date:
    """The reoffending follow-up is due 12 months after closure."""
    return add_months(closed_on, FOLLOW_UP_MONTHS)


def within_follow_up(closed_on: date, offence_date: date) -> bool:
    """An offence after the closure day and on or before the follow-up date counts."""
    return closed_on < offence_date <= follow_up_due(closed_on)


@dataclass(frozen=True)
class ClosureForm:
    outcome: ClosureOutcome | None
    exit_summary: str
    closed_on: date


def closure_problems(form: ClosureForm, received_on: date, today: date) -> dict[str, str]:
    problems: dict[str, str] = {}
    if form.outcome is None:
        problems["outcome"] = "Choose the outcome of the case."
    if not form.exit_summary.strip():
        problems["exit_summary"] = "Write the exit summary."
    if form.closed_on > today:
        problems["closed_on"] = "The closure date cannot be in the future."
    elif form.closed_on < received_on:
        problems["closed_on"] = (
            "The closure date cannot be before the referral was received "
            f"({received_on.strftime('%d/%m/%Y')})."
        )
    return problems


class ClosureBlocked(DomainError):
    """Closing must wait: ``items`` names each unfinished intervention and future visit."""

    def __init__(self, items: Sequence[str]) -> None:
        self.items = tuple(items)
        super().__init__("Settle these before closing: " + "; ".join(self.items) + ".")


def approval_problem(approver_id: int | None, requested_by_id: int | None) -> str | None:
    """A closure is approved by someone other than the person who asked for it."""
    if approver_id is not None and approver_id == requested_by_id:
        return (
            "You asked for this closure, so you cannot approve it yourself; "
            "another supervisor must approve it."
        )
    return None


@dataclass(frozen=True)
class FollowUpForm:
    came_to_notice: bool
    details: str = ""
    community_resolution_id: int | None = None
    new_referral_id: int | None = None


def follow_up_problems(form: FollowUpForm, due_on: date, today: date) -> dict[str, str]:
    """A follow-up is recorded once due (earlier only to say the young person came to notice)."""
    problems: dict[str, str] = {}
    if not form.came_to_notice and today < due_on:
        problems["came_to_notice"] = (
            f"The follow-up is not due until {due_on.strftime('%d/%m/%Y')}; "
            "record 'no' on or after that day."
        )
    has_link = form.community_resolution_id is not None or form.new_referral_id is not None
    if form.came_to_notice and not form.details.strip() and not has_link:
        problems["details"] = (
            "Say how the young person came to notice again, or link the new "
            "Community Resolution or referral."
        )
    if not form.came_to_notice and has_link:
        problems["came_to_notice"] = (
            "A new Community Resolution or referral is linked, so the young person did come "
            "to notice again: answer 'yes'."
        )
    return problems
