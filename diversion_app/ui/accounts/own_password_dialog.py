"""File > Change my password: the current password, then the new one twice."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.services.accounts.password_policy import MIN_PASSWORD_LENGTH
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.registry import Services
from diversion_app.ui.widgets.form_scaffold import FormRows, password_field, plain_label


class ChangeOwnPasswordDialog(QDialog):
    """Changes the signed-in person's own password; nothing typed is kept after it closes."""

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.setWindowTitle("Change my password")
        self.form = FormRows()
        self.form.add_widget(
            plain_label(
                "Type your current password, then the new one twice. The new one needs at "
                f"least {MIN_PASSWORD_LENGTH} characters, is not a common password and is "
                "not your username."
            )
        )
        self.current = password_field("Current password")
        self.form.add("current", "&Current password:", self.current)
        self.new = password_field("New password")
        self.form.add("new", "&New password:", self.new)
        self.repeated = password_field("New password again")
        self.form.add("repeated", "New password &again:", self.repeated)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Change password")
        self.save_button.setAccessibleName("Change password")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.current.setFocus()

    def save(self) -> None:
        try:
            self.services.own_password.change(
                self.actor, self.current.text(), self.new.text(), self.repeated.text()
            )
        except ValidationError as error:
            self.form.show_problems(dict(error.problems))
            return
        except (DomainError, ServiceError) as error:
            self.form.show_message(str(error))
            return
        for field in (self.current, self.new, self.repeated):
            field.clear()
        self.accept()
