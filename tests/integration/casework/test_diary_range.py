"""The diary's service reads only the date range asked, in the same few statements
however many visits the range holds."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from diversion_app.domain.timekeeping import london_to_utc
from diversion_app.services.registry import Services
from tests.casework_helpers import add_visit, make_case
from tests.sql_sent import sql_sent

MONDAY = date(2026, 11, 30)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return london_to_utc(datetime.combine(day, time(hour, minute)))


def test_the_diary_reads_only_the_range_asked_in_a_fixed_number_of_statements(
    services: Services,
) -> None:
    case = make_case(services.ctx)
    inside = [add_visit(services.ctx, case.referral_id, _at(MONDAY, 9 + i)) for i in range(3)]
    for weeks in (-30, -2, -1, 1, 2, 40):  # other weeks' visits, before and after
        add_visit(services.ctx, case.referral_id, _at(MONDAY + timedelta(weeks=weeks), 10))
    add_visit(services.ctx, case.referral_id, _at(MONDAY + timedelta(days=7), 0))  # the end
    engine = services.ctx.sessions.kw["bind"]
    statements: list[str] = []

    def read(start: date, end: date) -> list[int]:
        with sql_sent(engine) as sent:
            rows = services.diary.visits(case.supervisor, _at(start, 0), _at(end, 0))
        statements[:] = [statement for statement, _ in sent]
        return [row.id for row in rows]

    assert read(MONDAY, MONDAY + timedelta(days=7)) == inside
    reads_for_three = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    for hour in range(12, 20):  # more visits in the week: no more statements
        add_visit(services.ctx, case.referral_id, _at(MONDAY + timedelta(days=2), hour))
    assert len(read(MONDAY, MONDAY + timedelta(days=7))) == 3 + 8
    reads_for_eleven = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(reads_for_eleven) == len(reads_for_three) <= 6  # permission, rows, names, audit
    assert all("start_at" in s for s in reads_for_eleven if "FROM visits" in s)
    assert read(MONDAY, MONDAY + timedelta(days=1)) == inside  # one day only
