"""Small dialogs acting on one referral: allocate to a caseworker, or give a reason.

A reason is asked for when a referral is declined or closed as not engaged, and when
the 48-hour clock is overdue or missed; an empty reason is refused with a plain message.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.referrals.allocation import UNCHECKED, Unchecked
from diversion_app.services.registry import Services
from diversion_app.ui.widgets.form_errors import error_label


class AllocateDialog(QDialog):
    """Choose a caseworker (each with their open caseload beside the name)."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        referral_id: int,
        current: str,
        parent: QWidget | None = None,
        *,
        current_caseworker_id: int | Unchecked | None = UNCHECKED,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.referral_id = referral_id
        self.current_caseworker_id = current_caseworker_id
        self.setWindowTitle("Reallocate referral" if current else "Allocate referral")
        layout = QVBoxLayout(self)
        if current:
            layout.addWidget(QLabel(f"Now allocated to {current}."))
        label = QLabel("&Caseworker (open caseload):")
        self.caseworker = QComboBox()
        self.caseworker.setAccessibleName("Caseworker")
        label.setBuddy(self.caseworker)
        layout.addWidget(label)
        self.caseworker_label = label
        self.setMinimumWidth(380)
        for option in services.allocation.caseworkers(actor):
            self.caseworker.addItem(option.label, option.id)
        layout.addWidget(self.caseworker)
        self.message = error_label("Problem with the allocation")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Allocate")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choose(self, name: str) -> None:
        for index in range(self.caseworker.count()):
            if self.caseworker.itemText(index).startswith(name):
                self.caseworker.setCurrentIndex(index)
                return
        raise LookupError(name)

    def save(self) -> None:
        worker = self.caseworker.currentData()
        if worker is None:
            self.message.setText("There is no active caseworker to allocate to.")
            self.message.show()
            return
        try:
            self.services.allocation.allocate(
                self.actor,
                self.referral_id,
                int(worker),
                expected_caseworker_id=self.current_caseworker_id,
            )
        except (DomainError, ServiceError) as error:
            self.message.setText(str(error))
            self.message.show()
            return
        self.accept()


class ReasonDialog(QDialog):
    """Ask for a reason and hand it to ``save``; an empty reason is refused."""

    def __init__(
        self,
        title: str,
        prompt: str,
        save: Callable[[str], None],
        parent: QWidget | None = None,
        *,
        initial: str = "",
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Reason")
        self.reason.setPlainText(initial)
        label.setBuddy(self.reason)
        layout.addWidget(self.reason)
        self.message = error_label("Problem with the reason")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        text = self.reason.toPlainText().strip()
        if not text:
            self.message.setText("Give a reason before saving; it cannot be left empty.")
            self.message.show()
            return
        try:
            self._save(text)
        except ValidationError as error:
            self.message.setText(" ".join(error.problems.values()))
            self.message.show()
            return
        except (DomainError, ServiceError) as error:
            self.message.setText(str(error))
            self.message.show()
            return
        self.accept()
