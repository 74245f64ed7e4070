"""Small dialogs acting on referrals: allocate one or several to a caseworker, or give a reason.

A reason is asked for when a referral is declined or closed as not engaged, and when
the 48-hour clock is overdue or missed; an empty reason is refused with a plain message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

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
from diversion_app.ui.widgets.form_scaffold import error_label, show_message


class AllocateDialog(QDialog):
    """Choose a caseworker for one referral or several: lightest caseload first, each with
    their open cases and overdue clocks; nobody is chosen until the supervisor chooses."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        referral_id: int | Sequence[int],
        current: str,
        parent: QWidget | None = None,
        *,
        current_caseworker_id: int | Unchecked | None = UNCHECKED,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.referral_ids = (
            [referral_id] if isinstance(referral_id, int) else list(dict.fromkeys(referral_id))
        )
        self.referral_id = self.referral_ids[0] if self.referral_ids else 0
        many = len(self.referral_ids) > 1
        if many:
            self.setWindowTitle(f"Allocate {len(self.referral_ids)} referrals")
        else:
            self.setWindowTitle("Reallocate referral" if current else "Allocate referral")
        self.current_caseworker_id = current_caseworker_id
        layout = QVBoxLayout(self)
        if many:
            layout.addWidget(
                QLabel(f"The {len(self.referral_ids)} selected referrals go to one caseworker.")
            )
        elif current:
            layout.addWidget(QLabel(f"Now allocated to {current}."))
        label = QLabel("&Caseworker (lightest caseload first):")
        self.caseworker = QComboBox()
        self.caseworker.setAccessibleName("Caseworker")
        label.setBuddy(self.caseworker)
        layout.addWidget(label)
        self.caseworker_label = label
        self.setMinimumWidth(380)
        self.caseworker.addItem("Choose a caseworker…", None)
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
        self.caseworker.setFocus()

    def choose(self, name: str) -> None:
        for index in range(self.caseworker.count()):
            if self.caseworker.itemText(index).startswith(name):
                self.caseworker.setCurrentIndex(index)
                return
        raise LookupError(name)

    def _problem(self, text: str) -> None:
        show_message(self.message, {}, text)
        self.caseworker.setFocus()

    def save(self) -> None:
        worker = self.caseworker.currentData()
        if self.caseworker.count() == 1:
            self._problem("There is no active caseworker to allocate to.")
            return
        if worker is None:
            self._problem("Choose the caseworker to allocate to.")
            return
        try:
            if len(self.referral_ids) == 1:
                self.services.allocation.allocate(
                    self.actor,
                    self.referral_id,
                    int(worker),
                    expected_caseworker_id=self.current_caseworker_id,
                )
            else:
                self.services.allocation.allocate_many(self.actor, self.referral_ids, int(worker))
        except ValidationError as error:
            self._problem(" ".join(error.problems.values()))
            return
        except (DomainError, ServiceError) as error:
            self._problem(str(error))
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
