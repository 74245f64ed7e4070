"""Keyboard and form rules every window follows: Tab leaves tables and text boxes, searches
take Enter and Down, focus opens on the first field, and a blank save is shown one way."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.ui.people.young_person_dialog import YoungPersonDialog
from diversion_app.ui.referrals.referral_form import ReferralForm
from diversion_app.ui.schools.school_referral_form import SchoolReferralForm
from diversion_app.ui.widgets import desk_policy
from diversion_app.ui.widgets.form_scaffold import ANNOUNCER
from diversion_app.ui.widgets.list_page import DataTable


@pytest.fixture(autouse=True)
def _policy(qapp: QApplication) -> None:
    desk_policy.install(qapp)


@pytest.fixture
def announcements() -> Iterator[list[str]]:
    heard: list[str] = []
    ANNOUNCER.announced.connect(heard.append)
    yield heard
    ANNOUNCER.announced.disconnect(heard.append)


def _open(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(30)  # the focus is placed once the window is up
    return dialog


def test_tab_leaves_a_table_and_a_notes_box(qtbot: QtBot, services: Services) -> None:
    table = DataTable("Example")
    qtbot.addWidget(table)
    table.show()
    assert not table.tabKeyNavigation()
    form = _open(qtbot, ReferralForm(services, Actor(None, "o", "PC Test", frozenset())))
    notes = form.offence_details  # type: ignore[attr-defined]
    notes.setFocus()
    qtbot.keyClick(notes, Qt.Key.Key_Tab)
    assert "\t" not in notes.toPlainText()
    assert form.focusWidget() is not notes


def test_a_form_opens_on_its_first_field_not_on_save(
    qtbot: QtBot, services: Services, everyone: Actor
) -> None:
    form = _open(qtbot, ReferralForm(services, everyone))
    assert form.focusWidget() is form.pathway  # type: ignore[attr-defined]


def test_enter_in_the_young_person_search_does_not_submit_the_referral(
    qtbot: QtBot, services: Services, everyone: Actor, announcements: list[str]
) -> None:
    from tests.factories import add_child

    add_child(services.ctx, date(2012, 1, 1), given="Ellie")
    form = _open(qtbot, ReferralForm(services, everyone))
    qtbot.keyClicks(form.person_search, "ellie")  # type: ignore[attr-defined]
    qtbot.keyClick(form.person_search, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert form.isVisible()
    assert form.selected_person() is not None  # type: ignore[attr-defined]
    assert not form.summary.isVisible()  # type: ignore[attr-defined]
    assert announcements == []
    assert form.focusWidget() is form.source  # type: ignore[attr-defined]


def test_down_in_the_search_moves_into_the_results(
    qtbot: QtBot, services: Services, everyone: Actor
) -> None:
    from tests.factories import add_child

    add_child(services.ctx, date(2012, 1, 1), given="Ellie")
    add_child(services.ctx, date(2012, 1, 1), given="Ellis")
    form = _open(qtbot, ReferralForm(services, everyone))
    qtbot.keyClicks(form.person_search, "elli")  # type: ignore[attr-defined]
    qtbot.keyClick(form.person_search, Qt.Key.Key_Down)  # type: ignore[attr-defined]
    assert form.focusWidget() is form.people  # type: ignore[attr-defined]
    assert form.people.currentRow() == 0  # type: ignore[attr-defined]


FORMS: dict[str, Callable[[Services, Actor], QDialog]] = {
    "referral": lambda services, actor: ReferralForm(services, actor),
    "young person": lambda services, actor: YoungPersonDialog(services, actor),
    "school referral": lambda services, actor: SchoolReferralForm(services, actor),
}


@pytest.mark.parametrize("name", list(FORMS))
def test_a_blank_save_shows_one_summary_focuses_the_first_problem_and_announces(
    qtbot: QtBot, services: Services, everyone: Actor, announcements: list[str], name: str
) -> None:
    form = _open(qtbot, FORMS[name](services, everyone))
    if hasattr(form, "referrer_name"):
        form.referrer_name.clear()
    form.save()  # type: ignore[attr-defined]
    assert form.isVisible()
    summaries = [
        label
        for label in form.findChildren(QWidget)
        if label.isVisible() and hasattr(label, "text") and "Nothing was saved" in label.text()
    ]
    assert len(summaries) == 1
    heading = summaries[0].text().splitlines()[0]
    assert heading.startswith("Nothing was saved. Fix the")
    assert len(announcements) == 1 and announcements[0].startswith(heading)
    focused = form.focusWidget()
    assert focused is not None and not focused.inherits("QAbstractButton")


@pytest.mark.qt_log_ignore("This plugin does not support")  # an offscreen popup
def test_the_uk_date_field_is_typed_or_picked_from_its_calendar(qtbot: QtBot) -> None:
    from PySide6.QtCore import QDate

    from diversion_app.ui.widgets.uk_date import UkDateEdit

    field = UkDateEdit("Offence date")
    qtbot.addWidget(field)
    field.show()
    assert field.placeholderText() == "dd/mm/yyyy"
    assert "28/11/2026" in field.accessibleDescription()
    qtbot.keyClicks(field, "05/03/2026")
    assert field.value() == date(2026, 3, 5)
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert field.calendar.isVisible()
    assert field.calendar.selectedDate() == QDate(2026, 3, 5)
    field.calendar.activated.emit(QDate(2026, 3, 9))
    assert field.text() == "09/03/2026" and not field.calendar.isVisible()
    field.clear()
    assert field.value() is None
    qtbot.keyClicks(field, "31/02/2026")
    assert field.value() is None  # not a date: the form says why when it is saved
