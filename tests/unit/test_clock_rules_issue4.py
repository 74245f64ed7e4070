"""More of the 48-hour clock and the contact rules: one party never meets it, the Saturday
before the clocks change in any year, back-dated referrals, and contact dating."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from diversion_app.domain.clock import ClockState, ContactEvent, due_at, met_at, read_clock
from diversion_app.domain.contact_rules import ContactDraft, contact_problems
from diversion_app.domain.enums import ContactMethod, ContactOutcome
from diversion_app.domain.timekeeping import format_datetime, london_to_utc, to_london

instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31), timezones=st.just(UTC)
)
within_days = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=4))


@given(
    received=instants,
    offsets=st.lists(within_days, min_size=1, max_size=8),
    carer_side=st.booleans(),
)
def test_contacts_with_only_the_child_or_only_a_carer_never_meet_the_clock(
    received: datetime, offsets: list[timedelta], carer_side: bool
) -> None:
    contacts = [ContactEvent(received + offset, not carer_side, carer_side) for offset in offsets]
    assert met_at(contacts) is None
    reading = read_clock(received, contacts, received + timedelta(days=5))
    assert reading.state is ClockState.OVERDUE


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


@given(year=st.integers(min_value=2000, max_value=2040), autumn=st.booleans())
def test_saturday_0130_before_the_clocks_change_is_due_48_elapsed_hours_later(
    year: int, autumn: bool
) -> None:
    sunday = _last_sunday(year, 10 if autumn else 3)
    saturday = sunday - timedelta(days=1)
    received = london_to_utc(datetime(saturday.year, saturday.month, saturday.day, 1, 30))
    due = to_london(due_at(received))
    assert due_at(received) - received == timedelta(hours=48)
    monday = sunday + timedelta(days=1)
    assert due.date() == monday
    # one hour gained in autumn (due 00:30 on the wall clock), lost in spring (02:30)
    assert (due.hour, due.minute) == ((0, 30) if autumn else (2, 30))
    assert due.utcoffset() == (timedelta(0) if autumn else timedelta(hours=1))


def test_the_two_saturdays_of_2026_in_words() -> None:
    autumn = london_to_utc(datetime(2026, 10, 24, 1, 30))
    spring = london_to_utc(datetime(2026, 3, 28, 1, 30))
    assert format_datetime(due_at(autumn)) == "26/10/2026 00:30"
    assert format_datetime(due_at(spring)) == "30/03/2026 02:30"


@given(
    now=instants,
    late=st.timedeltas(min_value=timedelta(hours=48, seconds=1), max_value=timedelta(days=30)),
)
def test_a_back_dated_referral_can_already_be_overdue(now: datetime, late: timedelta) -> None:
    reading = read_clock(now - late, [], now)
    assert reading.state is ClockState.OVERDUE
    assert reading.state.needs_reason
    assert reading.summary.startswith("overdue by ")


def _draft(when: datetime, *, child: bool = True, carer: int | None = None) -> ContactDraft:
    return ContactDraft(
        referral_id=1,
        occurred_at=when,
        method=ContactMethod.HOME_VISIT,
        outcome=ContactOutcome.MADE_CONTACT,
        with_young_person=child,
        carer_member_id=carer,
    )


@given(
    received=instants,
    before=st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=9)),
)
def test_a_contact_before_the_referral_was_received_is_refused(
    received: datetime, before: timedelta
) -> None:
    problems = contact_problems(_draft(received - before), received, received + timedelta(days=1))
    assert problems["occurred_at"].startswith("A contact cannot be dated before the referral")


def test_contact_rules_future_and_whom() -> None:
    received = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    now = received + timedelta(hours=5)
    assert contact_problems(_draft(now, carer=3), received, now) == {}
    future = contact_problems(_draft(now + timedelta(minutes=1)), received, now)
    assert "future" in future["occurred_at"]
    nobody = contact_problems(_draft(now, child=False), received, now)
    assert set(nobody) == {"with_whom"}
    attempt = ContactDraft(1, now, ContactMethod.PHONE, ContactOutcome.NO_ANSWER, True, 3)
    assert not attempt.reached_young_person and not attempt.reached_carer
    assert _draft(now, carer=3).reached_carer
