"""Before the sign-in: the passphrase of an encrypted database, asked for first.

A wrong passphrase gets a plain sentence and another try; nothing is written to the file.
For a new encrypted database the passphrase is asked twice and may be kept in the system
keyring (the administrator's choice: then it is not asked again on this account).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from diversion_app import key_store
from diversion_app.persistence import encryption
from diversion_app.ui.widgets.form_scaffold import error_label, password_field, show_problem


class UnlockDialog(QDialog):
    """Asks the passphrase of ``path``; accepted once it opens the file (or, new, is fit)."""

    def __init__(self, path: Path, *, new: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.new = new
        self.setWindowTitle("Encrypted database")
        self.setMinimumWidth(480)
        intro = QLabel(
            f"Choose a passphrase for the new encrypted database {path.name}. Without it the "
            "database cannot be opened, so keep it safe."
            if new
            else f"The database {path.name} is encrypted. Type its passphrase to open it."
        )
        intro.setWordWrap(True)
        self.passphrase = password_field("Passphrase")
        self.again = password_field("Passphrase again")
        self.keep = QCheckBox("Keep the passphrase in this account's system &keyring")
        self.keep.setAccessibleName("Keep the passphrase in the system keyring")
        self.problem = error_label("passphrase problem", object_name="passphrase_problem")
        form = QFormLayout()
        caption = QLabel("&Passphrase")
        caption.setBuddy(self.passphrase)
        form.addRow(caption, self.passphrase)
        if new:
            again = QLabel("Passphrase &again")
            again.setBuddy(self.again)
            form.addRow(again, self.again)
        form.addRow("", self.keep)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(
            "&Open" if not new else "&Create", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_open)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def try_open(self) -> None:
        text = self.passphrase.text()
        if self.new:
            problem = encryption.passphrase_problem(text, self.again.text())
            if problem:
                show_problem(self.problem, problem)
                return
            encryption.remember(self.path, text)
        else:
            try:
                encryption.unlock(self.path, text)
            except encryption.EncryptionError as error:
                show_problem(self.problem, str(error))
                self.passphrase.selectAll()
                self.passphrase.setFocus()
                return
        if self.keep.isChecked():
            try:
                key_store.save(self.path, text)
            except key_store.KeyStoreError as error:
                show_problem(self.problem, str(error))
                self.keep.setChecked(False)
                return
        self.accept()


def needs_unlocking(path: Path | None, *, create: bool) -> bool:
    if path is None or encryption.passphrase_for(path) is not None:
        return False
    if encryption.looks_encrypted(path):
        return True
    return create and not (path.exists() and path.stat().st_size > 0)


def unlock_database(path: Path | None, *, create: bool = False) -> bool:
    """Ask for the passphrase when ``path`` needs one; False if the person cancelled."""
    if path is None or not needs_unlocking(path, create=create):
        return True
    dialog = UnlockDialog(path, new=not encryption.looks_encrypted(path))
    return dialog.exec() == QDialog.DialogCode.Accepted
