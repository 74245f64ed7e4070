"""The administrator's account forms: a new account, an account's roles, a new password.

Each form validates through the accounts service and shows the service's sentence next
to the field; nothing is saved half-way and nothing typed is lost on a refusal.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.enums import Role
from diversion_app.domain.errors import ValidationError
from diversion_app.services.accounts.accounts import AccountDraft, AccountsService
from diversion_app.services.accounts.password_policy import MIN_PASSWORD_LENGTH
from diversion_app.services.base.actor import Actor
from diversion_app.ui.widgets.form_dialog import FormDialog
from diversion_app.ui.widgets.form_scaffold import password_field, text_field

ROLE_HELP: dict[Role, str] = {
    Role.OFFICER: "Police officer: looks young people up, records Community Resolutions, refers",
    Role.SPOC: "School Liaison SPOC: school concerns, referrals and restorative justice",
    Role.CASEWORKER: "YOS caseworker: works the referrals allocated to them",
    Role.SUPERVISOR: "Supervisor: allocates, approves, reads the audit trail, prints reports",
    Role.ADMINISTRATOR: "Administrator: accounts and reference lists (no case records)",
}


def _role_boxes(checked: frozenset[Role] = frozenset()) -> dict[Role, QCheckBox]:
    boxes = {}
    for role in Role:
        box = QCheckBox(ROLE_HELP[role])
        box.setAccessibleName(role.label)
        box.setChecked(role in checked)
        boxes[role] = box
    return boxes


def _roles_widget(boxes: dict[Role, QCheckBox]) -> QWidget:
    widget = QWidget()
    column = QVBoxLayout(widget)
    column.setContentsMargins(0, 0, 0, 0)
    for box in boxes.values():
        column.addWidget(box)
    # the roles' explanations are long: the dialog grows to show them whole, never clipped
    widget.setMinimumWidth(max(box.sizeHint().width() for box in boxes.values()))
    return widget


def _passwords_match(first: str, second: str) -> None:
    if first != second:
        raise ValidationError({"confirm": "The two passwords are not the same."})


class NewAccountDialog(FormDialog):
    def __init__(
        self, accounts: AccountsService, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__("New account", "&Create account", parent)
        self.accounts = accounts
        self.actor = actor
        self.created_id: int | None = None
        self.username = text_field("Username")
        self.display_name = text_field("Full name")
        self.collar_number = text_field("Collar number")
        self.email = text_field("Email")
        self.password = password_field("Password")
        self.confirm = password_field("Password again")
        self.password.setPlaceholderText(f"At least {MIN_PASSWORD_LENGTH} characters")
        self.role_boxes = _role_boxes()
        self.add_field("&Username", "username", self.username)
        self.add_field("Full &name", "display_name", self.display_name)
        self.add_field("&Collar number", "collar_number", self.collar_number)
        self.add_field("&Email", "email", self.email)
        self.add_field("&Password", "password", self.password)
        self.add_field("Password &again", "confirm", self.confirm)
        self.add_field("Roles", "roles", _roles_widget(self.role_boxes))
        self.username.setFocus()

    def save(self) -> None:
        _passwords_match(self.password.text(), self.confirm.text())
        self.created_id = self.accounts.create_account(
            self.actor,
            AccountDraft(
                username=self.username.text(),
                display_name=self.display_name.text(),
                password=self.password.text(),
                roles=frozenset(role for role, box in self.role_boxes.items() if box.isChecked()),
                collar_number=self.collar_number.text(),
                email=self.email.text(),
            ),
        )


class RolesDialog(FormDialog):
    def __init__(
        self,
        accounts: AccountsService,
        actor: Actor,
        user_id: int,
        username: str,
        roles: frozenset[Role],
        parent: QWidget | None = None,
        *,
        edit_stamp: str = "",
    ) -> None:
        super().__init__(f"Roles of {username}", "&Save roles", parent)
        self.accounts = accounts
        self.actor = actor
        self.user_id = user_id
        self.edit_stamp = edit_stamp
        """The account as listed when the dialog opened: a change since is refused."""
        self.role_boxes = _role_boxes(roles)
        self.add_field("Roles", "roles", _roles_widget(self.role_boxes))

    def save(self) -> None:
        self.accounts.set_roles(
            self.actor,
            self.user_id,
            [role for role, box in self.role_boxes.items() if box.isChecked()],
            edit_stamp=self.edit_stamp,
        )


class ResetPasswordDialog(FormDialog):
    def __init__(
        self,
        accounts: AccountsService,
        actor: Actor,
        user_id: int,
        username: str,
        parent: QWidget | None = None,
        *,
        edit_stamp: str = "",
    ) -> None:
        super().__init__(f"New password for {username}", "&Set password", parent)
        self.accounts = accounts
        self.actor = actor
        self.user_id = user_id
        self.edit_stamp = edit_stamp
        explain = QLabel(
            "Give the person the new password in person or by phone, never by email. "
            "Setting it also lifts a lock after wrong passwords."
        )
        explain.setWordWrap(True)
        self.form.addRow(explain)
        self.password = password_field("New password")
        self.confirm = password_field("New password again")
        self.add_field("New &password", "password", self.password)
        self.add_field("Password &again", "confirm", self.confirm)

    def save(self) -> None:
        _passwords_match(self.password.text(), self.confirm.text())
        self.accounts.reset_password(
            self.actor, self.user_id, self.password.text(), edit_stamp=self.edit_stamp
        )
