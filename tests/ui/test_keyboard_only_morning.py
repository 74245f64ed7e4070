"""A morning's work with the keyboard only: an officer makes a referral, a supervisor
allocates three at once, a caseworker records the first contact and books a visit, never
touching the mouse.

Every key goes to whatever has the focus (as a real keyboard would), so a field Tab does
not reach, a table that keeps Tab, or a notes box that types a tab character fails here.
"""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from diversion_app.domain.enums import Role
from diversion_app.persistence import models as m
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.registry import Services
from diversion_app.ui.casework.visit_form import VisitForm
from diversion_app.ui.main_window import MainWindow
from diversion_app.ui.referrals.contact_form import ContactForm
from diversion_app.ui.referrals.referral_actions import AllocateDialog
from diversion_app.ui.referrals.referral_form import ReferralForm
from diversion_app.ui.referrals.referral_record import ReferralRecordWindow
from diversion_app.ui.referrals.referrals_page import ReferralsPage
from tests.casework_helpers import make_case
from tests.factories import add_child, add_user

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(
    qtbot: QtBot, key: Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifier)


def tab_to(qtbot: QtBot, target: QWidget, limit: int = 60) -> None:
    """Press Tab until ``target`` (or a part of it) has the focus; fail if it never does."""
    for _ in range(limit):
        now = focused()
        if now is target or target.isAncestorOf(now):
            return
        before = now.toPlainText() if isinstance(now, QPlainTextEdit) else None
        press(qtbot, Key.Key_Tab)
        if before is not None:
            assert "\t" not in now.toPlainText(), "Tab typed a tab character into a notes box"
    pytest.fail(f"Tab never reached {target.accessibleName() or type(target).__name__}")


def choose(qtbot: QtBot, combo: QComboBox, starting: str) -> None:
    """Tab to a choice and press Down until the item starting with ``starting`` shows."""
    tab_to(qtbot, combo)
    for _ in range(combo.count() + 1):
        if combo.currentText().startswith(starting):
            return
        press(qtbot, Key.Key_Down)
    pytest.fail(f"{starting!r} is not offered in {combo.accessibleName()}")


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def activate(qtbot: QtBot, button: QAbstractButton) -> None:
    """Tab to a button and press Space, as a keyboard user would."""
    tab_to(qtbot, button)
    press(qtbot, Key.Key_Space)


def saved(qtbot: QtBot, form: QWidget) -> None:
    """The form closed after its save; if not, say what it showed (its problem summary)."""
    qtbot.wait(50)
    problems = [label.text() for label in form.findChildren(QLabel) if label.isVisible()]
    assert not form.isVisible(), f"not saved: {problems}"


def _window(qtbot: QtBot, services: Services, actor: Actor) -> MainWindow:
    window = MainWindow(services, actor, "keyboard.db")
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return window


def _go_to_page(qtbot: QtBot, window: MainWindow, title: str) -> None:
    number = list(window.pages).index(title) + 1
    press(qtbot, getattr(Key, f"Key_{number}"), CTRL)
    qtbot.waitUntil(lambda: window.current_page().title == title)


def _active(qtbot: QtBot, kind: type[QWidget]) -> QWidget:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), kind))
    window = QApplication.activeWindow()
    assert window is not None
    return window


def test_an_officer_makes_a_referral_with_the_keyboard_only(
    qtbot: QtBot, services: Services, ctx: ServiceContext
) -> None:
    officer = add_user(ctx, "pc.keys", "Kim Keys", Role.OFFICER)
    person_id = add_child(ctx, date(2012, 5, 4), given="Ellie", family="Keyboard")
    window = _window(qtbot, services, officer)
    _go_to_page(qtbot, window, "Referrals")
    press(qtbot, Key.Key_N, CTRL)  # New referral
    form = _active(qtbot, ReferralForm)
    assert isinstance(form, ReferralForm)
    assert focused() is form.pathway  # opens on its first field
    choose(qtbot, form.pathway, "Prevention")
    tab_to(qtbot, form.person_search)
    type_text(qtbot, "ellie keyb")
    qtbot.waitUntil(lambda: form.people.count() == 1)
    press(qtbot, Key.Key_Return)  # picks the match, does not submit the form
    assert form.isVisible() and form.selected_person() == person_id
    choose(qtbot, form.source, "Police")
    assert form.referrer_name.text() == "Kim Keys"  # an officer refers in their own name
    activate(qtbot, next(iter(form.reason_boxes.values())))
    tab_to(qtbot, form.offence_details)
    type_text(qtbot, "Seen with older boys near the shops")
    press(qtbot, Key.Key_Tab)
    assert "\t" not in form.offence_details.toPlainText()
    for box in (form.consent_young_person, form.consent_parent_carer, form.consent_to_share):
        activate(qtbot, box)
        assert box.isChecked()
    activate(qtbot, form.save_button)
    saved(qtbot, form)

    with ctx.read_only() as session:
        made = session.execute(
            sa.select(m.Referral).where(m.Referral.young_person_id == person_id)
        ).scalar_one()
        assert made.referrer_name == "Kim Keys"
        assert made.pathway.value == "prevention"


def test_a_caseworker_records_a_contact_and_books_a_visit_with_the_keyboard_only(
    qtbot: QtBot, services: Services, ctx: ServiceContext
) -> None:
    case = make_case(ctx)
    with ctx.unit_of_work() as session:  # a new referral, clock running, for the caseworker
        session.execute(sa.delete(m.Contact).where(m.Contact.referral_id == case.referral_id))
    window = _window(qtbot, services, case.caseworker)
    _go_to_page(qtbot, window, "Referrals")
    page = window.current_page()
    table = page.list.table  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: page.model.rowCount() >= 1)  # type: ignore[attr-defined]
    tab_to(qtbot, table)
    press(qtbot, Key.Key_Home, CTRL)
    press(qtbot, Key.Key_Return)  # opens the chosen referral
    record = _active(qtbot, ReferralRecordWindow)
    assert isinstance(record, ReferralRecordWindow)

    press(qtbot, Key.Key_C, CTRL | SHIFT)  # Record contact
    contact = _active(qtbot, ContactForm)
    assert isinstance(contact, ContactForm)
    assert contact.method.currentData() is None and contact.outcome.currentData() is None
    choose(qtbot, contact.method, "Phone")
    choose(qtbot, contact.outcome, "Made contact")
    activate(qtbot, contact.with_young_person)
    choose(qtbot, contact.carer, "Mary")
    tab_to(qtbot, contact.notes)
    type_text(qtbot, "Spoke to Jamie and his mum; home visit agreed")
    assert contact.clock_reason.isVisible()  # received ten days ago: the clock was missed
    tab_to(qtbot, contact.clock_reason)
    type_text(qtbot, "Referral was misfiled")
    activate(qtbot, contact.save_button)
    saved(qtbot, contact)
    with ctx.read_only() as session:
        contacts = (
            session.execute(sa.select(m.Contact).where(m.Contact.referral_id == case.referral_id))
            .scalars()
            .all()
        )
        assert [c.notes for c in contacts] == ["Spoke to Jamie and his mum; home visit agreed"]

    record.activateWindow()  # a window manager's work when a dialog closes (offscreen has none)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is record)
    press(qtbot, Key.Key_V, ALT)  # Schedule visit
    visit = _active(qtbot, VisitForm)
    assert isinstance(visit, VisitForm)
    choose(qtbot, visit.purpose, "Assessment")
    tab_to(qtbot, visit.notes)
    type_text(qtbot, "Bring the assessment pack")
    activate(qtbot, visit.save_button)
    saved(qtbot, visit)
    with ctx.read_only() as session:
        booked = (
            session.execute(sa.select(m.Visit).where(m.Visit.referral_id == case.referral_id))
            .scalars()
            .all()
        )
        assert len(booked) == 1 and booked[0].notes == "Bring the assessment pack"


def test_a_supervisor_allocates_three_referrals_at_once_with_the_keyboard_only(
    qtbot: QtBot, demo_services: Services
) -> None:
    supervisor = demo_services.accounts.sign_in("supervisor", "demo-supervisor-pass")
    window = _window(qtbot, demo_services, supervisor)
    _go_to_page(qtbot, window, "Referrals")
    page = window.current_page()
    assert isinstance(page, ReferralsPage)
    choose(qtbot, page.filters.scope, "Unallocated")
    qtbot.waitUntil(lambda: page.model.rowCount() >= 3)
    tab_to(qtbot, page.list.table)
    press(qtbot, Key.Key_Home, CTRL)
    press(qtbot, Key.Key_Down, SHIFT)
    press(qtbot, Key.Key_Down, SHIFT)
    rows = page.list.table.selectionModel().selectedRows()
    chosen = [page.model.row_at(index.row()).id for index in rows]
    assert len(chosen) == 3
    press(qtbot, Key.Key_Tab)  # Tab leaves the table
    assert focused() is not page.list.table
    activate(qtbot, page.allocate_button)
    dialog = _active(qtbot, AllocateDialog)
    assert isinstance(dialog, AllocateDialog)
    assert dialog.windowTitle() == "Allocate 3 referrals"
    assert dialog.caseworker.currentData() is None  # nobody pre-selected
    tab_to(qtbot, dialog.caseworker)
    press(qtbot, Key.Key_Down)  # the lightest caseload comes first
    lightest = dialog.caseworker.currentData()
    assert lightest is not None
    activate(qtbot, dialog.ok_button)
    saved(qtbot, dialog)
    for referral_id in chosen:
        record = demo_services.referral_record.record(supervisor, referral_id)
        assert record.caseworker_id == lightest
