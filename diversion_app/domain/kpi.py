"""The quarterly KPI return counted from the children whose intervention ended (RETURNS.md).

Pure counting: the service hands over one ``EndedCase`` per child (their latest
intervention to end in the quarter) and ``count_kpis`` gives every measure as a
numerator over a denominator. A child with no end snapshot, or a field recorded as
"not known", is counted under "not known", never dropped. ``suppressed`` is the
small-cell rule for anything printed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from diversion_app.domain.enums import ClosureOutcome, Ethnicity, Gender, OffenceCategory
from diversion_app.domain.police_outcome import OutcomeCode
from diversion_app.domain.snapshot import (
    Answer,
    SendPlan,
    Snapshot,
    SocialCareStatus,
    Suitability,
    label,
)

SMALL_CELL = 5
SMALL_CELL_TEXT = "fewer than 5"
OUT_OF_COURT_CODES = (OutcomeCode.OUTCOME_8, OutcomeCode.OUTCOME_22, OutcomeCode.OUTCOME_23)
SERIOUS_VIOLENCE_GRAVITY = 3


def suppressed(count: int) -> str:
    """A count as printed for a panel: 1 to 4 become "fewer than 5" (0 is shown)."""
    return SMALL_CELL_TEXT if 0 < count < SMALL_CELL else str(count)


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter: Q1 January-March ... Q4 October-December."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        match = re.fullmatch(r"\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*", text)
        if match is None:
            raise ValueError(f"{text!r} is not a quarter: write it like 2026Q3")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        following = self.next()
        return date.fromordinal(following.start.toordinal() - 1)

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    @property
    def code(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.code} ({self.start.strftime('%d/%m/%Y')} to {self.end.strftime('%d/%m/%Y')})"


@dataclass(frozen=True)
class EndedCase:
    """One child whose intervention ended in the quarter, as the return counts them."""

    young_person_id: int
    ethnicity: Ethnicity
    gender: Gender
    end: Snapshot | None
    outcome_code: OutcomeCode | None
    has_community_resolution: bool
    closure_outcome: ClosureOutcome | None
    """None when the referral ended as not engaged without a closure."""
    offence_category: OffenceCategory | None
    gravity_score: int | None
    victim_present: Answer
    victim_rj_offered: Answer
    victim_rj_took_part: Answer
    victim_views_considered: Answer
    turnaround: bool
    diversion: bool = True
    """On the diversion pathway (an offence): the outcome, violence and victim measures."""

    @property
    def snapshot(self) -> Snapshot:
        return self.end or Snapshot()

    @property
    def out_of_court(self) -> bool:
        return self.outcome_code in OUT_OF_COURT_CODES or (
            self.outcome_code is None and self.has_community_resolution
        )

    @property
    def completed(self) -> bool:
        return self.closure_outcome is ClosureOutcome.PROGRAMME_COMPLETED

    @property
    def serious_violence(self) -> bool:
        if self.offence_category is OffenceCategory.WEAPONS:
            return True
        return (
            self.offence_category in (OffenceCategory.ASSAULT, OffenceCategory.SEXUAL)
            and self.gravity_score is not None
            and self.gravity_score >= SERIOUS_VIOLENCE_GRAVITY
        )


@dataclass(frozen=True)
class Measure:
    kpi: str
    """The section: "1. Accommodation" ..."""
    name: str
    numerator: int
    denominator: int
    unit: str = "children"
    """children, or hours (numerator and denominator are hours a week)."""

    @property
    def percent(self) -> float | None:
        return None if self.denominator == 0 else 100.0 * self.numerator / self.denominator


Pick = Callable[[EndedCase], bool]


def _snapshot_is(field: str, value: object) -> Pick:
    def pick(case: EndedCase) -> bool:
        return bool(getattr(case.snapshot, field) is value)

    return pick


def _count(cases: Sequence[EndedCase], pick: Pick) -> int:
    return sum(1 for case in cases if pick(case))


def _split(
    kpi: str, cases: Sequence[EndedCase], options: Sequence[tuple[str, Pick]]
) -> list[Measure]:
    return [Measure(kpi, name, _count(cases, pick), len(cases)) for name, pick in options]


def _need_block(kpi: str, prefix: str, cases: Sequence[EndedCase]) -> list[Measure]:
    def answer(case: EndedCase, name: str) -> Answer:
        value = getattr(case.snapshot, f"{prefix}_{name}")
        assert isinstance(value, Answer)
        return value

    with_need = [case for case in cases if answer(case, "need") is Answer.YES]
    return [
        Measure(
            kpi,
            "Screened",
            _count(cases, lambda c: answer(c, "screened") is Answer.YES),
            len(cases),
        ),
        Measure(
            kpi,
            "Screening not known",
            _count(cases, lambda c: answer(c, "screened") is Answer.NOT_KNOWN),
            len(cases),
        ),
        Measure(kpi, "Need identified", len(with_need), len(cases)),
        Measure(
            kpi,
            "Need not known",
            _count(cases, lambda c: answer(c, "need") is Answer.NOT_KNOWN),
            len(cases),
        ),
        Measure(
            kpi,
            "Of those with a need: intervention offered",
            _count(with_need, lambda c: answer(c, "intervention_offered") is Answer.YES),
            len(with_need),
        ),
        Measure(
            kpi,
            "Of those with a need: attending",
            _count(with_need, lambda c: answer(c, "attending") is Answer.YES),
            len(with_need),
        ),
    ]


def count_kpis(cases: Sequence[EndedCase]) -> list[Measure]:
    """Every measure of the return for one quarter's children."""
    n = len(cases)
    measures: list[Measure] = [Measure("Children", "Children whose intervention ended", n, n)]
    measures += _split(
        "Children",
        cases,
        [
            ("No end snapshot recorded (all counted as not known)", lambda c: c.end is None),
            ("Flagged for Turnaround", lambda c: c.turnaround),
        ],
    )
    measures += _split(
        "1. Accommodation",
        cases,
        [(f"{label(s)} at the end", _snapshot_is("accommodation", s)) for s in Suitability],
    )
    kpi2 = "2. Education, training and employment"
    measures += _split(
        kpi2,
        cases,
        [
            (
                "In suitable education, training or employment",
                lambda c: c.snapshot.ete_suitable is Answer.YES,
            ),
            ("Not suitable", lambda c: c.snapshot.ete_suitable is Answer.NO),
            ("Not known", lambda c: c.snapshot.ete_suitable is Answer.NOT_KNOWN),
        ],
    )
    with_hours = [
        c
        for c in cases
        if c.snapshot.ete_hours_offered is not None and c.snapshot.ete_hours_attended is not None
    ]
    measures.append(
        Measure(
            kpi2,
            "Hours attended of hours offered a week (children with both recorded)",
            sum(c.snapshot.ete_hours_attended or 0 for c in with_hours),
            sum(c.snapshot.ete_hours_offered or 0 for c in with_hours),
            unit="hours",
        )
    )
    measures.append(Measure(kpi2, "Hours not recorded", n - len(with_hours), n))
    kpi3 = "3. Special educational needs or disability"
    send = [c for c in cases if c.snapshot.send_identified is Answer.YES]
    measures += [
        Measure(kpi3, "SEND identified", len(send), n),
        Measure(
            kpi3,
            "Not known",
            _count(cases, lambda c: c.snapshot.send_identified is Answer.NOT_KNOWN),
            n,
        ),
        Measure(
            kpi3,
            "Of those with SEND: a formal plan (EHCP or SEN support)",
            _count(send, lambda c: c.snapshot.send_plan in (SendPlan.EHCP, SendPlan.SEN_SUPPORT)),
            len(send),
        ),
        Measure(
            kpi3,
            "Of those with SEND: an EHCP",
            _count(send, lambda c: c.snapshot.send_plan is SendPlan.EHCP),
            len(send),
        ),
        Measure(
            kpi3,
            "Of those with SEND: plan not known",
            _count(send, lambda c: c.snapshot.send_plan is SendPlan.NOT_KNOWN),
            len(send),
        ),
    ]
    measures += _need_block("4. Mental health and emotional wellbeing", "mh", cases)
    measures += _need_block("5. Substance misuse", "sm", cases)
    kpi6 = "6. Out-of-court disposals"
    oocd = [c for c in cases if c.out_of_court]
    offences = [c for c in cases if c.diversion]
    measures += [
        Measure(kpi6, "Children with an out-of-court disposal", len(oocd), n),
        Measure(
            kpi6, "Of those: intervention completed", _count(oocd, lambda c: c.completed), len(oocd)
        ),
        Measure(kpi6, "Children on the diversion pathway (an offence)", len(offences), n),
        Measure(
            kpi6,
            "Of those: outcome code not recorded",
            _count(offences, lambda c: c.outcome_code is None and not c.has_community_resolution),
            len(offences),
        ),
    ]
    measures += _split(
        "8. Links to wider services (children's social care)",
        cases,
        [(label(s), _snapshot_is("social_care", s)) for s in SocialCareStatus],
    )
    kpi9 = "9. Serious violence"
    measures += [
        Measure(
            kpi9, "Offence of serious violence", _count(cases, lambda c: c.serious_violence), n
        ),
        Measure(
            kpi9,
            "Diversion children whose offence category is not known",
            _count(offences, lambda c: c.offence_category is None),
            len(offences),
        ),
    ]
    kpi10 = "10. Victims"
    victims = [c for c in offences if c.victim_present is Answer.YES]
    measures += [
        Measure(kpi10, "Offences with a victim", len(victims), len(offences)),
        Measure(
            kpi10,
            "Victim not known",
            _count(offences, lambda c: c.victim_present is Answer.NOT_KNOWN),
            len(offences),
        ),
        Measure(
            kpi10,
            "Of those: victim offered restorative justice",
            _count(victims, lambda c: c.victim_rj_offered is Answer.YES),
            len(victims),
        ),
        Measure(
            kpi10,
            "Of those: victim took part",
            _count(victims, lambda c: c.victim_rj_took_part is Answer.YES),
            len(victims),
        ),
        Measure(
            kpi10,
            "Of those: victim's views taken into account",
            _count(victims, lambda c: c.victim_views_considered is Answer.YES),
            len(victims),
        ),
    ]
    return measures


FAIRNESS_ETHNICITIES = (
    Ethnicity.ASIAN,
    Ethnicity.BLACK,
    Ethnicity.MIXED,
    Ethnicity.WHITE,
    Ethnicity.OTHER,
    Ethnicity.NOT_STATED,
)
FAIRNESS_SEXES = (Gender.FEMALE, Gender.MALE, Gender.NON_BINARY, Gender.NOT_KNOWN)


@dataclass(frozen=True)
class GroupRow:
    """One group of a fairness breakdown: how many, and how many completed."""

    group: str
    count: int
    total: int
    completed: int

    @property
    def share(self) -> float | None:
        return None if self.total == 0 else 100.0 * self.count / self.total


def _group(name: str, members: Sequence[EndedCase], total: int) -> GroupRow:
    return GroupRow(name, len(members), total, _count(members, lambda c: c.completed))


def fairness(cases: Sequence[EndedCase]) -> tuple[list[GroupRow], list[GroupRow]]:
    """The quarter's children by ethnicity (five ONS groups and not stated) and by sex."""
    total = len(cases)
    by_ethnicity = [
        _group(e.label, [c for c in cases if c.ethnicity is e], total) for e in FAIRNESS_ETHNICITIES
    ]
    by_sex = [_group(g.label, [c for c in cases if c.gender is g], total) for g in FAIRNESS_SEXES]
    return by_ethnicity, by_sex


KPI_DEFINITIONS: list[tuple[str, str]] = [
    (
        "Who is counted",
        "Each child whose intervention ended in the quarter: an approved closure with a "
        "closure date in the quarter, or a referral ended as not engaged in the quarter. A "
        "child with more than one is counted once, by the latest. Quarters are calendar "
        "quarters (Q1 January to March).",
    ),
    (
        "Not known",
        "A child with no end snapshot is counted as not known on every snapshot measure; "
        "nobody is dropped, so each group of rows adds up to the children counted.",
    ),
    ("1. Accommodation", "Suitability of accommodation in the end snapshot."),
    (
        "2. Education, training and employment",
        "Whether the education, training or employment at the end was suitable; hours "
        "attended over hours offered a week, for children with both recorded (school age: "
        "25 hours a week is full time).",
    ),
    (
        "3. SEND",
        "SEND identified at the end, and of those, a formal plan: an education, health and "
        "care plan (EHCP) or SEN support.",
    ),
    (
        "4. and 5. Mental health; substance misuse",
        "Screened and need identified, over all children; intervention offered and "
        "attending, over the children with a need identified.",
    ),
    (
        "6. Out-of-court disposals",
        "A police outcome code 8, 22 or 23 on the referral (or a linked Community "
        "Resolution, Outcome 8, where no code is recorded); completed means the closure "
        "outcome was programme completed. A missing outcome code is counted among the "
        "children on the diversion pathway, who have an offence.",
    ),
    ("7. Management board attendance", "Not case-level: not part of this return."),
    ("8. Social care", "Children's social care status in the end snapshot."),
    (
        "9. Serious violence",
        "Our reading: the linked offence is a weapons offence, or an assault or sexual "
        "offence with a Child Gravity Matrix score of 3 or more.",
    ),
    (
        "10. Victims",
        "Among the children on the diversion pathway (an offence): offences with a victim, "
        "and of those, whether the victim was offered restorative justice, took part, and "
        "had their views taken into account.",
    ),
    (
        "Small numbers",
        "In print, any count from 1 to 4 is shown as 'fewer than 5' and its percentage is "
        "left out, so that no child can be recognised. The CSV for the YJB's web forms "
        "carries the exact figures and must be handled as OFFICIAL-SENSITIVE.",
    ),
    (
        "Fairness",
        "Children counted by ethnicity (the five ONS groups, and not stated) and by sex, "
        "with how many completed their programme.",
    ),
]
