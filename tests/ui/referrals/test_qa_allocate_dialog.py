"""QA: the allocate dialog's label is a real mnemonic (Alt+C), not a literal ampersand."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from diversion_app.services.base.context import ServiceContext
from diversion_app.services.registry import Services
from diversion_app.ui.referrals.referral_actions import AllocateDialog
from tests.casework_helpers import make_case


def test_the_caseworker_label_leads_to_the_caseworker_list(
    qtbot: QtBot, ctx: ServiceContext, services: Services
) -> None:
    case = make_case(ctx)
    dialog = AllocateDialog(services, case.supervisor, case.referral_id, "Casey Worker")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.caseworker_label.buddy() is dialog.caseworker
    assert dialog.width() >= 380
