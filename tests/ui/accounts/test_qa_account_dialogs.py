"""QA: the account dialogs show each role's explanation whole (nothing clipped)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.ui.accounts.account_dialogs import NewAccountDialog


def test_every_role_explanation_fits_in_the_new_account_dialog(
    qtbot: QtBot, services: Services, everyone: Actor
) -> None:
    dialog = NewAccountDialog(services.accounts, everyone)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for box in dialog.role_boxes.values():
        assert box.width() >= box.sizeHint().width(), box.text()
        right_edge = box.mapTo(dialog, box.rect().topRight()).x()
        assert right_edge <= dialog.width(), box.text()
