"""After a stale save reloads a visit, its longer heading ("… (scheduled)") wraps onto
another line: the dialog grows so the heading is not cut off."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from diversion_app.services.registry import Services
from diversion_app.ui.casework.visit_outcome import OutcomeDialog, RescheduleDialog
from tests.casework_helpers import add_visit, make_case
from tests.conftest import MovableClock


def test_the_reloaded_heading_is_shown_whole(
    qtbot: QtBot, services: Services, clock: MovableClock
) -> None:
    case = make_case(services.ctx)
    for kind, hours in ((RescheduleDialog, 30), (OutcomeDialog, -3)):
        visit_id = add_visit(services.ctx, case.referral_id, clock() + timedelta(hours=hours))
        visit = services.visits.visit(case.caseworker, visit_id)
        dialog = kind(services, case.caseworker, visit)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        lines_before = dialog.heading.heightForWidth(dialog.heading.width())
        dialog._reload()  # what "Reload, keeping my typing" does first
        heading = dialog.heading
        layout = dialog.layout()
        assert layout is not None
        qtbot.waitUntil(
            lambda d=dialog, lay=layout: lay.totalHeightForWidth(d.width()) <= d.height()
        )
        qtbot.wait(50)  # the layout placed again in the room it has
        assert "(scheduled)" in heading.text()
        assert heading.y() >= 0  # not pushed above the dialog's top edge
        assert heading.height() >= heading.heightForWidth(heading.width()) >= lines_before
