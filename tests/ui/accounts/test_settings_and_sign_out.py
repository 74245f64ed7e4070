"""Administration > Settings, File > Change my password and File > Sign out, driven as a
person would: type, save, read the screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from diversion_app.services.registry import Services
from diversion_app.ui.accounts.admin_page import AdminPage
from diversion_app.ui.accounts.settings_panel import CrimeReferenceBox, WorkingHoursBox
from diversion_app.ui.main_window import MainWindow


def _admin_window(qtbot: QtBot, services: Services) -> MainWindow:
    admin = services.accounts.sign_in("admin", "demo-admin-pass")
    window = MainWindow(services, admin, "demo.db")
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_administrator_changes_the_diary_hours_and_a_bad_value_is_explained(
    qtbot: QtBot, demo_services: Services
) -> None:
    window = _admin_window(qtbot, demo_services)
    page = window.current_page()
    assert isinstance(page, AdminPage)
    box = next(b for b in page.settings_panel.boxes if isinstance(b, WorkingHoursBox))
    assert box.hours.text() == "08:00-20:00"
    box.hours.clear()
    qtbot.keyClicks(box.hours, "20:00-08:00")
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert box.form.problem_text("working_hours") == (
        "Working hours must end after they start, like 08:00-20:00."
    )
    assert box.form.summary.text().startswith("Nothing was saved")
    box.hours.clear()
    qtbot.keyClicks(box.hours, "07:30-19:00")
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert box.result.text() == "Saved. The diary's working day is now 07:30-19:00."
    admin = page.actor
    assert demo_services.settings.working_hours(admin).text() == "07:30-19:00"


def test_the_crime_reference_example_must_fit_the_pattern(
    qtbot: QtBot, demo_services: Services
) -> None:
    window = _admin_window(qtbot, demo_services)
    page = window.current_page()
    assert isinstance(page, AdminPage)
    box = next(b for b in page.settings_panel.boxes if isinstance(b, CrimeReferenceBox))
    before = box.pattern.text()
    box.example.clear()
    qtbot.keyClicks(box.example, "not a reference")
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert box.form.problem_text("example").startswith("The example does not fit the pattern")
    assert demo_services.settings.crime_reference_format(page.actor).pattern == before


def test_change_my_password_then_sign_out_closes_every_window(
    qtbot: QtBot, demo_services: Services
) -> None:
    caseworker = "caseworker"
    actor = demo_services.accounts.sign_in(caseworker, "demo-caseworker-pass")
    window = MainWindow(demo_services, actor, "demo.db")
    qtbot.addWidget(window)
    window.show()
    window.password_action.trigger()
    dialog = window.password_dialog
    qtbot.keyClicks(dialog.current, "demo-caseworker-pass")
    qtbot.keyClicks(dialog.new, "a-brand-new-passphrase")
    qtbot.keyClicks(dialog.repeated, "a-brand-new-passphrase")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert demo_services.accounts.sign_in(caseworker, "a-brand-new-passphrase").user_id
    with qtbot.waitSignal(window.signed_out):
        window.sign_out_action.trigger()
    assert not window.isVisible() and window.signing_out
