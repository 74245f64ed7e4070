"""From a referral record back to the school referral it came from, on screen.

``school_referral_link`` (registered in ``RECORD_EXTENSIONS``) adds a *School referral…*
button to a referral record when the referral came from a school referral. The other
direction (school referral to its YOS referral) uses ``referral_record.open_referral``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from diversion_app.ui.referrals.referral_record import (
    RECORD_EXTENSIONS,
    ReferralRecordView,
)
from diversion_app.ui.widgets.reason_dialogs import with_reason


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
        from diversion_app.ui.schools.school_referral_form import SchoolReferralDialog

        services, actor = view.services, view.actor
        dialog = with_reason(
            view,
            services,
            actor,
            lambda: SchoolReferralDialog(services, actor, school_referral_id, view),
        )
        if dialog is None:
            return
        view.open_dialog = dialog
        dialog.open()

    button.clicked.connect(lambda _checked=False: show())
    view.add_action(button)


if school_referral_link not in RECORD_EXTENSIONS:
    RECORD_EXTENSIONS.append(school_referral_link)
