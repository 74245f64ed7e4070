"""Rules for the whole-family assessment: what a draft may hold and what completing it needs.

A draft can be saved with anything missing; completing it needs every domain rated and
the young person's own views recorded; the completed date cannot come before the
started date (nor either lie in the future).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from diversion_app.domain.enums import (
    AssessmentDomain,
    AssessmentStatus,
    ConcernRating,
    SafetyLevel,
)

EDITABLE_STATUSES = frozenset({AssessmentStatus.DRAFT, AssessmentStatus.RETURNED})


@dataclass(frozen=True)
class DomainRating:
    rating: ConcernRating | None = None
    notes: str = ""


@dataclass(frozen=True)
class AssessmentForm:
    """What the assessor has typed so far (a draft may leave anything empty)."""

    started_on: date
    ratings: Mapping[AssessmentDomain, DomainRating] = field(default_factory=dict)
    young_person_views: str = ""
    carer_views: str = ""
    strengths: str = ""
    safety_level: SafetyLevel | None = None
    conclusion: str = ""
    participant_ids: tuple[int, ...] = ()
    completed_on: date | None = None


def draft_problems(form: AssessmentForm, today: date) -> dict[str, str]:
    """What stops even a draft being saved: impossible dates."""
    problems: dict[str, str] = {}
    if form.started_on > today:
        problems["started_on"] = "The date started cannot be in the future."
    if form.completed_on is not None:
        if form.completed_on < form.started_on:
            problems["completed_on"] = (
                "The date completed cannot be before the date started "
                f"({form.started_on.strftime('%d/%m/%Y')})."
            )
        elif form.completed_on > today:
            problems["completed_on"] = "The date completed cannot be in the future."
    return problems


def unrated_domains(form: AssessmentForm) -> list[AssessmentDomain]:
    """The domains without a rating, in the order the form shows them."""
    return [
        domain
        for domain in AssessmentDomain
        if form.ratings.get(domain, DomainRating()).rating is None
    ]


def completion_problems(form: AssessmentForm, today: date) -> dict[str, str]:
    """Everything that stops the assessment being completed, each a plain sentence."""
    problems = draft_problems(form, today)
    unrated = unrated_domains(form)
    if unrated:
        names = ", ".join(domain.label.lower() for domain in unrated)
        problems["ratings"] = f"Rate every domain before completing; still unrated: {names}."
    if not form.young_person_views.strip():
        problems["young_person_views"] = (
            "Record the young person's own views, in their words, before completing."
        )
    if form.safety_level is None:
        problems["safety_level"] = "Choose the safety and wellbeing level before completing."
    if not form.conclusion.strip():
        problems["conclusion"] = "Write the conclusion (the recommended programme)."
    return problems
