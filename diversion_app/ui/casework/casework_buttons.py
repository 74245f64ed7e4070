"""Buttons that open a referral's assessment, programme and closure: on the Referrals page
(acting on the selected row) and on every referral record (registered, on import, in the
record's ``RECORD_EXTENSIONS``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QHBoxLayout, QMessageBox, QPushButton, QWidget

from diversion_app.domain.errors import DomainError
from diversion_app.domain.permissions import Permission
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.base.permissions import can
from diversion_app.services.registry import Services
from diversion_app.ui.casework.assessment_form import AssessmentDialog
from diversion_app.ui.casework.closure_form import ClosureDialog
from diversion_app.ui.casework.programme_form import ProgrammeDialog
from diversion_app.ui.referrals.referral_record import RECORD_EXTENSIONS, ReferralRecordView

CaseworkDialog = AssessmentDialog | ProgrammeDialog | ClosureDialog


def build_dialog(
    dialog_type: type[CaseworkDialog],
    services: Services,
    actor: Actor,
    referral_id: int,
    parent: QWidget,
) -> CaseworkDialog | None:
    """The dialog, or a plain message (never a traceback) when it cannot be opened."""
    try:
        return dialog_type(services, actor, referral_id, parent)
    except (DomainError, ServiceError) as error:
        QMessageBox.information(parent, "Diversion", str(error))
        return None


class CaseworkButtons(QWidget):
    """ "Assessment…", "Programme…" and "Close case…" for the current referral."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        current_referral: Callable[[], int | None],
        on_changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.current_referral = current_referral
        self.on_changed = on_changed
        self.dialog: QDialog | None = None
        self.assessment_button = QPushButton("&Assessment…")
        self.assessment_button.setToolTip("The whole-family assessment of the selected referral")
        self.programme_button = QPushButton("Pro&gramme…")
        self.programme_button.setToolTip("The personal programme of the selected referral")
        self.closure_button = QPushButton("C&lose case…")
        self.closure_button.setToolTip("Close the selected referral, or approve its closure")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.assessment_button, self.programme_button, self.closure_button):
            layout.addWidget(button)
        self.assessment_button.clicked.connect(self.open_assessment)
        self.programme_button.clicked.connect(self.open_programme)
        self.closure_button.clicked.connect(self.open_closure)
        self.set_enabled_for(None)
        # officers and SPOCs do no casework: the toolbar does not offer it (the record
        # still lets them read the assessment, programme and closure)
        self.setVisible(can(actor, Permission.WORK_REFERRAL) or can(actor, Permission.APPROVE))

    def set_enabled_for(self, referral_id: int | None) -> None:
        for button in (self.assessment_button, self.programme_button, self.closure_button):
            button.setEnabled(referral_id is not None)

    def _open(self, dialog_type: type[CaseworkDialog]) -> QDialog | None:
        referral_id = self.current_referral()
        if referral_id is None:
            return None
        dialog = build_dialog(dialog_type, self.services, self.actor, referral_id, self.window())
        if dialog is None:
            return None
        dialog.changed.connect(self.on_changed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_assessment(self) -> QDialog | None:
        return self._open(AssessmentDialog)

    def open_programme(self) -> QDialog | None:
        return self._open(ProgrammeDialog)

    def open_closure(self) -> QDialog | None:
        return self._open(ClosureDialog)


def add_casework_to_record(view: ReferralRecordView) -> None:
    """Put "Assessment…", "Programme…" and "Close case…" on a referral record's action bar."""

    def opener(
        dialog_type: type[CaseworkDialog],
    ) -> Callable[[], None]:
        def open_dialog() -> None:
            dialog = build_dialog(
                dialog_type, view.services, view.actor, view.referral_id, view.window()
            )
            if dialog is None:
                return
            dialog.changed.connect(view.reload)
            dialog.changed.connect(view.changed.emit)
            view.open_dialog = dialog
            dialog.open()

        return open_dialog

    for text, dialog_type, tip in (
        ("Assess&ment…", AssessmentDialog, "The whole-family assessment"),
        ("Pro&gramme…", ProgrammeDialog, "The personal programme"),
        ("C&lose case…", ClosureDialog, "Close the case, or approve its closure"),
    ):
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setToolTip(tip)
        open_dialog = opener(dialog_type)
        button.clicked.connect(lambda _checked=False, handler=open_dialog: handler())
        view.add_action(button)


if add_casework_to_record not in RECORD_EXTENSIONS:
    RECORD_EXTENSIONS.append(add_casework_to_record)
