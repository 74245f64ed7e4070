"""The bank holidays of England and Wales, as a table made from the ``holidays`` package.

Importing ``holidays`` imports every country it knows (about a quarter of a second at
each start, and the first page's deadlines need the calendar), so the days the scheme
uses are kept here as data written by the package itself, never typed by hand:

    python -m diversion_app.domain.bank_holiday_table --write

rewrites ``bank_holiday_dates.py`` from the installed package. A test compares this
table with the package for every year it covers, so a newer package that adds or moves a
bank holiday fails the suite until the table is written again. Years outside the table
are read from the package itself.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from functools import lru_cache
from pathlib import Path

from diversion_app.domain import bank_holiday_dates

FIRST_YEAR = bank_holiday_dates.FIRST_YEAR
LAST_YEAR = bank_holiday_dates.LAST_YEAR
FIRST_YEAR_WRITTEN = 1990
LAST_YEAR_WRITTEN = 2075
"""The years ``--write`` covers: ten years of records back, the deadlines ahead."""


@lru_cache(maxsize=1)
def _table() -> dict[int, dict[date, str]]:
    by_year: dict[int, dict[date, str]] = {}
    for text, name in bank_holiday_dates.BANK_HOLIDAYS:
        day = date.fromisoformat(text)
        by_year.setdefault(day.year, {})[day] = name
    return by_year


def from_package(year: int) -> dict[date, str]:
    """The year's bank holidays of England and Wales as the ``holidays`` package gives them."""
    import holidays

    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return {day: str(name) for day, name in calendar.items()}


def bank_holidays_in(year: int) -> dict[date, str]:
    """Each bank holiday of England and Wales in ``year``, with its name."""
    if FIRST_YEAR <= year <= LAST_YEAR:
        return _table().get(year, {})
    return from_package(year)


def table_source(first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> str:
    """The text of ``bank_holiday_dates.py`` for the installed ``holidays`` package."""
    from importlib.metadata import version

    rows = []
    for year in range(first_year, last_year + 1):
        for day, name in sorted(from_package(year).items()):
            rows.append(
                f"    ({json.dumps(day.isoformat())}, {json.dumps(name, ensure_ascii=False)}),"
            )
    return "\n".join(
        [
            '"""Bank holidays of England and Wales, written by the ``holidays`` package',
            f"(version {version('holidays')}) through ``bank_holiday_table``: do not edit.",
            '"""',
            "",
            f"FIRST_YEAR = {first_year}",
            f"LAST_YEAR = {last_year}",
            "",
            "BANK_HOLIDAYS: tuple[tuple[str, str], ...] = (",
            *rows,
            ")",
            "",
        ]
    )


def main(argv: list[str]) -> int:
    if argv != ["--write"]:
        print("usage: python -m diversion_app.domain.bank_holiday_table --write")
        return 2
    target = Path(__file__).with_name("bank_holiday_dates.py")
    target.write_text(table_source(FIRST_YEAR_WRITTEN, LAST_YEAR_WRITTEN), encoding="utf-8")
    print(f"Wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
