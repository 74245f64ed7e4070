"""Turnaround eligibility (MoJ guidance, RETURNS.md): eligible or not, with every reason.

Aged 10 to 17; in the last three months a qualifying event (an anti-social behaviour
measure, no further action, a Community Resolution, a first youth caution, released
under investigation or on bail, discharged or acquitted); never referred to
Turnaround before; not looked after, not on a child protection plan, never on a
statutory court order. No admission of guilt is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from diversion_app.domain.ages import age_on
from diversion_app.domain.closure import add_months
from diversion_app.domain.snapshot import RETURNS_LABELS, ReturnsEnum

QUALIFYING_MONTHS = 3


class TurnaroundEvent(ReturnsEnum):
    ASB_MEASURE = "asb_measure"
    NO_FURTHER_ACTION = "no_further_action"
    COMMUNITY_RESOLUTION = "community_resolution"
    FIRST_YOUTH_CAUTION = "first_youth_caution"
    RUI_OR_BAIL = "rui_or_bail"
    DISCHARGED_ACQUITTED = "discharged_acquitted"


EVENT_LABELS: dict[TurnaroundEvent, str] = {
    TurnaroundEvent.ASB_MEASURE: "Anti-social behaviour measure",
    TurnaroundEvent.NO_FURTHER_ACTION: "No further action",
    TurnaroundEvent.COMMUNITY_RESOLUTION: "Community Resolution",
    TurnaroundEvent.FIRST_YOUTH_CAUTION: "First youth caution",
    TurnaroundEvent.RUI_OR_BAIL: "Released under investigation or on bail",
    TurnaroundEvent.DISCHARGED_ACQUITTED: "Discharged or acquitted",
}
RETURNS_LABELS.update(
    {(TurnaroundEvent, event.value): words for event, words in EVENT_LABELS.items()}
)


@dataclass(frozen=True)
class TurnaroundFacts:
    date_of_birth: date
    event: TurnaroundEvent | None
    event_date: date | None
    referred_before: bool
    looked_after: bool
    child_protection_plan: bool
    statutory_order: bool


@dataclass(frozen=True)
class TurnaroundDecision:
    eligible: bool
    reasons: tuple[str, ...]
    """Why not (each in a sentence); for an eligible child, what made them so."""


def turnaround_eligibility(facts: TurnaroundFacts, today: date) -> TurnaroundDecision:
    against: list[str] = []
    age = age_on(facts.date_of_birth, today)
    if not 10 <= age <= 17:
        against.append(f"Aged {age} today: Turnaround is for ages 10 to 17.")
    if facts.event is None or facts.event_date is None:
        against.append("No qualifying event (with its date) is recorded.")
    elif facts.event_date > today:
        against.append("The qualifying event's date is in the future.")
    elif facts.event_date < add_months(today, -QUALIFYING_MONTHS):
        against.append(
            f"The qualifying event ({facts.event_date.strftime('%d/%m/%Y')}) was more than "
            "three months ago."
        )
    if facts.referred_before:
        against.append("Already referred to Turnaround once: it is once per child.")
    if facts.looked_after:
        against.append("A looked-after child is not eligible.")
    if facts.child_protection_plan:
        against.append("A child on a child protection plan is not eligible.")
    if facts.statutory_order:
        against.append("A child who has been on a statutory court order is not eligible.")
    if against:
        return TurnaroundDecision(False, tuple(against))
    assert facts.event is not None and facts.event_date is not None
    return TurnaroundDecision(
        True,
        (
            f"Aged {age}; {EVENT_LABELS[facts.event].lower()} on "
            f"{facts.event_date.strftime('%d/%m/%Y')}, within three months; not referred "
            "before; not looked after, not on a child protection plan, no statutory order.",
        ),
    )
