"""Household dialogs: add or edit a member, and move a child to another household."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.enums import Area, Relationship
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.young_person_rules import AddressDraft, MemberDraft
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import Conflict, NotFound, PermissionDenied
from diversion_app.services.base.stale import StaleRecord
from diversion_app.services.registry import Services
from diversion_app.ui.widgets.form_scaffold import (
    FormRows,
    enum_combo,
    plain_label,
    required_choice,
    select_data,
)
from diversion_app.ui.widgets.search_keys import join_search
from diversion_app.ui.widgets.stale_save import StaleSave, YourTypingPanel


class MemberDialog(QDialog):
    """Add a household member (``member_id`` None) or edit one."""

    saved = Signal()

    def __init__(
        self,
        services: Services,
        actor: Actor,
        *,
        household_id: int,
        young_person_id: int,
        member_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.household_id = household_id
        self.young_person_id = young_person_id
        self.member_id = member_id
        self.setWindowTitle("Add household member" if member_id is None else "Edit member")
        self.form = FormRows()
        self.given_name = QLineEdit()
        self.form.add("given_name", "&First name:", self.given_name)
        self.family_name = QLineEdit()
        self.form.add("family_name", "Fa&mily name:", self.family_name)
        self.relationship = enum_combo(Relationship, "Relationship to the young person")
        self.form.add("relationship", "&Relationship:", self.relationship)
        self.parental_responsibility = QCheckBox("Holds parental responsibility")
        self.form.add("parental_responsibility", "Parental resp.:", self.parental_responsibility)
        self.phone = QLineEdit()
        self.form.add("phone", "&Phone:", self.phone)
        self.email = QLineEdit()
        self.form.add("email", "&Email:", self.email)
        self.language = QLineEdit()
        self.form.add("language", "&Language:", self.language)
        self.interpreter_needed = QCheckBox("Needs an interpreter")
        self.form.add("interpreter_needed", "Interpreter:", self.interpreter_needed)
        self.notes = QLineEdit()
        self.form.add("notes", "&Notes:", self.notes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.edit_stamp = ""
        self.your_typing = YourTypingPanel()
        self.stale_save = StaleSave(self, lambda: self.form.fields, self._load, self.your_typing)
        layout = QVBoxLayout(self)
        layout.addWidget(self.your_typing)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        if member_id is not None:
            self._load()

    def _load(self) -> None:
        assert self.member_id is not None
        draft = self.services.households.member_draft(
            self.actor, self.member_id, young_person_id=self.young_person_id
        )
        for name in ("given_name", "family_name", "phone", "email", "language", "notes"):
            getattr(self, name).setText(getattr(draft, name))
        select_data(self.relationship, draft.relationship)
        self.parental_responsibility.setChecked(draft.parental_responsibility)
        self.interpreter_needed.setChecked(draft.interpreter_needed)
        self.edit_stamp = draft.edit_stamp
        self.stale_save.remember_opened()

    def draft(self) -> MemberDraft:
        return MemberDraft(
            given_name=self.given_name.text(),
            family_name=self.family_name.text(),
            relationship=required_choice(self.relationship.value()),
            parental_responsibility=self.parental_responsibility.isChecked(),
            phone=self.phone.text(),
            email=self.email.text(),
            language=self.language.text(),
            interpreter_needed=self.interpreter_needed.isChecked(),
            notes=self.notes.text(),
            edit_stamp=self.edit_stamp,
        )

    def save(self) -> None:
        households = self.services.households
        try:
            if self.member_id is None:
                households.add_member(
                    self.actor,
                    self.household_id,
                    self.draft(),
                    young_person_id=self.young_person_id,
                )
            else:
                households.update_member(
                    self.actor, self.member_id, self.draft(), young_person_id=self.young_person_id
                )
        except StaleRecord as error:
            self.form.show_message(str(error))
            if self.stale_save.handle(error):
                self.form.clear_problems()
            return
        except ValidationError as error:
            self.form.show_problems(error.problems)
            return
        except (PermissionDenied, NotFound) as error:
            self.form.show_message(str(error))
            return
        self.saved.emit()
        self.accept()


class MoveHouseholdDialog(QDialog):
    """Move a child to another household (found by postcode or a child's name) or a new one."""

    moved = Signal(int)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        *,
        young_person_id: int,
        young_person_name: str,
        area: Area,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.young_person_id = young_person_id
        self.area = area
        self.setWindowTitle(f"Move {young_person_name} to another household")
        self.resize(560, 520)
        self.form = FormRows()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Postcode or a child's name in that household")
        self.form.add("search", "&Find household:", self.search)
        self.households = QListWidget()
        self.households.setAccessibleName("Households found")
        self.form.add("household", "Households:", self.households)
        self.form.add_widget(plain_label("Or move to a new household at this address:"))
        self.address_line1 = QLineEdit()
        self.form.add("address_line1", "&Address:", self.address_line1)
        self.town = QLineEdit()
        self.form.add("town", "&Town:", self.town)
        self.postcode = QLineEdit()
        self.form.add("postcode", "Post&code:", self.postcode)
        self.search.textChanged.connect(self._find)
        join_search(self.search, self.households, lambda: self._find(self.search.text()))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.move_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.move_button.setText("&Move")
        self.move_button.setAccessibleName("Move")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)

    def _find(self, text: str) -> None:
        self.households.clear()
        for choice in self.services.households.households_like(self.actor, text):
            item = QListWidgetItem(f"{choice.address} — {choice.children or 'no children'}")
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            self.households.addItem(item)
        if self.households.count():
            self.households.setCurrentRow(0)

    def save(self) -> None:
        item = self.households.currentItem()
        new_address = None
        target = None
        if self.address_line1.text().strip() or self.postcode.text().strip():
            new_address = AddressDraft(
                address_line1=self.address_line1.text(),
                area=self.area,
                town=self.town.text(),
                postcode=self.postcode.text(),
            )
        elif item is not None:
            target = int(item.data(Qt.ItemDataRole.UserRole))
        try:
            household_id = self.services.households.move_young_person(
                self.actor, self.young_person_id, to_household_id=target, new_address=new_address
            )
        except ValidationError as error:
            self.form.show_problems(error.problems)
            return
        except (PermissionDenied, NotFound, Conflict) as error:
            self.form.show_message(str(error))
            return
        self.moved.emit(household_id)
        self.accept()
