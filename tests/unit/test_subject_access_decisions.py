"""The rules for a subject access request after it is recorded, over a space of dates:
the one extension lands three calendar months after receipt, never before the first due
date, only within the first month and only once; withdrawing and marking answered need
an open request and a reason in words."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diversion_app.domain.errors import ValidationError
from diversion_app.domain.subject_access import RequestStatus, add_months, reply_due
from diversion_app.domain.subject_access_decisions import (
    ExtensionGround,
    RequestState,
    check_answered,
    check_extension,
    check_withdrawal,
)

REASON = "Records from several referrals to read through."
received_days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


def _open(received: date) -> RequestState:
    return RequestState(RequestStatus.OPEN, received, reply_due(received))


@given(received_days, st.integers(min_value=0, max_value=31), st.sampled_from(ExtensionGround))
def test_an_extension_within_the_first_month_lands_three_months_after_receipt(
    received: date, days_in: int, ground: ExtensionGround
) -> None:
    state = _open(received)
    today = received + timedelta(days=days_in)
    if today > state.due_on:
        with pytest.raises(ValidationError, match="within the first month"):
            check_extension(state, ground, REASON, today)
        return
    new_due = check_extension(state, ground, REASON, today)
    assert new_due == add_months(received, 3)
    assert new_due > state.due_on
    assert (new_due - received).days <= 92  # never more than three calendar months
    extended = RequestState(RequestStatus.OPEN, received, new_due)
    assert extended.extended
    with pytest.raises(ValidationError, match="only once"):
        check_extension(extended, ground, REASON, today)


@given(received_days, st.sampled_from([RequestStatus.SENT, RequestStatus.WITHDRAWN]))
def test_nothing_is_decided_on_a_closed_request(received: date, status: RequestStatus) -> None:
    state = RequestState(status, received, reply_due(received))
    for decide in (
        lambda: check_extension(state, ExtensionGround.COMPLEX, REASON, received),
        lambda: check_withdrawal(state, REASON),
        lambda: check_answered(state, received, REASON, received),
    ):
        with pytest.raises(ValidationError, match=f"already {status.label.lower()}"):
            decide()


@given(st.text(max_size=9))
def test_a_reason_of_a_few_characters_is_not_enough(words: str) -> None:
    state = _open(date(2026, 11, 2))
    with pytest.raises(ValidationError) as problems:
        check_withdrawal(state, words)
    assert set(problems.value.problems) == {"reason"}
    with pytest.raises(ValidationError) as problems:
        check_extension(state, None, words, date(2026, 11, 3))
    assert set(problems.value.problems) == {"ground", "reason"}


def test_an_answer_is_dated_between_receipt_and_today() -> None:
    state = _open(date(2026, 11, 2))
    today = date(2026, 11, 28)
    check_answered(state, date(2026, 11, 2), "Posted to the requester.", today)
    check_answered(state, today, "Handed over at the office.", today)
    for day, words in (
        (date(2026, 11, 1), "before the request was received"),
        (date(2026, 11, 29), "cannot be in the future"),
        (None, "Give the date"),
    ):
        with pytest.raises(ValidationError, match=words):
            check_answered(state, day, "Posted to the requester.", today)
