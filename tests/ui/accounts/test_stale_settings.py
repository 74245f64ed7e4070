"""Two administrators change the same setting: the second is refused, reloads, keeps typing.

Administrator A has the Administration page open; administrator B saves a setting through
a second set of services on its own connection to the same file (another computer). A then
types a different value and presses Save, as a person would: the refusal names B and when,
B's value stays saved, and reloading shows B's value with A's typing beside it, which A
can put back and save. Each setting on the page is covered: the settings panel's boxes,
the idle lock, the retention periods and the local closure days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from diversion_app.domain.community_resolution_rules import CrimeReferenceFormat
from diversion_app.domain.enums import Role
from diversion_app.domain.retention import DisposalType
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.stale import StaleRecord
from diversion_app.services.registry import Services
from diversion_app.ui.accounts.account_dialogs import ResetPasswordDialog
from diversion_app.ui.accounts.admin_page import AdminPage
from diversion_app.ui.accounts.closure_days_dialog import ClosureDaysDialog
from diversion_app.ui.accounts.settings_panel import (
    CrimeReferenceBox,
    DueSoonBox,
    SettingBox,
    WorkingHoursBox,
)
from diversion_app.ui.widgets.stale_save import KEEP_EDITING_TEXT, RELOAD_TEXT
from tests.conftest import MovableClock
from tests.factories import add_user
from tests.ui.answer_modal import answer_when_asked

BoxType = TypeVar("BoxType", bound=SettingBox)

CHANGED_AT = "Bea Admin changed this setting at 14:41 on 28/11/2026"
"""The refusal's first words: B saved 11 minutes after the fixed 'now' (14:30 UTC)."""


@dataclass
class Two:
    mine: Services
    theirs: Services
    alex: Actor
    bea: Actor
    clock: MovableClock


@pytest.fixture
def two(services: Services, their_services: Services, clock: MovableClock) -> Two:
    """Administrator A (Alex) and administrator B (Bea, on a second engine)."""
    alex = add_user(services.ctx, "admin.a", "Alex Admin", Role.ADMINISTRATOR)
    bea = add_user(services.ctx, "admin.b", "Bea Admin", Role.ADMINISTRATOR)
    return Two(services, their_services, alex, bea, clock)


@pytest.fixture
def page(qtbot: QtBot, two: Two) -> AdminPage:
    page = AdminPage(two.mine, two.alex)
    qtbot.addWidget(page)
    page.resize(1366, 1400)  # tall enough that every setting is on screen (no scrolling)
    page.show()
    page.refresh()
    two.clock.advance(minutes=11)
    return page


def _press_and_answer(qtbot: QtBot, button: QPushButton, answer: str = RELOAD_TEXT) -> str:
    """Press Save; answer the refusal; return its words."""
    seen: list[str] = []
    answer_when_asked(qtbot, answer, seen)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen))
    return seen[0]


def _box(page: AdminPage, kind: type[BoxType]) -> BoxType:
    return next(box for box in page.settings_panel.boxes if isinstance(box, kind))


def _retype(qtbot: QtBot, field: QWidget, text: str) -> None:
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)


def test_working_hours_refused_reloaded_then_saved_with_my_typing(
    qtbot: QtBot, two: Two, page: AdminPage
) -> None:
    box = _box(page, WorkingHoursBox)
    two.theirs.settings.set_working_hours(two.bea, "07:30-19:00")
    _retype(qtbot, box.hours, "09:00-17:00")

    words = _press_and_answer(qtbot, box.save_button)

    assert words.startswith(CHANGED_AT)
    assert two.mine.settings.working_hours(two.alex).text() == "07:30-19:00"  # B's kept
    assert box.hours.text() == "07:30-19:00"  # the form shows what B saved
    assert box.typing_panel.isVisible()
    assert set(box.typing_panel.use_buttons) == {"working_hours"}
    qtbot.mouseClick(box.typing_panel.use_buttons["working_hours"], Qt.MouseButton.LeftButton)
    assert box.hours.text() == "09:00-17:00"
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert two.mine.settings.working_hours(two.alex).text() == "09:00-17:00"
    assert box.result.text() == "Saved. The diary's working day is now 09:00-17:00."
    assert not box.typing_panel.isVisible()


def test_not_now_leaves_the_typing_and_saves_nothing(
    qtbot: QtBot, two: Two, page: AdminPage
) -> None:
    box = _box(page, DueSoonBox)
    two.theirs.clock_settings.set_due_soon_hours(two.bea, 3)
    _retype(qtbot, box.hours, "9")

    words = _press_and_answer(qtbot, box.save_button, KEEP_EDITING_TEXT)

    assert words.startswith(CHANGED_AT)
    assert box.hours.value() == 9  # A's typing is still there
    assert two.mine.clock_settings.due_soon_hours() == 3  # and B's value still saved
    assert not box.typing_panel.isVisible()
    assert CHANGED_AT in box.form.summary.text()  # the refusal stays on screen


def test_the_crime_reference_keeps_only_the_fields_typed_in(
    qtbot: QtBot, two: Two, page: AdminPage
) -> None:
    box = _box(page, CrimeReferenceBox)
    before = two.mine.settings.crime_reference_format(two.alex)
    theirs = CrimeReferenceFormat(before.pattern, before.example, "Force code, year, number")
    two.theirs.settings.set_crime_reference_format(two.bea, theirs)
    mine = re.sub(r"\d", lambda digit: str((int(digit.group()) + 1) % 10), before.example, count=1)
    assert mine != before.example and not before.problem(mine)  # another valid example
    _retype(qtbot, box.example, mine)

    _press_and_answer(qtbot, box.save_button)

    assert box.description.text() == "Force code, year, number"  # B's, untouched by A
    assert set(box.typing_panel.use_buttons) == {"example"}
    assert two.mine.settings.crime_reference_format(two.alex) == theirs


def test_the_idle_lock_refused_reloaded_then_saved(qtbot: QtBot, two: Two, page: AdminPage) -> None:
    two.theirs.accounts.set_idle_lock_minutes(two.bea, 7)
    _retype(qtbot, page.idle_minutes, "25")
    save = next(
        b for b in page.findChildren(QPushButton) if b.accessibleName() == "Save idle lock time"
    )

    words = _press_and_answer(qtbot, save)

    assert words.startswith(CHANGED_AT)
    assert two.mine.accounts.idle_lock_minutes() == 7
    assert page.idle_minutes.value() == 7
    assert set(page.idle_typing.use_buttons) == {"idle_lock_minutes"}
    qtbot.mouseClick(page.idle_typing.use_buttons["idle_lock_minutes"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert two.mine.accounts.idle_lock_minutes() == 25
    assert page.message.text() == "The window will lock after 25 minutes without input."


def test_the_retention_periods_refused_naming_who_and_reloaded(
    qtbot: QtBot, two: Two, page: AdminPage
) -> None:
    referral, school = DisposalType.DIVERSION_REFERRAL, DisposalType.SCHOOL_REFERRAL
    two.theirs.retention_periods.set_periods(two.bea, {school: 9})
    _retype(qtbot, page.retention.years[referral], "12")

    words = _press_and_answer(qtbot, page.retention.save_button)

    assert words.startswith("Bea Admin changed this retention setting at 14:41 on 28/11/2026")
    periods = two.mine.retention_periods.periods()
    assert periods.for_type(school) == 9 and periods.for_type(referral) != 12
    assert page.retention.years[school].value() == 9  # B's change shown, not undone
    panel = page.retention.typing_panel
    assert set(panel.use_buttons) == {referral.value}
    qtbot.mouseClick(panel.use_buttons[referral.value], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.retention.save_button, Qt.MouseButton.LeftButton)
    periods = two.mine.retention_periods.periods()
    assert (periods.for_type(school), periods.for_type(referral)) == (9, 12)


def test_closure_days_reloaded_with_my_additions_and_removals_made_again(
    qtbot: QtBot, two: Two
) -> None:
    wednesday, thursday, friday = date(2027, 1, 13), date(2027, 1, 14), date(2027, 1, 15)
    two.mine.deadlines.set_closure_days(two.alex, [wednesday])
    dialog = ClosureDaysDialog(two.mine, two.alex)
    qtbot.addWidget(dialog)
    dialog.show()
    two.clock.advance(minutes=11)
    two.theirs.deadlines.set_closure_days(two.bea, [wednesday, thursday])
    asked: list[StaleRecord] = []
    dialog.ask = lambda _parent, error: asked.append(error) or True

    dialog.days.setCurrentRow(0)  # A removes Wednesday and adds Friday
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    dialog.new_day.setText("15/01/2027")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    save = next(b for b in dialog.findChildren(QPushButton) if b.text().replace("&", "") == "Save")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    assert str(asked[0]).startswith("Bea Admin changed this list of closure days at 14:41")
    assert two.mine.deadlines.closure_days(two.alex) == [wednesday, thursday]  # B's kept
    assert dialog.chosen() == [thursday, friday]  # B's Thursday, A's changes made again
    shown = [dialog.days.item(row).text() for row in range(dialog.days.count())]
    assert shown == ["Thursday 14/01/2027", "Friday 15/01/2027"]  # in date order
    note = dialog.typing_note.text()
    assert note.startswith("The list now shows what Bea Admin saved at 14:41 on 28/11/2026.")
    assert "Your days added again: Fri 15/01/2027." in note
    assert "Your days removed again: Wed 13/01/2027." in note
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert two.mine.deadlines.closure_days(two.alex) == [thursday, friday]
    assert dialog.result() == dialog.DialogCode.Accepted


def test_a_password_reset_on_an_account_changed_meanwhile_is_refused(
    qtbot: QtBot, two: Two, page: AdminPage
) -> None:
    worker = add_user(two.mine.ctx, "cw.new", "Cam Worker", Role.CASEWORKER)
    assert worker.user_id is not None
    page.users.reload()
    page.select_username("cw.new")
    qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
    dialog = page.open_dialog
    assert isinstance(dialog, ResetPasswordDialog)
    two.theirs.accounts.disable(two.bea, worker.user_id)  # Bea disables it meanwhile
    qtbot.keyClicks(dialog.password, "Correct-Horse-Battery-9")
    qtbot.keyClicks(dialog.confirm, "Correct-Horse-Battery-9")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.summary.text().startswith(
        "Password not reset: Bea Admin changed this account at 14:41 on 28/11/2026"
    )
    row = next(r for r in two.mine.admin.users(two.alex) if r.username == "cw.new")
    assert not row.active  # Bea's change stands
    dialog.reject()
    state = page.users_model.index(page.users.table.currentIndex().row(), 3).data()
    assert state == "Disabled"  # the list as Bea left it, the same account still chosen
