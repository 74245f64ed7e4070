"""The Administration page: user accounts, their roles, the idle-lock setting, and how long
records are kept (the retention periods).

Seen only by administrators (the permission table's MANAGE_ACCOUNTS). The audit trail
has its own page, which supervisors see too.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.errors import ValidationError
from diversion_app.domain.timekeeping import format_datetime
from diversion_app.services.accounts.accounts import IDLE_LOCK_RANGE
from diversion_app.services.accounts.admin_lists import UserRow
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.base.stale import StaleRecord
from diversion_app.services.registry import Services
from diversion_app.ui.accounts.account_dialogs import (
    NewAccountDialog,
    ResetPasswordDialog,
    RolesDialog,
)
from diversion_app.ui.accounts.closure_days_dialog import ClosureDaysDialog
from diversion_app.ui.accounts.settings_panel import SettingsPanel
from diversion_app.ui.retention.periods_box import RetentionPeriodsBox
from diversion_app.ui.widgets.form_scaffold import error_label, show_problem
from diversion_app.ui.widgets.lazy_table import Column, ListModel
from diversion_app.ui.widgets.list_page import ListPage
from diversion_app.ui.widgets.page_base import Page
from diversion_app.ui.widgets.stale_save import StaleSave, YourTypingPanel


def _state(row: UserRow) -> str:
    if not row.active:
        return "Disabled"
    if row.locked_until is not None:
        return f"Locked until {format_datetime(row.locked_until)}"
    return "Active"


DISABLED_GREY = "#5f6368"
"""A disabled account's state: grey, yet 6:1 on white (tests/ui/test_contrast.py)."""

USER_COLUMNS: list[Column[UserRow]] = [
    Column("Username", lambda r: r.username),
    Column("Name", lambda r: r.display_name),
    Column("Roles", lambda r: ", ".join(role.label for role in r.roles)),
    Column("State", _state, foreground=lambda r: None if r.active else DISABLED_GREY),
    Column("Last signed in", lambda r: format_datetime(r.last_signed_in_at) or "Never"),
]


class AdminPage(Page):
    title = "Administration"

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, parent)
        self.accounts = services.accounts
        self.users_model: ListModel[UserRow] = ListModel(
            USER_COLUMNS, lambda: services.admin.users(actor), parent=self
        )
        self.users = ListPage("User accounts", self.users_model, noun=("account", "accounts"))
        self.new_button = self._button("&New…", "New account", self.new_account)
        self.roles_button = self._button("&Roles…", "Change roles", self.change_roles)
        self.reset_button = self._button("Reset &password…", "Reset password", self.reset_password)
        self.disable_button = self._button("&Disable", "Disable account", self.disable)
        self.enable_button = self._button("&Enable", "Enable account", self.enable)
        for button in (
            self.new_button,
            self.roles_button,
            self.reset_button,
            self.disable_button,
            self.enable_button,
        ):
            self.users.toolbar.addWidget(button)
        self.users.toolbar.addStretch(1)
        self.message = QLabel()
        self.message.setAccessibleName("Result")
        self.problem = error_label("admin problem", object_name="admin_problem")
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(*IDLE_LOCK_RANGE)
        self.idle_minutes.setSuffix(" minutes")
        self.idle_minutes.setAccessibleName("Lock after idle minutes")
        save_idle = self._button("Save", "Save idle lock time", self.save_idle_minutes)
        idle_row = QHBoxLayout()
        idle_label = QLabel("Lock after no input for")
        idle_label.setBuddy(self.idle_minutes)
        self.idle_minutes.setToolTip("Applies from each person's next sign-in")
        idle_row.addWidget(idle_label)
        idle_row.addWidget(self.idle_minutes)
        idle_row.addWidget(save_idle)
        idle_row.addStretch(1)
        self.closure_days_button = self._button(
            "Local &closure days…", "Local closure days", self.edit_closure_days
        )
        idle_row.addWidget(self.closure_days_button)
        self.idle_stamp = ""
        """The idle lock setting's edit stamp as last read: handed back when it is saved."""
        self.idle_typing = YourTypingPanel()
        self.idle_stale = StaleSave(
            self,
            lambda: {"idle_lock_minutes": self.idle_minutes},
            self._read_idle_minutes,
            self.idle_typing,
        )
        layout = QVBoxLayout(self)
        # the accounts are the page's main list: the settings below scroll, never squeeze it
        self.users.setMinimumHeight(260)
        layout.addWidget(self.users, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.message)
        layout.addLayout(idle_row)
        layout.addWidget(self.idle_typing)
        self.settings_panel = SettingsPanel(services, actor)
        layout.addWidget(self.settings_panel)
        self.retention = RetentionPeriodsBox(services.retention_periods, actor)
        layout.addWidget(self.retention)
        self.users.table.selectionModel().selectionChanged.connect(self._update_buttons)
        # Enter or a double-click on an account opens its roles
        self.users.on_row_activated(lambda _row: self.change_roles())
        self.users_model.modelReset.connect(self._update_buttons)
        self.open_dialog: QDialog | None = None

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    def refresh(self) -> None:
        self.users.reload()
        self._read_idle_minutes()
        self.idle_typing.hide()
        self.idle_stale.remember_opened()
        self.settings_panel.load()
        self.retention.refresh()
        self._update_buttons()

    def refresh_for_others(self) -> None:
        """Another user's change: the accounts list only. The settings below are fields an
        administrator may be typing in; they are read again on View > Refresh (F5)."""
        self.users.reload()
        self._update_buttons()

    def selected(self) -> UserRow | None:
        row = self.users.current_row()
        return row if isinstance(row, UserRow) else None

    def select_username(self, username: str) -> None:
        for row in range(self.users_model.rowCount()):
            if self.users_model.row_at(row).username == username:
                self.users.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        row = self.selected()
        for button in (self.roles_button, self.reset_button):
            button.setEnabled(row is not None)
        self.disable_button.setEnabled(row is not None and row.active)
        self.enable_button.setEnabled(
            row is not None and (not row.active or row.locked_until is not None)
        )

    # --- actions --------------------------------------------------------------------------
    def _open(self, dialog: QDialog, done: str) -> None:
        self.open_dialog = dialog

        def finished(result: int) -> None:
            self.open_dialog = None
            problems = getattr(dialog, "field_problems", None)
            if result == QDialog.DialogCode.Accepted:
                self._say(done)
                self._reload_keeping_selection()  # the settings below keep any typing
            elif problems is not None and isinstance(problems.last_error, StaleRecord):
                self._reload_keeping_selection()  # the account as the other change left it

        dialog.finished.connect(finished)
        dialog.open()

    def new_account(self) -> None:
        self._open(NewAccountDialog(self.accounts, self.actor, self), "Account created.")

    def change_roles(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = RolesDialog(
            self.accounts,
            self.actor,
            row.id,
            row.username,
            frozenset(row.roles),
            self,
            edit_stamp=row.edit_stamp,
        )
        self._open(dialog, f"Roles of {row.username} saved.")

    def reset_password(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = ResetPasswordDialog(
            self.accounts, self.actor, row.id, row.username, self, edit_stamp=row.edit_stamp
        )
        self._open(dialog, f"New password set for {row.username}.")

    def disable(self) -> None:
        row = self.selected()
        if row is not None:
            self._run(
                lambda: self.accounts.disable(self.actor, row.id, edit_stamp=row.edit_stamp),
                f"{row.username} disabled.",
            )

    def enable(self) -> None:
        row = self.selected()
        if row is not None:
            self._run(
                lambda: self.accounts.enable(self.actor, row.id, edit_stamp=row.edit_stamp),
                f"{row.username} enabled.",
            )

    def edit_closure_days(self) -> None:
        dialog = ClosureDaysDialog(self.services, self.actor, self)
        self.open_dialog = dialog

        def finished(result: int) -> None:
            self.open_dialog = None
            if result == QDialog.DialogCode.Accepted:
                moved = dialog.moved or 0
                self._say(
                    f"Local closure days saved; {moved} open referral"
                    f"{'' if moved == 1 else 's'} had a deadline moved."
                )

        dialog.finished.connect(finished)
        dialog.open()

    def _read_idle_minutes(self) -> None:
        self.idle_stamp = self.accounts.idle_lock_stamp()
        self.idle_minutes.setValue(self.accounts.idle_lock_minutes())

    def save_idle_minutes(self) -> None:
        minutes, stamp = self.idle_minutes.value(), self.idle_stamp
        try:
            self.accounts.set_idle_lock_minutes(self.actor, minutes, edit_stamp=stamp)
        except StaleRecord as error:  # another administrator saved it first
            show_problem(self.problem, str(error))
            self.message.clear()
            self.idle_stale.handle(error)
            return
        except (ValidationError, ServiceError) as error:
            show_problem(self.problem, str(error))
            self.message.clear()
            return
        self._read_idle_minutes()
        self.idle_typing.hide()
        self.idle_stale.remember_opened()
        self._say(f"The window will lock after {minutes} minutes without input.")

    def _run(self, action: object, done: str) -> None:
        assert callable(action)
        try:
            action()
        except (ValidationError, ServiceError) as error:
            show_problem(self.problem, str(error))
            self.message.clear()
            if isinstance(error, StaleRecord):  # show what the other administrator changed
                self._reload_keeping_selection()
            return
        self._say(done)
        selected = self.selected()
        self.refresh()
        if selected is not None:
            self.select_username(selected.username)

    def _reload_keeping_selection(self) -> None:
        selected = self.selected()
        self.users.reload()
        if selected is not None:
            self.select_username(selected.username)
        self._update_buttons()

    def _say(self, text: str) -> None:
        show_problem(self.problem, None)
        self.message.setText(text)
