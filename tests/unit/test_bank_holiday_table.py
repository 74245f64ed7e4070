"""The bank holiday table is the ``holidays`` package's own answer for every year it
covers (a newer package that changes a year fails here: write the table again), and
years outside it are asked of the package."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from diversion_app.domain import bank_holiday_table
from diversion_app.domain.bank_holiday_table import (
    FIRST_YEAR,
    LAST_YEAR,
    bank_holidays_in,
    from_package,
    table_source,
)
from diversion_app.domain.working_days import WorkingCalendar, bank_holiday_name


def test_the_table_is_the_package_for_every_year_it_covers() -> None:
    differing = [
        year
        for year in range(FIRST_YEAR, LAST_YEAR + 1)
        if bank_holidays_in(year) != from_package(year)
    ]
    assert differing == [], (
        "the holidays package differs from the table for these years; run "
        "python -m diversion_app.domain.bank_holiday_table --write"
    )


def test_the_table_file_is_what_the_writer_writes() -> None:
    written = Path(bank_holiday_table.__file__).with_name("bank_holiday_dates.py")
    assert written.read_text(encoding="utf-8") == table_source(FIRST_YEAR, LAST_YEAR)


def test_the_table_covers_ten_years_back_and_the_deadlines_ahead() -> None:
    this_year = date.today().year
    assert this_year - 11 >= FIRST_YEAR and this_year + 5 <= LAST_YEAR


@pytest.mark.parametrize("year", [FIRST_YEAR - 1, LAST_YEAR + 1])
def test_years_outside_the_table_come_from_the_package(year: int) -> None:
    assert bank_holidays_in(year) == from_package(year)
    assert len(bank_holidays_in(year)) >= 8


def test_one_off_bank_holidays_are_in_the_table() -> None:
    # the state funeral (19/09/2022) and the coronation (08/05/2023): not rule-made days
    assert bank_holiday_name(date(2022, 9, 19)) is not None
    assert bank_holiday_name(date(2023, 5, 8)) is not None
    assert not WorkingCalendar().is_working_day(date(2022, 9, 19))
    assert bank_holiday_name(date(2022, 9, 20)) is None


def test_the_writer_refuses_anything_but_write(capsys: pytest.CaptureFixture[str]) -> None:
    assert bank_holiday_table.main([]) == 2
    assert "--write" in capsys.readouterr().out
