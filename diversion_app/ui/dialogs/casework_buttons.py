"""Buttons that open a referral's assessment, programme and closure (used on any page that
shows referrals: they act on the referral the page says is current).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QWidget

from diversion_app.services.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.ui.dialogs.assessment_form import AssessmentDialog
from diversion_app.ui.dialogs.closure_form import ClosureDialog
from diversion_app.ui.dialogs.programme_form import ProgrammeDialog


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

    def set_enabled_for(self, referral_id: int | None) -> None:
        for button in (self.assessment_button, self.programme_button, self.closure_button):
            button.setEnabled(referral_id is not None)

    def _open(
        self, dialog_type: type[AssessmentDialog | ProgrammeDialog | ClosureDialog]
    ) -> QDialog | None:
        referral_id = self.current_referral()
        if referral_id is None:
            return None
        dialog = dialog_type(self.services, self.actor, referral_id, self.window())
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
