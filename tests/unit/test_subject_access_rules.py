"""The subject access rules: the one-month deadline, and whose names are withheld."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from diversion_app.domain.enums import Relationship
from diversion_app.domain.subject_access import (
    WITHHELD,
    add_months,
    extended_due,
    may_be_named,
    redact,
    reply_due,
)


def test_the_reply_is_due_on_the_same_day_next_month_or_the_months_last_day() -> None:
    assert reply_due(date(2026, 1, 3)) == date(2026, 2, 3)
    assert reply_due(date(2026, 1, 31)) == date(2026, 2, 28)
    assert reply_due(date(2028, 1, 31)) == date(2028, 2, 29)
    assert reply_due(date(2026, 12, 15)) == date(2027, 1, 15)
    assert extended_due(date(2026, 11, 30)) == date(2027, 2, 28)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_the_due_date_is_within_a_calendar_month(received: date) -> None:
    due = reply_due(received)
    assert 28 <= (due - received).days <= 31
    assert (due.year * 12 + due.month) - (received.year * 12 + received.month) == 1
    assert due.day == received.day or due.day < received.day  # clamped to the month's end
    assert add_months(received, 0) == received


def test_only_the_young_persons_own_parents_and_carers_are_named() -> None:
    named = {r for r in Relationship if may_be_named(r)}
    assert named == {
        Relationship.MOTHER,
        Relationship.FATHER,
        Relationship.STEP_PARENT,
        Relationship.CARER,
    }


@given(st.sampled_from(["Tom", "Agatha Quill", "Mrs O'Neil"]), st.text(max_size=40))
def test_a_third_partys_name_never_survives_redaction(name: str, around: str) -> None:
    text = f"{around} {name} said {name.upper()} was there. {around}"
    redacted = redact(text, {name})
    assert f" {WITHHELD} said {WITHHELD} was there. " in redacted
    # nowhere a whole word, whatever surrounds it ("TOM0" merely contains the name: kept)
    whole_word = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
    assert whole_word.search(redacted) is None


def test_a_name_inside_a_longer_word_is_not_a_mention() -> None:
    assert redact("TOM0 and Tom", {"Tom"}) == f"TOM0 and {WITHHELD}"


def test_redaction_keeps_words_that_merely_contain_a_name() -> None:
    assert redact("Tomorrow Tom came", {"Tom"}) == f"Tomorrow {WITHHELD} came"
