"""The assessment, programme and closure rules over a space of inputs (hypothesis)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from diversion_app.domain.assessment import (
    AssessmentForm,
    DomainRating,
    completion_problems,
    draft_problems,
    unrated_domains,
)
from diversion_app.domain.closure import (
    ClosureForm,
    FollowUpForm,
    add_months,
    approval_problem,
    closure_problems,
    follow_up_due,
    follow_up_problems,
    within_follow_up,
)
from diversion_app.domain.enums import (
    AssessmentDomain,
    ClosureOutcome,
    ConcernRating,
    InterventionType,
    SafetyLevel,
)
from diversion_app.domain.programme import (
    InterventionForm,
    Progress,
    attendance_problem,
    intervention_problems,
)

TODAY = date(2026, 11, 28)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


def _form(rated: set[AssessmentDomain], views: str, **changes: object) -> AssessmentForm:
    values: dict[str, object] = dict(
        started_on=TODAY - timedelta(days=5),
        ratings={
            domain: DomainRating(ConcernRating.NO_CONCERN if domain in rated else None)
            for domain in AssessmentDomain
        },
        young_person_views=views,
        safety_level=SafetyLevel.LOW,
        conclusion="Mentoring.",
    )
    values.update(changes)
    return AssessmentForm(**values)  # type: ignore[arg-type]


@given(
    rated=st.sets(st.sampled_from(list(AssessmentDomain))),
    views=st.sampled_from(["", "   ", "\n", "I want to stay at school."]),
)
def test_completion_needs_every_domain_rated_and_the_young_persons_views(
    rated: set[AssessmentDomain], views: str
) -> None:
    problems = completion_problems(_form(rated, views), TODAY)
    missing = [domain for domain in AssessmentDomain if domain not in rated]
    assert unrated_domains(_form(rated, views)) == missing
    assert ("ratings" in problems) == bool(missing)
    for domain in missing:
        assert domain.label.lower() in problems["ratings"]
    assert ("young_person_views" in problems) == (not views.strip())
    assert set(problems) <= {"ratings", "young_person_views"}


@given(started=days, completed=days)
def test_completed_date_is_never_before_the_started_date(started: date, completed: date) -> None:
    form = _form(set(AssessmentDomain), "Views", started_on=started, completed_on=completed)
    today = date(2091, 1, 1)
    assert ("completed_on" in draft_problems(form, today)) == (completed < started)
    assert ("completed_on" in completion_problems(form, today)) == (completed < started)


@given(day=days, months=st.integers(min_value=0, max_value=240))
def test_add_months_keeps_the_day_or_falls_to_the_month_end(day: date, months: int) -> None:
    later = add_months(day, months)
    assert (later.year - day.year) * 12 + later.month - day.month == months
    last = calendar.monthrange(later.year, later.month)[1]
    assert later.day == min(day.day, last)


@given(closed=days)
def test_follow_up_is_due_twelve_months_after_closure(closed: date) -> None:
    due = follow_up_due(closed)
    assert (due.year, due.month) == (closed.year + 1, closed.month)
    assert 365 <= (due - closed).days <= 366
    assert within_follow_up(closed, due)
    assert not within_follow_up(closed, due + timedelta(days=1))
    assert not within_follow_up(closed, closed)


def test_a_leap_day_closure_is_followed_up_on_28_february() -> None:
    assert follow_up_due(date(2028, 2, 29)) == date(2029, 2, 28)
    assert follow_up_due(date(2027, 2, 28)) == date(2028, 2, 28)
    assert follow_up_due(date(2026, 11, 28)) == date(2027, 11, 28)


@given(
    planned=st.integers(min_value=-3, max_value=120),
    attended=st.integers(min_value=0, max_value=120),
)
def test_planned_sessions_cover_what_was_attended(planned: int, attended: int) -> None:
    problems = intervention_problems(
        InterventionForm(InterventionType.MENTORING, planned), attended
    )
    assert ("planned_sessions" in problems) == (planned < 1 or planned > 100 or attended > planned)


@given(
    planned=st.integers(min_value=1, max_value=50),
    so_far=st.integers(min_value=0, max_value=50),
    attended=st.booleans(),
    offset=st.integers(min_value=-30, max_value=30),
)
def test_one_more_session_never_takes_attendance_past_the_plan(
    planned: int, so_far: int, attended: bool, offset: int
) -> None:
    held = TODAY + timedelta(days=offset)
    problem = attendance_problem(attended, min(so_far, planned), planned, held, TODAY)
    would_exceed = attended and min(so_far, planned) + 1 > planned
    assert (problem is not None) == (would_exceed or held > TODAY)


@given(
    planned=st.integers(min_value=0, max_value=100),
    attended=st.integers(min_value=0, max_value=100),
)
def test_progress_is_a_whole_percent_in_words(planned: int, attended: int) -> None:
    progress = Progress(min(attended, planned), planned)
    assert 0 <= progress.percent <= 100
    assert progress.words.startswith(f"{progress.attended} of {planned} session")
    if planned and progress.attended == planned:
        assert progress.percent == 100


def test_progress_words() -> None:
    assert Progress(1, 3).words == "1 of 3 sessions attended (33%)"
    assert Progress(1, 1).words == "1 of 1 session attended (100%)"


@given(closed=days, received=days)
def test_closure_date_between_receipt_and_today(closed: date, received: date) -> None:
    form = ClosureForm(ClosureOutcome.OTHER, "Summary", closed)
    problems = closure_problems(form, received, TODAY)
    assert ("closed_on" in problems) == (closed > TODAY or closed < received)


def test_closure_needs_an_outcome_and_a_summary() -> None:
    problems = closure_problems(ClosureForm(None, "  ", TODAY), TODAY, TODAY)
    assert set(problems) == {"outcome", "exit_summary"}


@given(
    approver=st.one_of(st.none(), st.integers(1, 5)),
    requester=st.one_of(st.none(), st.integers(1, 5)),
)
def test_nobody_approves_their_own_closure(approver: int | None, requester: int | None) -> None:
    assert (approval_problem(approver, requester) is not None) == (
        approver is not None and approver == requester
    )


@given(
    came=st.booleans(),
    details=st.sampled_from(["", "Arrested for theft"]),
    cr=st.one_of(st.none(), st.just(4)),
    offset=st.integers(min_value=-10, max_value=10),
)
def test_follow_up_answers_hang_together(
    came: bool, details: str, cr: int | None, offset: int
) -> None:
    due = TODAY + timedelta(days=offset)
    problems = follow_up_problems(FollowUpForm(came, details, cr), due, TODAY)
    if not came:
        assert ("came_to_notice" in problems) == (due > TODAY or cr is not None)
    else:
        assert ("details" in problems) == (not details and cr is None)
        assert "came_to_notice" not in problems
