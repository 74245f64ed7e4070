"""Signing in before any record is shown, and the first start's administrator account.

``sign_in_flow`` is what the composition root calls before it builds the main window:
on a database with no accounts it asks for the first administrator, otherwise for a
username and password. It returns the signed-in ``Actor``, or None if the person quit.

At start the database is still being opened on a thread (a ``ServicesLoader``) while the
sign-in shows: this module imports no part of the data layer, the dialog asks for the
accounts only when someone signs in, and turns into the first administrator's form if
the database, once open, has no accounts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from diversion_app import APP_NAME
from diversion_app.domain.enums import Role
from diversion_app.domain.text_input import USERNAME_MAX_LENGTH
from diversion_app.services.accounts.password_policy import MIN_PASSWORD_LENGTH
from diversion_app.services.base.actor import Actor
from diversion_app.ui.data_loader import ServicesLoader
from diversion_app.ui.widgets.form_scaffold import (
    FieldProblems,
    error_label,
    password_field,
    show_problem,
    text_field,
)

if TYPE_CHECKING:
    from diversion_app.services.accounts.accounts import AccountsService
    from diversion_app.services.registry import Services

NEEDS_FIRST_ADMINISTRATOR = 2
"""The sign-in's result when the database, opened behind it, turned out to have no accounts."""


def _resolve(source: AccountsService | Callable[[], AccountsService]) -> AccountsService:
    return source() if callable(source) else source


class SignInDialog(QDialog):
    """Username and password; a wrong one says so and keeps the username."""

    def __init__(
        self,
        accounts: AccountsService | Callable[[], AccountsService],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self.actor: Actor | None = None
        self.setWindowTitle(f"Sign in to {APP_NAME}")
        self.setMinimumWidth(420)
        heading = QLabel(f"<b>{APP_NAME}</b><br>Sign in with your own account.")
        heading.setTextFormat(Qt.TextFormat.RichText)
        self.username = text_field("Username")
        self.username.setMaxLength(USERNAME_MAX_LENGTH)  # not limit_typing: no schema yet
        self.password = password_field("Password")
        self.problem = error_label("sign in problem", object_name="sign_in_problem")
        form = QFormLayout()
        form.addRow("&Username", self.username)
        form.addRow("&Password", self.password)
        self.buttons = QDialogButtonBox()
        self.sign_in_button = self.buttons.addButton(
            "&Sign in", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_in_button.setAccessibleName("Sign in")
        self.sign_in_button.setDefault(True)
        quit_button = self.buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setAccessibleName("Quit")
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        notice = QLabel(
            "OFFICIAL-SENSITIVE. Records about children: sign in only to do your work; "
            "what you open, change, print and export is recorded."
        )
        notice.setWordWrap(True)
        notice.setStyleSheet("color: #555555;")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(notice)
        layout.addWidget(self.buttons)
        self.username.setFocus()

    def try_sign_in(self) -> None:
        if not self.username.text().strip() or not self.password.text():
            show_problem(self.problem, "Enter your username and your password.")
            return
        from diversion_app.services.accounts.accounts import SignInRefused

        try:
            accounts = _resolve(self._accounts)  # waits for the database if still opening
        except Exception:  # the database could not be opened: the caller says why
            self.reject()
            return
        try:
            self.actor = accounts.sign_in(self.username.text(), self.password.text())
        except SignInRefused as refusal:
            show_problem(self.problem, str(refusal))
            self.password.clear()
            self.password.setFocus()
            return
        show_problem(self.problem, None)
        self.password.clear()
        self.accept()


class FirstAdministratorDialog(QDialog):
    """On a new database: the account of the first administrator, who then signs in."""

    def __init__(self, accounts: AccountsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.accounts = accounts
        self.actor: Actor | None = None
        self.setWindowTitle(f"{APP_NAME}: the first administrator")
        self.setMinimumWidth(520)
        intro = QLabel(
            "This database has no accounts yet. Create the first administrator's account: "
            "the administrator then creates everyone else's accounts and gives them roles. "
            f"The password needs at least {MIN_PASSWORD_LENGTH} characters and cannot be a "
            "common password."
        )
        intro.setWordWrap(True)
        self.username = text_field("Username")
        self.display_name = text_field("Full name")
        self.password = password_field("Password")
        self.confirm = password_field("Password again")
        self.also_supervisor = QCheckBox("Also a supervisor (reads and works on case records)")
        self.also_supervisor.setAccessibleName("Also a supervisor")
        self.summary = error_label("Problems to fix", object_name="form_problem")
        self.field_problems = FieldProblems(self.summary)
        self.problems = self.field_problems.labels
        form = QFormLayout()
        self.field_problems.add_row(form, "&Username", "username", self.username)
        self.field_problems.add_row(form, "Full &name", "display_name", self.display_name)
        self.field_problems.add_row(form, "&Password", "password", self.password)
        self.field_problems.add_row(form, "Password &again", "confirm", self.confirm)
        form.addRow("", self.also_supervisor)
        self.buttons = QDialogButtonBox()
        self.create_button = self.buttons.addButton(
            "&Create and sign in", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setAccessibleName("Create and sign in")
        self.create_button.setDefault(True)
        self.buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.try_create)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.username.setFocus()

    def try_create(self) -> None:
        self.field_problems.clear()
        if self.password.text() != self.confirm.text():
            self.field_problems.show({"confirm": "The two passwords are not the same."})
            return
        from diversion_app.services.accounts.accounts import AccountDraft

        roles = frozenset({Role.ADMINISTRATOR})
        if self.also_supervisor.isChecked():
            roles |= {Role.SUPERVISOR}
        draft = AccountDraft(
            username=self.username.text(),
            display_name=self.display_name.text(),
            password=self.password.text(),
            roles=roles,
        )

        def create() -> None:
            self.actor = self.accounts.create_first_administrator(draft)

        if not self.field_problems.attempt(create):
            return
        self.password.clear()
        self.confirm.clear()
        self.accept()


def sign_in_flow(
    accounts: AccountsService | ServicesLoader, parent: QWidget | None = None
) -> Actor | None:
    """The first administrator's setup on a new database, otherwise the sign-in.

    Given a ``ServicesLoader`` still opening the database, the sign-in shows at once; if
    the database turns out to have no accounts it gives way to the first administrator's
    form, and if it cannot be opened the flow ends (None; the loader says why).
    """
    if isinstance(accounts, ServicesLoader) and not accounts.finished:
        result = _sign_in_while_opening(accounts, parent)
        if result != NEEDS_FIRST_ADMINISTRATOR:
            return result if isinstance(result, Actor) else None
    if isinstance(accounts, ServicesLoader):
        try:
            services: Services = accounts.wait()
        except Exception:  # the loader says why
            return None
        accounts = services.accounts
    dialog: SignInDialog | FirstAdministratorDialog
    if accounts.needs_first_administrator():
        dialog = FirstAdministratorDialog(accounts, parent)
    else:
        dialog = SignInDialog(accounts, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.actor


def _sign_in_while_opening(loader: ServicesLoader, parent: QWidget | None) -> Actor | int | None:
    dialog = SignInDialog(lambda: loader.wait().accounts, parent)

    def opened(services: object) -> None:
        accounts = getattr(services, "accounts", None)
        if dialog.isVisible() and accounts is not None and accounts.needs_first_administrator():
            dialog.done(NEEDS_FIRST_ADMINISTRATOR)

    def failed(_reason: str) -> None:
        if dialog.isVisible():
            dialog.reject()

    def finished_before_connecting() -> None:
        if loader.finished:
            reason = loader.settle()
            if reason is None:
                opened(loader.wait())
            else:
                failed(reason)

    loader.loaded.connect(opened)
    loader.failed.connect(failed)
    QTimer.singleShot(0, finished_before_connecting)
    try:
        code = dialog.exec()
    finally:
        loader.loaded.disconnect(opened)
        loader.failed.disconnect(failed)
    if code == NEEDS_FIRST_ADMINISTRATOR:
        return NEEDS_FIRST_ADMINISTRATOR
    return dialog.actor if code == QDialog.DialogCode.Accepted else None
