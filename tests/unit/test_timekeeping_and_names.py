"""UK dates, Europe/London display, and name normalisation."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from diversion_app.domain.errors import DomainError
from diversion_app.domain.names import format_postcode, normalise_name, normalise_postcode
from diversion_app.domain.timekeeping import (
    LONDON,
    format_date,
    format_datetime,
    format_duration,
    format_time,
    london_to_utc,
    parse_uk_date,
    to_london,
)


def test_uk_date_parsing() -> None:
    assert parse_uk_date("05/03/2011") == date(2011, 3, 5)
    assert parse_uk_date(" 5/3/2011 ") == date(2011, 3, 5)


@pytest.mark.parametrize("text", ["31/02/2012", "2011-03-05", "yesterday", "13/13/2013", ""])
def test_bad_dates_are_refused_plainly(text: str) -> None:
    with pytest.raises(DomainError) as error:
        parse_uk_date(text)
    assert "05/03/2011" in str(error.value) or "not a real date" in str(error.value)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_uk_dates_round_trip(day: date) -> None:
    assert parse_uk_date(format_date(day)) == day


@given(
    st.datetimes(
        min_value=datetime(1000, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.sampled_from([UTC, LONDON]),
    )
)
@example(datetime(1979, 3, 18, 2, 0, tzinfo=LONDON))  # in the spring gap: shown as 03:00
def test_dates_and_times_read_as_strftime_writes_them(instant: datetime) -> None:
    # London's wall time of the instant, as the application reads it (by way of UTC, so
    # that a London time in the spring gap is first made a real instant)
    local = to_london(instant)
    assert format_datetime(instant) == local.strftime("%d/%m/%Y %H:%M")
    assert format_time(instant) == local.strftime("%H:%M")
    assert format_date(instant) == local.strftime("%d/%m/%Y")
    assert format_date(instant.date()) == instant.date().strftime("%d/%m/%Y")


def test_display_is_europe_london_24_hour() -> None:
    assert format_datetime(datetime(2026, 7, 1, 13, 5, tzinfo=UTC)) == "01/07/2026 14:05"
    assert format_datetime(datetime(2026, 12, 1, 13, 5, tzinfo=UTC)) == "01/12/2026 13:05"


def test_london_wall_time_in_the_gap_and_the_overlap() -> None:
    # 01:30 on 29/03/2026 does not exist in London: moved on to 02:30 BST (01:30 UTC)
    assert london_to_utc(datetime(2026, 3, 29, 1, 30)) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    # 01:30 on 25/10/2026 happens twice: the first (BST) is taken
    assert london_to_utc(datetime(2026, 10, 25, 1, 30)) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_duration_format() -> None:
    assert format_duration(timedelta(hours=31, minutes=20, seconds=59)) == "31 h 20 m"
    assert format_duration(timedelta(minutes=-5)) == "0 h 00 m"


def test_names_fold_case_accents_and_punctuation_but_keep_other_scripts() -> None:
    assert normalise_name("  Zoë  O’Brien-Smith ") == "zoe obriensmith"
    assert normalise_name("SIOBHÁN") == normalise_name("siobhan")
    assert normalise_name("Мария") == "мария"
    assert normalise_name("王小明") == "王小明"


def test_postcodes() -> None:
    assert normalise_postcode(" dm1 2ab ") == "DM12AB"
    assert format_postcode("dm12ab") == "DM1 2AB"
