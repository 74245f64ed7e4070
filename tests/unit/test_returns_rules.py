"""Snapshot, police outcome and victim checks; Turnaround eligibility; quarters; small cells."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diversion_app.domain.kpi import Quarter, suppressed
from diversion_app.domain.police_outcome import (
    PoliceOutcomeForm,
    VictimContact,
    police_outcome_problems,
)
from diversion_app.domain.snapshot import (
    AccommodationType,
    Answer,
    EteType,
    SendPlan,
    Snapshot,
    Suitability,
    snapshot_from_values,
    snapshot_problems,
)
from diversion_app.domain.turnaround import (
    TurnaroundEvent,
    TurnaroundFacts,
    turnaround_eligibility,
)

TODAY = date(2026, 11, 30)


def test_an_empty_snapshot_is_all_not_known_and_valid() -> None:
    blank = Snapshot()
    assert snapshot_problems(blank) == {}
    assert blank.not_known_count == len(blank.as_dict())


def test_snapshot_problems_say_what_to_fix() -> None:
    bad = Snapshot(
        ete_type=EteType.NONE,
        ete_hours_offered=10,
        ete_hours_attended=12,
        send_identified=Answer.NO,
        send_plan=SendPlan.EHCP,
        mh_intervention_offered=Answer.NO,
        mh_attending=Answer.YES,
        accommodation=Suitability.SUITABLE,
        accommodation_type=AccommodationType.NO_FIXED_ABODE,
    )
    problems = snapshot_problems(bad)
    assert set(problems) == {
        "ete_hours_offered",
        "ete_hours_attended",
        "send_plan",
        "mh_attending",
        "accommodation",
    }
    assert snapshot_problems(Snapshot(ete_hours_offered=61))["ete_hours_offered"].startswith(
        "Hours a week must be between 0 and 60"
    )


def test_a_snapshot_round_trips_through_its_stored_values() -> None:
    full = Snapshot(
        accommodation=Suitability.UNSUITABLE,
        ete_type=EteType.COLLEGE,
        ete_hours_offered=16,
        ete_hours_attended=12,
        send_plan=SendPlan.SEN_SUPPORT,
    )
    assert snapshot_from_values(full.as_dict()) == full
    assert snapshot_from_values({"accommodation": "nonsense"}) == Snapshot()


def test_victim_answers_must_agree() -> None:
    form = PoliceOutcomeForm(
        None, 7, VictimContact(Answer.NO, Answer.YES, Answer.NOT_KNOWN, Answer.NOT_KNOWN)
    )
    problems = police_outcome_problems(form)
    assert set(problems) == {"gravity_score", "rj_offered"}
    took_part = VictimContact(Answer.YES, Answer.NO, Answer.YES, Answer.YES)
    assert "rj_took_part" in police_outcome_problems(PoliceOutcomeForm(None, 2, took_part))


def _facts(**changes: object) -> TurnaroundFacts:
    values: dict[str, object] = {
        "date_of_birth": date(2012, 6, 1),
        "event": TurnaroundEvent.COMMUNITY_RESOLUTION,
        "event_date": date(2026, 10, 1),
        "referred_before": False,
        "looked_after": False,
        "child_protection_plan": False,
        "statutory_order": False,
    }
    values.update(changes)
    return TurnaroundFacts(**values)  # type: ignore[arg-type]


def test_turnaround_eligible_child() -> None:
    decision = turnaround_eligibility(_facts(), TODAY)
    assert decision.eligible
    assert "Aged 14" in decision.reasons[0]


def test_turnaround_gives_every_reason_against() -> None:
    decision = turnaround_eligibility(
        _facts(
            date_of_birth=date(2008, 1, 1),
            event_date=date(2026, 8, 29),
            referred_before=True,
            looked_after=True,
            child_protection_plan=True,
            statutory_order=True,
        ),
        TODAY,
    )
    assert not decision.eligible
    assert len(decision.reasons) == 6
    assert "Aged 18 today" in decision.reasons[0]
    assert "more than three months ago" in decision.reasons[1]


@given(st.dates(min_value=date(2026, 8, 1), max_value=date(2026, 11, 30)))
def test_turnaround_three_months_boundary(event_date: date) -> None:
    decision = turnaround_eligibility(_facts(event_date=event_date), TODAY)
    assert decision.eligible == (event_date >= date(2026, 8, 30))


def test_quarters() -> None:
    q = Quarter.parse("2026Q3")
    assert (q.start, q.end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert q.previous() == Quarter(2026, 2)
    assert Quarter.parse("2026q1").previous() == Quarter(2025, 4)
    assert Quarter(2025, 4).end == date(2025, 12, 31)
    with pytest.raises(ValueError):
        Quarter.parse("2026Q5")


@given(st.integers(min_value=0, max_value=10_000))
def test_small_cells_are_suppressed(count: int) -> None:
    text = suppressed(count)
    assert (text == "fewer than 5") == (1 <= count <= 4)
    if text != "fewer than 5":
        assert int(text) == count
