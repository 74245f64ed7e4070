"""The links between school work and the YOS referral it became, both ways, on screen.

From a school referral, ``open_referral`` opens the referral record (issue 4's window).
From a referral record, ``school_referral_link`` (registered in ``RECORD_EXTENSIONS``)
adds a *School referral…* button when the referral came from a school referral.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from diversion_app.services.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.ui.views.referral_record import (
    RECORD_EXTENSIONS,
    ReferralRecordView,
    ReferralRecordWindow,
)
from diversion_app.ui.views.referral_record import open_referral as open_record


def open_referral(
    services: Services, actor: Actor, referral_id: int, parent: QWidget
) -> ReferralRecordWindow | None:
    """Open the YOS referral's record window (a plain message instead if it cannot open)."""
    return open_record(parent, services, actor, referral_id)


def school_referral_link(view: ReferralRecordView) -> None:
    """On a referral made from a school referral, a button opening that school referral."""
    school_referral_id = view.services.school_work.school_referral_for_referral(
        view.actor, view.referral_id
    )
    if school_referral_id is None:
        return
    button = QPushButton("&School referral…")
    button.setAccessibleName("Open the school referral this came from")

    def show() -> None:
        from diversion_app.ui.dialogs.school_referral_form import SchoolReferralDialog

        dialog = SchoolReferralDialog(view.services, view.actor, school_referral_id, view)
        view.open_dialog = dialog
        dialog.open()

    button.clicked.connect(lambda _checked=False: show())
    view.add_action(button)


if school_referral_link not in RECORD_EXTENSIONS:
    RECORD_EXTENSIONS.append(school_referral_link)
