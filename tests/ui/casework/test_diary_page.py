"""The Diary page driven like a caseworker: book, see, complete, clash, export."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import icalendar
import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from diversion_app.domain.clock import ClockState
from diversion_app.domain.enums import ReferralStatus, VisitPurpose, VisitStatus
from diversion_app.persistence.models import Referral
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.registry import Services
from diversion_app.ui.casework.calendar_export_dialog import CalendarExportDialog
from diversion_app.ui.casework.diary_page import DiaryPage
from diversion_app.ui.casework.visit_details import VisitDetailsDialog
from diversion_app.ui.casework.visit_form import VisitForm
from diversion_app.ui.casework.visit_outcome import OutcomeDialog, RescheduleDialog
from diversion_app.ui.referrals.referral_record import ReferralRecordWindow
from tests.conftest import MovableClock
from tests.visit_helpers import Family, add_caseworker, add_family, add_referral

SATURDAY = date(2026, 11, 28)  # "now" in the tests is Saturday 28/11/2026 14:30


@pytest.fixture
def worker(services: Services) -> Actor:
    return add_caseworker(services.ctx)


@pytest.fixture
def family(services: Services) -> Family:
    return add_family(services.ctx)


@pytest.fixture
def referral_id(services: Services, everyone: Actor, worker: Actor, family: Family) -> int:
    return add_referral(
        services.ctx, everyone, family.young_person_id, caseworker_id=worker.user_id
    )


@pytest.fixture
def page(qtbot: QtBot, services: Services, everyone: Actor) -> DiaryPage:
    diary = DiaryPage(services, everyone)
    qtbot.addWidget(diary)
    diary.resize(1200, 700)
    diary.show()
    diary.activate()
    return diary


def _set_time(form: VisitForm, day: date, start: tuple[int, int], end: tuple[int, int]) -> None:
    form.date.set_value(day)
    form.start.set_value(time(*start))
    form.end.set_value(time(*end))


def _save(qtbot: QtBot, form: VisitForm) -> None:
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)


def test_book_a_first_contact_see_it_complete_it_and_the_clock_is_met(
    qtbot: QtBot,
    page: DiaryPage,
    services: Services,
    everyone: Actor,
    referral_id: int,
    clock: MovableClock,
) -> None:
    form = page.new_visit(referral_id)
    assert isinstance(page.dialog, VisitForm) and form.isVisible()
    assert form.chosen_purpose() is VisitPurpose.FIRST_CONTACT
    assert form.place_detail.text() == "12 Orchard Road, Exampleton, EX1 2AB"
    assert form.due_label.text() == "Due 30/11/2026 13:30"
    assert form.chosen_caseworkers() == [services.diary.caseworkers(everyone)[0].id]
    assert form.slots.count() > 0 and form.slots.item(0).text().startswith("Sat 28/11/2026 14:30")
    form.slots.setCurrentRow(1)
    form.slots.itemActivated.emit(form.slots.item(1))  # the user presses Enter on a slot
    assert (form.start.text(), form.end.text()) == ("15:30", "16:30")
    _set_time(form, date(2026, 11, 30), (14, 0), (15, 0))
    assert form.after_due.isVisible() and "after the 48-hour due time" in form.after_due.text()
    form.slots.itemActivated.emit(form.slots.item(1))
    assert not form.after_due.isVisible()
    _save(qtbot, form)
    assert form.result() == VisitForm.DialogCode.Accepted and form.saved is not None
    visit = form.saved

    assert any("Jordan Sample" in text for text in page.week_view.items_on(SATURDAY))
    assert "(today)" in page.week_view.columns[5].header.text()  # Saturday, Monday first
    assert page.week_view.columns[0].header.text().startswith("Monday\n23/11/2026")
    qtbot.mouseClick(page.day_button, Qt.MouseButton.LeftButton)
    assert page.week_label.text() == "Saturday 28/11/2026 (today)"
    assert page.day_model.rowCount() == 1
    assert page.day_model.index(0, 0).data() == "15:30-16:30"
    assert page.day_model.index(0, 2).data() == "Jordan Sample"
    assert page.day_model.index(0, 4).data() == "First contact"

    clock.advance(hours=3)  # after the visit
    page.show_details(visit.id)
    details = page.dialog
    assert isinstance(details, VisitDetailsDialog)
    assert details.value("Status") == "Scheduled"
    qtbot.mouseClick(details.outcome_button, Qt.MouseButton.LeftButton)
    outcome = details.child
    assert isinstance(outcome, OutcomeDialog)
    assert outcome.completed.isChecked()
    outcome.young_person.setChecked(True)
    outcome.check_carer("Alex Sample")
    qtbot.keyClicks(outcome.notes, "Met Jordan and mum at home.")
    qtbot.mouseClick(outcome.save_button, Qt.MouseButton.LeftButton)
    assert outcome.saved is not None and outcome.saved.status is VisitStatus.COMPLETED
    assert details.value("Status") == "Completed"
    assert details.value("Seen") == "the young person, Alex Sample"
    assert page.day_model.index(0, 5).data() == "Completed"

    rows = services.referral_list.page(everyone, PageRequest(limit=20))
    (row,) = [r for r in rows if r.id == referral_id]
    assert row.clock.state is ClockState.MET
    assert row.status is ReferralStatus.CONTACTED


def test_a_clash_asks_for_confirmation_and_is_flagged(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    page: DiaryPage,
    services: Services,
    worker: Actor,
    referral_id: int,
) -> None:
    first = page.new_visit(referral_id)
    _set_time(first, date(2026, 11, 30), (10, 0), (11, 0))
    _save(qtbot, first)
    assert first.saved is not None

    second = page.new_visit()  # from the diary: choose the referral
    assert second.referral.count() == 1
    second.purpose.setCurrentIndex(second.purpose.findData(VisitPurpose.ASSESSMENT))
    _set_time(second, date(2026, 11, 30), (10, 30), (11, 30))
    _save(qtbot, second)
    assert second.saved is None and second.isVisible()
    assert "clashes with another visit" in second.message.text()
    assert "30/11/2026 10:00 to 11:00" in second.message.text()
    assert second.save_button.text() == "Save anyway"
    _save(qtbot, second)
    assert second.saved is not None

    page.go_to(date(2026, 11, 30))
    monday_items = page.week_view.items_on(date(2026, 11, 30))
    assert len(monday_items) == 2 and all(t.startswith("⚠ CLASH") for t in monday_items)
    assert page.clash_label.isVisible() and page.clash_label.text() == "⚠ 2 visits clash"
    page.show_day_view()
    assert [page.day_model.index(r, 1).data() for r in range(2)] == ["⚠ Clash"] * 2
    qtmodeltester.check(page.day_model)


def test_bad_input_gets_a_plain_message_and_nothing_is_saved(
    qtbot: QtBot, page: DiaryPage, services: Services, everyone: Actor, referral_id: int
) -> None:
    form = page.new_visit(referral_id)
    _set_time(form, date(2026, 11, 30), (11, 0), (10, 0))
    _save(qtbot, form)
    assert form.message.text() == (
        "Nothing was saved. Fix the problem below.\n"
        "The visit must end after it starts: check the end time."
    )
    # what cannot be read as a date or a time is said in words before asking the service
    form.date.clear()
    qtbot.keyClicks(form.date, "31/11/2026")
    form.start.clear()
    qtbot.keyClicks(form.start, "25:00")
    form.end.clear()
    _save(qtbot, form)
    assert form.message.text() == (
        "Nothing was saved. Fix the 2 problems below.\n"
        "31/11/2026 is not a real date (check the day and the month).\n"
        "Type the end time, like 15:30."
    )
    form.date.clear()
    qtbot.keyClicks(form.date, "30/11/2026")
    _save(qtbot, form)
    assert "25:00 is not a time of day: hours go from 00 to 23" in form.message.text()
    _set_time(form, date(2026, 11, 27), (10, 0), (11, 0))
    _save(qtbot, form)
    assert "starts in the past (27/11/2026 10:00) but would be saved as scheduled" in (
        form.message.text()
    )
    assert form.saved is None and services.visits.visits_for_referral(everyone, referral_id) == []
    form.reject()

    with services.ctx.unit_of_work() as session:
        referral = session.get(Referral, referral_id)
        assert referral is not None
        referral.status = ReferralStatus.CLOSED
    closed = page.new_visit(referral_id)
    _set_time(closed, date(2026, 11, 30), (10, 0), (11, 0))
    _save(qtbot, closed)
    assert closed.message.text() == (
        "Nothing was saved. Fix the problem below.\n"
        "This referral is closed: visits cannot be booked for a closed referral."
    )


def test_keyboard_moves_between_days_and_weeks(qtbot: QtBot, page: DiaryPage) -> None:
    page.window().activateWindow()
    qtbot.keyClick(page, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert page.day == date(2026, 11, 29)
    qtbot.keyClick(page, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
    assert page.day == date(2026, 12, 6)
    assert page.week_label.text() == "Week of 30/11/2026 to 06/12/2026"
    qtbot.keyClick(page, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert page.day == SATURDAY
    page.show_day_view()
    qtbot.mouseClick(page.next, Qt.MouseButton.LeftButton)
    assert page.week_label.text() == "Sunday 29/11/2026"


def test_export_button_writes_an_ics_with_initials_only(
    qtbot: QtBot,
    page: DiaryPage,
    services: Services,
    worker: Actor,
    referral_id: int,
    tmp_path: Path,
) -> None:
    form = page.new_visit(referral_id)
    _set_time(form, date(2026, 11, 30), (10, 0), (11, 0))
    _save(qtbot, form)
    assert worker.user_id is not None
    page.choose_caseworker(worker.user_id)
    page.export_calendar()
    dialog = page.dialog
    assert isinstance(dialog, CalendarExportDialog)
    dialog.path.setText(str(tmp_path / "diary.ics"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_export is not None and not dialog.is_busy())
    assert dialog.result_export is not None and dialog.result_export.visits == 1
    calendar = icalendar.Calendar.from_ical((tmp_path / "diary.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "First contact visit: JS"
    assert event.decoded("dtstart").hour == 10
    assert "Jordan" not in (tmp_path / "diary.ics").read_text()
    assert dialog.summary().startswith("Exported 1 visit (23/11/2026 to 20/12/2026)")
    assert "For test recipient" in str(calendar["x-wr-caldesc"])  # who it was said to be for


def test_an_export_nobody_says_is_for_whom_is_not_made(
    qtbot: QtBot, page: DiaryPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diversion_app.ui.widgets import reason_dialogs

    asked: list[str] = []

    def cancel(_parent: object, what: str) -> None:
        asked.append(what)

    monkeypatch.setattr(reason_dialogs, "ask_recipient", cancel)
    page.export_calendar()
    dialog = page.dialog
    assert isinstance(dialog, CalendarExportDialog)
    dialog.path.setText(str(tmp_path / "diary.ics"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert asked == ["calendar file"]
    assert "say who the calendar is for" in dialog.message.text()
    assert dialog.isVisible() and not dialog.is_busy()
    assert not (tmp_path / "diary.ics").exists()


def test_from_the_referral_record_book_a_first_contact_and_complete_it(
    qtbot: QtBot,
    page: DiaryPage,
    services: Services,
    everyone: Actor,
    referral_id: int,
    clock: MovableClock,
) -> None:
    window = ReferralRecordWindow(services, everyone, referral_id)
    qtbot.addWidget(window)
    window.show()
    view = window.view
    assert "Visits" in [view.tabs.tabText(i) for i in range(view.tabs.count())]
    tab = view.visits_tab  # type: ignore[attr-defined]
    button = view.schedule_visit_button  # type: ignore[attr-defined]
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    form = tab.dialog
    assert isinstance(form, VisitForm)
    assert form.chosen_purpose() is VisitPurpose.FIRST_CONTACT
    assert (form.start.text(), form.end.text()) == ("14:30", "15:30")  # first slot
    _save(qtbot, form)
    assert tab.table.rowCount() == 1
    assert tab.table.item(0, 0).text() == "28/11/2026 14:30-15:30"

    page.refresh()  # the diary shows it in both views
    assert any("Jordan Sample" in t for t in page.week_view.items_on(SATURDAY))
    page.show_day_view()
    assert page.day_model.rowCount() == 1

    clock.advance(hours=2)
    tab.open_visit(0)
    details = tab.dialog
    assert isinstance(details, VisitDetailsDialog) and not details.referral_button.isVisible()
    qtbot.mouseClick(details.outcome_button, Qt.MouseButton.LeftButton)
    outcome = details.child
    assert isinstance(outcome, OutcomeDialog)
    qtbot.mouseClick(outcome.young_person, Qt.MouseButton.LeftButton)
    # the mother (Sam, the grandfather, holds no parental responsibility: he would not count)
    outcome.check_carer("Alex Sample")
    qtbot.mouseClick(outcome.save_button, Qt.MouseButton.LeftButton)
    assert outcome.saved is not None
    assert tab.table.item(0, 4).text() == "Completed"
    assert tab.table.item(0, 5).text() == "Seen: young person, Alex Sample"
    assert "48-hour contact clock: Met in 1 h 00 m" in view.clock_badge.text()
    contacts = [view.contacts.item(0, c).text() for c in range(4)]
    assert contacts[1] == "Home visit" and contacts[3] == "Made contact"


def test_reschedule_keeps_history_and_cancel_needs_who_and_why(
    qtbot: QtBot, page: DiaryPage, services: Services, everyone: Actor, referral_id: int
) -> None:
    form = page.new_visit(referral_id)
    _set_time(form, date(2026, 11, 30), (10, 0), (11, 0))
    _save(qtbot, form)
    assert form.saved is not None
    page.show_details(form.saved.id)
    details = page.dialog
    assert isinstance(details, VisitDetailsDialog)
    qtbot.mouseClick(details.reschedule_button, Qt.MouseButton.LeftButton)
    move = details.child
    assert isinstance(move, RescheduleDialog)
    move.start.clear()
    qtbot.keyClicks(move.start, "12:00")
    move.end.clear()
    qtbot.keyClicks(move.end, "13:00")
    qtbot.mouseClick(move.save_button, Qt.MouseButton.LeftButton)
    assert move.message.text() == (
        "Nothing was saved. Fix the problem below.\nSay why the visit is being rescheduled."
    )
    qtbot.keyClicks(move.reason, "Family asked for later")
    qtbot.mouseClick(move.save_button, Qt.MouseButton.LeftButton)
    assert move.saved is not None and move.saved.rescheduled_from_id == form.saved.id
    assert details.value("Rescheduled from") == f"visit {form.saved.id}"
    history = services.visits.visits_for_referral(everyone, referral_id)
    assert [v.status for v in history] == [VisitStatus.CANCELLED, VisitStatus.SCHEDULED]
    assert history[0].outcome_notes == ("Rescheduled to 30/11/2026 12:00: Family asked for later")
    page.go_to(date(2026, 11, 30))
    assert [t.splitlines()[0] for t in page.week_view.items_on(date(2026, 11, 30))] == [
        "10:00-11:00",
        "12:00-13:00",
    ]  # the cancelled booking stays visible, not counted as a clash
    assert not page.clash_label.isVisible()

    qtbot.mouseClick(details.outcome_button, Qt.MouseButton.LeftButton)
    outcome = details.child
    assert isinstance(outcome, OutcomeDialog)
    qtbot.mouseClick(outcome.cancelled, Qt.MouseButton.LeftButton)
    assert outcome.cancel_box.isVisible() and not outcome.seen_box.isVisible()
    qtbot.mouseClick(outcome.save_button, Qt.MouseButton.LeftButton)
    assert "Say who cancelled the visit." in outcome.message.text()
    assert "Say why the visit was cancelled." in outcome.message.text()
    outcome.cancelled_by.setCurrentText("Young person or family")
    qtbot.keyClicks(outcome.notes, "Unwell")
    qtbot.mouseClick(outcome.save_button, Qt.MouseButton.LeftButton)
    assert outcome.saved is not None and outcome.saved.status is VisitStatus.CANCELLED
    assert details.value("Cancelled by") == "Young person or family"


def test_export_with_a_bad_range_says_so_and_keeps_the_dialog_open(
    qtbot: QtBot, page: DiaryPage, tmp_path: Path
) -> None:
    page.export_calendar()
    dialog = page.dialog
    assert isinstance(dialog, CalendarExportDialog)
    dialog.path.setText(str(tmp_path / "diary.ics"))
    dialog.last.set_value(date(2026, 11, 1))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible() and not dialog.is_busy())
    assert dialog.message.text() == "The last day must not be before the first day."
    assert dialog.isVisible() and not (tmp_path / "diary.ics").exists()


def test_a_caseworker_sees_only_their_own_diary(
    qtbot: QtBot, services: Services, worker: Actor, referral_id: int
) -> None:
    other = add_caseworker(services.ctx, "Other Worker")
    assert worker.user_id is not None and other.user_id is not None
    own = DiaryPage(services, worker)
    qtbot.addWidget(own)
    own.show()
    own.activate()
    assert own.caseworker.count() == 1 and not own.caseworker.isEnabled()
    assert own.caseworker.currentText() == "Casey Worker"
    form = own.new_visit()
    assert form.referral.count() == 1  # their own open referral
    assert form.chosen_caseworkers() == [worker.user_id]
    form.place.setCurrentIndex(form.place.findData("school"))
    assert form.place_detail.text() == ""  # no school recorded for this young person
    form.place.setCurrentIndex(form.place.findData("home"))
    assert form.place_detail.text() == "12 Orchard Road, Exampleton, EX1 2AB"
    _save(qtbot, form)
    assert form.saved is not None
    assert any("Jordan Sample" in t for t in own.week_view.items_on(SATURDAY))
