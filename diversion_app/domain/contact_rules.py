"""Rules for recording a contact on a referral: when it may be dated and whom it reached.

A contact is an attempt or a success (DOMAIN.md, "Contact"). It cannot be dated before
the referral was received, nor in the future, and it must say whom it was with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from diversion_app.domain.enums import ContactMethod, ContactOutcome
from diversion_app.domain.timekeeping import ensure_utc, format_datetime


@dataclass(frozen=True)
class ContactDraft:
    """What a caseworker types to record a contact (validated by ``contact_problems``)."""

    referral_id: int
    occurred_at: datetime
    method: ContactMethod
    outcome: ContactOutcome
    with_young_person: bool
    carer_member_id: int | None = None
    notes: str = ""
    clock_reason: str = ""
    """Why the 48-hour clock was missed or is overdue; asked for only when it is."""

    @property
    def with_carer(self) -> bool:
        return self.carer_member_id is not None

    @property
    def reached_young_person(self) -> bool:
        return self.outcome is ContactOutcome.MADE_CONTACT and self.with_young_person

    @property
    def reached_carer(self) -> bool:
        return self.outcome is ContactOutcome.MADE_CONTACT and self.with_carer


def contact_problems(draft: ContactDraft, received_at: datetime, now: datetime) -> dict[str, str]:
    """Every field that cannot be saved, with a plain sentence saying what to fix."""
    problems: dict[str, str] = {}
    when = ensure_utc(draft.occurred_at)
    if when < ensure_utc(received_at):
        problems["occurred_at"] = (
            "A contact cannot be dated before the referral was received "
            f"({format_datetime(received_at)}); check the date and time."
        )
    elif when > ensure_utc(now):
        problems["occurred_at"] = (
            "A contact cannot be recorded in the future; enter when it happened."
        )
    if not draft.with_young_person and not draft.with_carer:
        problems["with_whom"] = (
            "Say whom the contact was with: the young person, a parent or carer, or both."
        )
    return problems


CLOCK_REASON_NEEDED = "The 48-hour clock is overdue or was missed: give the reason before saving."
