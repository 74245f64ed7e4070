"""Police outcome codes, the Child Gravity Matrix score and the victim's part (RETURNS.md).

Outcome 8 is a Community Resolution; Outcome 22 (diversionary, educational or
intervention activity) is recorded by the police only once the activity is completed,
so a completed diversion programme tells the referring officer it can now be recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from diversion_app.domain.snapshot import RETURNS_LABELS, Answer, ReturnsEnum

GRAVITY_SCORES = (1, 2, 3, 4, 5)


class OutcomeCode(ReturnsEnum):
    OUTCOME_8 = "8"
    OUTCOME_22 = "22"
    OUTCOME_23 = "23"
    OTHER = "other"


OUTCOME_MEANINGS: dict[OutcomeCode, str] = {
    OutcomeCode.OUTCOME_8: "Outcome 8: Community Resolution (responsibility accepted)",
    OutcomeCode.OUTCOME_22: (
        "Outcome 22: diversionary, educational or intervention activity; further action "
        "not in the public interest (recorded once the activity is completed)"
    ),
    OutcomeCode.OUTCOME_23: "Outcome 23: children's deferred prosecution",
    OutcomeCode.OTHER: "Another outcome",
}

RETURNS_LABELS.update(
    {(OutcomeCode, code.value): words for code, words in OUTCOME_MEANINGS.items()}
)

GRAVITY_MEANINGS: dict[int, str] = {
    1: "1: lowest gravity",
    2: "2: the usual Community Resolution score",
    3: "3: more serious",
    4: "4: serious",
    5: "5: most serious (where the force uses it)",
}


def outcome_label(code: OutcomeCode | None) -> str:
    return "Not recorded" if code is None else OUTCOME_MEANINGS[code]


@dataclass(frozen=True)
class VictimContact:
    """Whether an offence had a victim, and their part in restorative justice."""

    has_victim: Answer = Answer.NOT_KNOWN
    rj_offered: Answer = Answer.NOT_KNOWN
    rj_took_part: Answer = Answer.NOT_KNOWN
    views_considered: Answer = Answer.NOT_KNOWN


@dataclass(frozen=True)
class PoliceOutcomeForm:
    outcome_code: OutcomeCode | None
    gravity_score: int | None
    victim: VictimContact


def victim_problems(victim: VictimContact) -> dict[str, str]:
    problems: dict[str, str] = {}
    if victim.has_victim is Answer.NO:
        for name in ("rj_offered", "rj_took_part", "views_considered"):
            if getattr(victim, name) is Answer.YES:
                problems[name] = (
                    "The offence is recorded as having no victim, so this cannot be 'Yes'."
                )
    if victim.rj_took_part is Answer.YES and victim.rj_offered is Answer.NO:
        problems["rj_took_part"] = (
            "A victim can only take part in restorative justice if offered it."
        )
    return problems


def police_outcome_problems(form: PoliceOutcomeForm) -> dict[str, str]:
    problems = victim_problems(form.victim)
    if form.gravity_score is not None and form.gravity_score not in GRAVITY_SCORES:
        problems["gravity_score"] = "The gravity score is 1 to 4 (5 where the force uses it)."
    return problems


def outcome_22_due(pathway_is_diversion: bool, programme_completed: bool) -> bool:
    """A diversion referral closed with the programme completed lets Outcome 22 be recorded."""
    return pathway_is_diversion and programme_completed
