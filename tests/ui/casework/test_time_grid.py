"""The diary's time grid: visits at their times, overlaps side by side, whose visit it is
in the team view, and a first contact booked after its 48-hour clock is due flagged."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from diversion_app.domain.diary import WorkingHours
from diversion_app.domain.enums import VisitPlace, VisitPurpose, VisitStatus
from diversion_app.services.casework.diary import VisitRow
from diversion_app.services.registry import Services
from diversion_app.ui.casework.time_grid import TimeGrid, initials, lay_out
from tests.casework_helpers import add_visit, make_case

DAY = date(2026, 11, 30)


def visit(
    visit_id: int,
    start: time,
    minutes: int = 60,
    *,
    workers: tuple[str, ...] = ("Caseworker Ash",),
    purpose: VisitPurpose = VisitPurpose.REVIEW,
    due: datetime | None = None,
) -> VisitRow:
    begins = datetime.combine(DAY, start, tzinfo=UTC)  # London is on UTC in November
    return VisitRow(
        visit_id,
        visit_id,
        f"Child {visit_id}",
        begins,
        begins + timedelta(minutes=minutes),
        VisitPlace.HOME,
        "",
        purpose,
        VisitStatus.SCHEDULED,
        workers,
        clock_due_at=due,
    )


def test_overlapping_visits_are_side_by_side_and_labelled_with_initials(qtbot: QtBot) -> None:
    grid = TimeGrid()
    qtbot.addWidget(grid)
    grid.resize(900, 600)
    rows = [
        visit(1, time(9, 0), workers=("Caseworker Ash",)),
        visit(2, time(9, 30), workers=("Caseworker Birch", "Sam Supervisor")),
        visit(3, time(14, 0)),
    ]
    grid.show_days([DAY], rows, WorkingHours(), team=True)
    grid.show()
    first, second, third = grid.buttons
    assert first.geometry().right() < second.geometry().left()  # side by side
    assert first.geometry().top() < second.geometry().top() < first.geometry().bottom()
    assert third.width() > first.width()  # alone at 14:00: the whole width
    assert "CA · Review" in first.text()
    assert "CB + SS · Review" in second.text()
    assert (grid.first_hour, grid.last_hour) == (8, 20)


def test_a_first_contact_after_the_clock_is_due_is_flagged_in_words() -> None:
    due = datetime.combine(DAY, time(10, 0), tzinfo=UTC)
    late = visit(1, time(11, 0), purpose=VisitPurpose.FIRST_CONTACT, due=due)
    in_time = visit(2, time(9, 0), purpose=VisitPurpose.FIRST_CONTACT, due=due)
    review = visit(3, time(11, 0), purpose=VisitPurpose.REVIEW, due=due)
    assert late.after_clock_due and not in_time.after_clock_due and not review.after_clock_due
    grid = TimeGrid()
    grid.show_days([DAY], [late, in_time], WorkingHours(), team=False)
    texts = grid.texts_on(DAY)
    assert texts[1].startswith("⚠ After the 48-hour clock is due")
    assert "⚠" not in texts[0]
    grid.deleteLater()


def test_the_grid_stretches_to_an_early_visit_and_to_the_working_hours() -> None:
    grid = TimeGrid()
    grid.show_days([DAY], [visit(1, time(6, 30))], WorkingHours(time(9), time(17)), team=False)
    assert (grid.first_hour, grid.last_hour) == (6, 17)
    grid.deleteLater()


def test_the_diary_service_gives_each_visit_its_clock_due_time(
    services: Services, clock: object
) -> None:
    case = make_case(services.ctx)
    now = services.ctx.now()
    visit_id = add_visit(
        services.ctx, case.referral_id, now + timedelta(days=3), purpose=VisitPurpose.FIRST_CONTACT
    )
    rows = services.diary.visits(case.supervisor, now, now + timedelta(days=7))
    row = next(r for r in rows if r.id == visit_id)
    assert row.clock_due_at is not None
    assert row.after_clock_due == (row.start_at > row.clock_due_at)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(8 * 60, 19 * 60), st.integers(15, 180)), min_size=1, max_size=12)
)
def test_no_two_overlapping_visits_share_a_lane(spans: list[tuple[int, int]]) -> None:
    rows = [
        visit(i, time(start // 60, start % 60), minutes) for i, (start, minutes) in enumerate(spans)
    ]
    placed = lay_out([DAY], rows)
    for a in placed:
        assert 0 <= a.lane < a.lanes
        for b in placed:
            if a is not b and a.start < b.end and b.start < a.end:
                assert a.lane != b.lane


def test_initials() -> None:
    assert initials("Caseworker Ash") == "CA"
    assert initials("Zoë  de la Cruz") == "ZDLC"
