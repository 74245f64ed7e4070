"""A busy team's diary: only the days shown are read, and a crowd of overlapping visits
is drawn as a few blocks and one "+N more" that opens the day's list."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from diversion_app.domain.timekeeping import london_to_utc
from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.ui.casework.diary_page import DiaryPage
from diversion_app.ui.casework.time_grid import MAX_LANES_WEEK, bound_lanes, lay_out
from tests.casework_helpers import add_visit, make_case
from tests.ui.casework.test_time_grid import DAY, visit

MONDAY = date(2026, 11, 30)  # the week after "now" (Saturday 28/11/2026)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return london_to_utc(datetime.combine(day, time(hour, minute)))


def test_the_day_view_asks_for_its_day_and_the_week_view_for_its_week(
    qtbot: QtBot, services: Services, everyone: Actor, monkeypatch: object
) -> None:
    page = DiaryPage(services, everyone)
    qtbot.addWidget(page)
    asked: list[tuple[datetime, datetime]] = []
    original = services.diary.visits

    def spy(actor: Actor, start: datetime, end: datetime, caseworker_id: int | None = None):  # type: ignore[no-untyped-def]
        asked.append((start, end))
        return original(actor, start, end, caseworker_id)

    services.diary.visits = spy  # type: ignore[method-assign]
    page.show()
    page.activate()
    saturday = date(2026, 11, 28)
    assert asked[-1] == (_at(date(2026, 11, 23), 0), _at(MONDAY, 0))
    page.show_day_view()
    assert asked[-1] == (_at(saturday, 0), _at(saturday + timedelta(days=1), 0))
    page.show_week_view()
    assert asked[-1] == (_at(date(2026, 11, 23), 0), _at(MONDAY, 0))


def test_a_crowd_of_overlapping_visits_shows_a_few_and_more_opens_the_days_list(
    qtbot: QtBot, services: Services, everyone: Actor
) -> None:
    case = make_case(services.ctx)
    for minute in range(40):  # forty visits from 10:00, each overlapping all the others
        add_visit(services.ctx, case.referral_id, _at(MONDAY, 10, minute))
    add_visit(services.ctx, case.referral_id, _at(MONDAY, 15))  # on its own
    page = DiaryPage(services, everyone)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    page.activate()
    page.move_weeks(1)
    grid = page.time_grid
    assert len(grid.buttons) == MAX_LANES_WEEK - 1 + 1  # three lanes of the crowd, 15:00
    assert [button.text() for button in grid.more_buttons] == ["+37\nmore"]
    more = grid.more_buttons[0]
    assert more.accessibleName() == "37 more visits on Monday 30/11/2026: open the day's list"
    assert more.geometry().left() > max(b.geometry().right() for b in grid.buttons[:3])
    chain, widget = [], grid.buttons[0]  # Tab goes in time order, the block among them
    while widget not in chain and len(chain) < 10:
        if widget.parent() is grid:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain == [*grid.buttons[:3], more, grid.buttons[3]]
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert page.day == MONDAY and not page.is_week_view()
    assert not page.grid_button.isChecked()
    assert page.stack.currentWidget() is page.day_list
    assert page.day_list.model.rowCount() == 41  # every visit of the day, in the list
    assert page.week_label.text() == "Monday 30/11/2026"


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(8 * 60, 19 * 60), st.integers(15, 240)), min_size=1, max_size=40
    ),
    st.integers(2, 6),
)
def test_every_visit_is_drawn_or_counted_once_within_the_lanes(
    spans: list[tuple[int, int]], max_lanes: int
) -> None:
    rows = [
        visit(i, time(start // 60, start % 60), minutes) for i, (start, minutes) in enumerate(spans)
    ]
    shown, gathered = bound_lanes(lay_out([DAY], rows), max_lanes)
    ids = [p.row.id for p in shown] + [row.id for more in gathered for row in more.rows]
    assert sorted(ids) == list(range(len(rows)))
    for item in shown:
        assert 0 <= item.lane < item.lanes <= max_lanes
    for more in gathered:
        assert more.lane == max_lanes - 1 and len(more.rows) >= 1
        for item in shown:  # the "+N more" block overlaps no visit drawn in its lane
            if item.lane == more.lane:
                assert item.end <= more.start or more.end <= item.start
    assert all(p.row.start_at.tzinfo is UTC for p in shown)
