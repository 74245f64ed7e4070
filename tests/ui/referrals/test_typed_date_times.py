"""Dates and times typed the UK way into the contact form: a person types 28/11/2026 and
13:05, an impossible date or a missing time is said in words under the field (with the
cursor taken there) and nothing is saved."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from diversion_app.app import configure_qt_application
from diversion_app.domain.enums import Role
from diversion_app.services.registry import Services
from diversion_app.ui.referrals.contact_form import ContactForm
from tests.integration.referral_fixtures import add_family, add_user, prevention_draft


def _choose(combo: QComboBox, text: str) -> None:
    combo.setCurrentIndex(combo.findText(text, Qt.MatchFlag.MatchStartsWith))


def _retype(qtbot: QtBot, field: object, text: str) -> None:
    field.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(field, text)  # type: ignore[arg-type]


def test_a_contact_time_is_typed_checked_and_saved_as_uk_time(
    qtbot: QtBot, services: Services
) -> None:
    configure_qt_application()
    supervisor = add_user(services.ctx, "sue", "Sue Pervisor", Role.SUPERVISOR)
    family = add_family(services.ctx, date(2012, 3, 9))
    made = services.referral_record.make(
        supervisor, prevention_draft(services.ctx, family.young_person_id)
    )
    record = services.referral_record.record(supervisor, made.id)
    form = ContactForm(services, supervisor, record)
    qtbot.addWidget(form)
    form.show()
    when = form.occurred_at
    assert (when.date_part.text(), when.time_part.text()) == ("28/11/2026", "14:30")
    _choose(form.method, "Phone")
    _choose(form.outcome, "Made contact")
    form.with_young_person.setChecked(True)

    _retype(qtbot, when.date_part, "31/11/2026")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.errors.text_for("occurred_at") == (
        "31/11/2026 is not a real date (check the day and the month)."
    )
    assert form.focusWidget() is when.date_part

    _retype(qtbot, when.date_part, "28/11/2026")
    _retype(qtbot, when.time_part, "")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.errors.text_for("occurred_at") == (
        "Type the time on the 24-hour clock, like 14:30."
    )
    _retype(qtbot, when.time_part, "25:10")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "hours go from 00 to 23" in form.errors.text_for("occurred_at")
    assert services.referral_record.record(supervisor, made.id).contacts == ()  # nothing saved

    _retype(qtbot, when.time_part, "14:05")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible(), form.summary.text()
    (saved,) = services.referral_record.record(supervisor, made.id).contacts
    assert saved.occurred_at == datetime(2026, 11, 28, 14, 5, tzinfo=UTC)  # GMT in November
