"""A retention decision on a queue row another supervisor has just decided is refused.

Supervisor A has the Retention review open; supervisor B, on another computer (a second
engine on the same file), keeps or holds the same young person. A, from the row still on
screen, presses Keep… or Legal hold… and confirms, as a person would: the dialog says
plainly what was not done, who decided and when; nothing is decided twice, and when A
closes the dialog the queue shows the young person as B left them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from diversion_app.app import configure_qt_application
from diversion_app.domain.enums import Role
from diversion_app.domain.timekeeping import london_today
from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.ui.main_window import MainWindow
from diversion_app.ui.retention.decision_dialogs import HoldDialog, KeepDialog
from diversion_app.ui.retention.review_page import RetentionPage
from tests.conftest import MovableClock
from tests.factories import add_child, add_user


@dataclass
class Two:
    page: RetentionPage
    theirs: Services
    sam: Actor
    people: list[int]
    clock: MovableClock


@pytest.fixture
def two(
    qtbot: QtBot,
    services: Services,
    their_services: Services,
    db_path: Path,
    clock: MovableClock,
) -> Iterator[Two]:
    people = [add_child(services.ctx, date(2000, 1, 1 + n), f"Due{n}") for n in range(3)]
    clock.advance(days=366 * 16)  # all three are past every period
    ali = add_user(services.ctx, "sup.a", "Ali Supervisor", Role.SUPERVISOR)
    sam = add_user(services.ctx, "sup.b", "Sam Supervisor", Role.SUPERVISOR)
    configure_qt_application()
    window = MainWindow(services, ali, str(db_path))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    page = window.show_page("Retention review")
    assert isinstance(page, RetentionPage)
    qtbot.waitUntil(lambda: page.queue_model.rowCount() == 3)
    yield Two(page, their_services, sam, people, clock)
    page.stop_jobs()


def _choose(page: RetentionPage, young_person_id: int) -> None:
    for row in range(page.queue_model.rowCount()):
        if page.queue_model.row_at(row).young_person_id == young_person_id:
            page.queue.table.selectRow(row)
            return
    raise AssertionError("not in the queue")


def test_keeping_a_row_another_supervisor_already_kept_is_refused(qtbot: QtBot, two: Two) -> None:
    page, person = two.page, two.people[1]
    _choose(page, person)
    two.clock.advance(minutes=4)
    review_on = london_today(two.clock()) + timedelta(days=200)
    two.theirs.retention_reviews.keep(two.sam, person, "Police asked us to keep them", review_on)

    qtbot.mouseClick(page.keep_button, Qt.MouseButton.LeftButton)
    keep = page.open_dialog
    assert isinstance(keep, KeepDialog)
    qtbot.keyClicks(keep.reason, "Sibling's case still open")
    qtbot.mouseClick(keep.ok_button, Qt.MouseButton.LeftButton)

    assert keep.isVisible()
    said = keep.summary.text()
    when = two.clock().strftime("%H:%M on %d/%m/%Y")  # the fixed clock is UTC = London here
    assert said.startswith(f"Not kept: Sam Supervisor changed this retention review at {when}")
    assert said.endswith("Look again before you decide.")
    decided = two.theirs.retention_reviews.decisions(two.sam)
    assert [(row.decided_by, row.reason) for row in decided] == [
        ("sup.b", "Police asked us to keep them")
    ]  # not decided twice

    keep.reject()
    qtbot.waitUntil(lambda: page.queue_model.rowCount() == 2)  # the queue as B left it
    assert person not in {page.queue_model.row_at(r).id for r in range(2)}


def test_holding_a_row_another_supervisor_already_held_is_refused(qtbot: QtBot, two: Two) -> None:
    page, person = two.page, two.people[0]
    _choose(page, person)
    two.theirs.retention_reviews.place_hold(two.sam, person, "Court proceedings continue.")

    qtbot.mouseClick(page.hold_button, Qt.MouseButton.LeftButton)
    hold = page.open_dialog
    assert isinstance(hold, HoldDialog)
    qtbot.keyClicks(hold.reason, "Civil claim")
    qtbot.mouseClick(hold.ok_button, Qt.MouseButton.LeftButton)

    assert hold.isVisible()
    assert hold.summary.text().startswith("No hold placed: Sam Supervisor changed this")
    holds = two.theirs.retention_reviews.holds(two.sam)
    assert [(row.young_person_id, row.reason) for row in holds] == [
        (person, "Court proceedings continue.")
    ]
    hold.reject()
    qtbot.waitUntil(lambda: page.holds_model.rowCount() == 1)
