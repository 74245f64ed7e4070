"""Rules for referrals: who may be referred on which pathway, and how a status may move.

Status runs received -> allocated -> contacted -> assessed -> programme -> closed; a
referral can also be declined (not eligible) or closed as not engaged at any point,
with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from diversion_app.domain.ages import pathway_age_problem
from diversion_app.domain.enums import Pathway, ReferralReason, ReferralSource, ReferralStatus
from diversion_app.domain.timekeeping import ensure_utc, london_today

S = ReferralStatus

FORWARD_ORDER: tuple[ReferralStatus, ...] = (
    S.RECEIVED,
    S.ALLOCATED,
    S.CONTACTED,
    S.ASSESSED,
    S.PROGRAMME,
    S.CLOSED,
)
ENDINGS_NEEDING_A_REASON = frozenset({S.DECLINED, S.NOT_ENGAGED})


def transition_problem(
    current: ReferralStatus, new: ReferralStatus, reason: str | None
) -> str | None:
    """None if a referral may move from ``current`` to ``new``; else a plain sentence why not."""
    if not current.is_open:
        return (
            f"This referral is already {current.label.lower()}; "
            f"it cannot be changed to {new.label.lower()}."
        )
    if new in ENDINGS_NEEDING_A_REASON:
        if not (reason or "").strip():
            return f"Give a reason for marking the referral {new.label.lower()}."
        return None
    if new not in FORWARD_ORDER or FORWARD_ORDER.index(new) <= FORWARD_ORDER.index(current):
        return f"A referral that is {current.label.lower()} cannot go back to {new.label.lower()}."
    return None


def advanced_to(current: ReferralStatus, target: ReferralStatus) -> ReferralStatus:
    """``target`` if it is further along the forward order than ``current``, else ``current``."""
    if current not in FORWARD_ORDER or target not in FORWARD_ORDER:
        return current
    return target if FORWARD_ORDER.index(target) > FORWARD_ORDER.index(current) else current


@dataclass(frozen=True)
class ReferralDraft:
    """What a person types to make a referral (validated by ``referral_problems``)."""

    young_person_id: int
    pathway: Pathway
    source: ReferralSource
    referrer_name: str
    received_at: datetime
    reasons: tuple[ReferralReason, ...]
    referrer_contact: str = ""
    reason_notes: str = ""
    community_resolution_id: int | None = None
    offence_details: str = ""
    offence_date: date | None = None
    consent_young_person: bool = False
    consent_parent_carer: bool = False
    consent_to_share: bool = False


def referral_problems(draft: ReferralDraft, date_of_birth: date, now: datetime) -> dict[str, str]:
    """Every field that cannot be saved, with a plain sentence saying what to fix."""
    problems = referral_detail_problems(draft, now)
    received = ensure_utc(draft.received_at)
    if draft.pathway is Pathway.DIVERSION:
        if draft.offence_date is None:
            return problems  # referral_detail_problems has asked for it
        age_problem = pathway_age_problem(Pathway.DIVERSION, date_of_birth, draft.offence_date)
    else:
        age_problem = pathway_age_problem(Pathway.PREVENTION, date_of_birth, london_today(received))
    if age_problem:
        problems["pathway"] = age_problem
    return problems


def referral_detail_problems(draft: ReferralDraft, now: datetime) -> dict[str, str]:
    """The problems that do not depend on who the young person is (a form can show them
    before the young person has been chosen)."""
    problems: dict[str, str] = {}
    received = ensure_utc(draft.received_at)
    if received > ensure_utc(now):
        problems["received_at"] = (
            "The date and time received cannot be in the future; a late referral can be back-dated."
        )
    if not draft.referrer_name.strip():
        problems["referrer_name"] = "Enter the name of the person making the referral."
    if not draft.reasons:
        problems["reasons"] = "Choose at least one reason for the referral."
    if ReferralReason.OTHER in draft.reasons and not draft.reason_notes.strip():
        problems["reason_notes"] = "Describe the 'other' reason."
    if (
        draft.pathway is Pathway.DIVERSION
        and draft.community_resolution_id is None
        and not draft.offence_details.strip()
    ):
        problems["offence_details"] = (
            "A diversion referral needs the linked Community Resolution or the offence details."
        )
    offence_problem = offence_date_problem(draft, received, now)
    if offence_problem:
        problems["offence_date"] = offence_problem
    return problems


def offence_date_problem(draft: ReferralDraft, received: datetime, now: datetime) -> str | None:
    """The offence date's rules (DOMAIN.md): required on a diversion referral (a linked CR
    gives its own), never in the future, and not after the referral was received."""
    day = draft.offence_date
    if day is None:
        if draft.pathway is Pathway.DIVERSION and draft.community_resolution_id is None:
            return (
                "Give the offence date: a diversion referral's eligibility (age 10-17) "
                "is judged on it."
            )
        return None
    if day > london_today(now):
        return "The offence date cannot be in the future."
    if day > london_today(received):
        return "The offence date cannot be after the day the referral was received."
    return None
