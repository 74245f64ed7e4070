"""The administrator changes the "due soon" threshold on the Administration page, and the
dashboard and referral list read the new threshold at once."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from diversion_app.app import configure_qt_application
from diversion_app.domain.clock import ClockState
from diversion_app.domain.enums import AuditAction
from diversion_app.domain.errors import ValidationError
from diversion_app.persistence.models import AuditEvent
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import PermissionDenied
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.registry import Services
from diversion_app.services.reports.caseload_data import CaseloadScope
from diversion_app.ui.accounts.admin_page import AdminPage
from diversion_app.ui.accounts.settings_panel import DueSoonBox
from diversion_app.ui.main_window import MainWindow
from tests.visit_helpers import add_caseworker, add_family, add_referral


def _admin_page(qtbot: QtBot, services: Services) -> AdminPage:
    configure_qt_application()
    window = MainWindow(services, services.accounts.sign_in("admin", "demo-admin-pass"), "d.db")
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("Administration")
    assert isinstance(page, AdminPage)
    return page


def test_the_administrator_sets_the_threshold_and_bad_values_are_refused(
    qtbot: QtBot, demo_services: Services
) -> None:
    page = _admin_page(qtbot, demo_services)
    field = next(box for box in page.settings_panel.boxes if isinstance(box, DueSoonBox))
    assert field.hours.value() == 12
    field.hours.clear()
    qtbot.keyClicks(field.hours, "18")
    qtbot.mouseClick(field.save_button, Qt.MouseButton.LeftButton)
    assert field.result.text() == "Saved: clocks show as due soon in their last 18 hours."
    assert demo_services.clock_settings.due_soon_hours() == 18
    with demo_services.ctx.read_only() as session:
        changes = (
            session.execute(
                sa.select(AuditEvent.changes)
                .where(AuditEvent.entity == "setting", AuditEvent.action == AuditAction.CHANGED)
                .order_by(AuditEvent.id.desc())
            )
            .scalars()
            .first()
        )
    assert changes == {"due_soon_hours": [12, 18]}


def test_the_threshold_is_validated_and_only_administrators_change_it(
    services: Services, everyone: Actor, supervisor: Actor
) -> None:
    for hours in (0, 48, -3):
        with pytest.raises(ValidationError) as refused:
            services.clock_settings.set_due_soon_hours(everyone, hours)
        assert (
            refused.value.problems["due_soon_hours"]
            == "Choose between 1 and 47 hours before the due time."
        )
    with pytest.raises(PermissionDenied):
        services.clock_settings.set_due_soon_hours(supervisor, 6)
    assert services.clock_settings.due_soon_hours() == 12


def test_every_reading_of_the_clock_uses_the_setting(services: Services, everyone: Actor) -> None:
    """A clock 16 hours from due: on track with 12 hours' warning, due soon with 20."""
    worker = add_caseworker(services.ctx)
    family = add_family(services.ctx)
    referral = add_referral(
        services.ctx, everyone, family.young_person_id, caseworker_id=worker.user_id, hours_ago=32
    )

    def state_everywhere() -> set[ClockState]:
        rows = services.referral_list.page(worker, PageRequest(limit=10))
        record = services.referral_record.clock(worker, referral)
        caseload = services.reports.caseload(everyone, CaseloadScope())
        return {
            *(row.clock.state for row in rows),
            record.state,
            *(line.clock.state for group in caseload.caseworkers for line in group.lines),
        }

    assert state_everywhere() == {ClockState.ON_TRACK}
    assert services.dashboard.counts(worker).due_soon == 0
    services.clock_settings.set_due_soon_hours(everyone, 20)
    assert state_everywhere() == {ClockState.DUE_SOON}
    assert services.dashboard.counts(worker).due_soon == 1
