"""Add or edit a young person; adding first shows likely existing records and siblings.

The user opens a match, joins a sibling's household, or confirms that this is someone
new. Nothing typed is lost when a save is refused.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.enums import Area, Ethnicity, Gender
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.timekeeping import format_date
from diversion_app.domain.young_person_rules import YoungPersonDraft
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import Conflict, NotFound, PermissionDenied
from diversion_app.services.base.stale import StaleRecord
from diversion_app.services.people.young_people import PossibleMatch
from diversion_app.services.registry import Services
from diversion_app.ui.widgets.form_scaffold import (
    FormRows,
    date_field,
    enum_combo,
    plain_label,
    required_choice,
    select_data,
)
from diversion_app.ui.widgets.stale_save import StaleSave, YourTypingPanel


class YoungPersonDialog(QDialog):
    """``saved`` gives the id of the young person added or changed; ``open_existing`` a match."""

    saved = Signal(int)
    open_existing = Signal(int)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        young_person_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.young_person_id = young_person_id
        self.matches: list[PossibleMatch] = []
        self.edit_stamp = ""
        self.setWindowTitle("Add young person" if young_person_id is None else "Edit young person")
        self.resize(620, 760)
        self.form = FormRows()
        self._build_fields()
        self.matches_box = self._build_matches()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save young person")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.your_typing = YourTypingPanel()
        self.stale_save = StaleSave(
            self, lambda: self.form.fields, self._reload_after_refusal, self.your_typing
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.your_typing)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.matches_box)
        layout.addWidget(buttons)
        if young_person_id is not None:
            self._load(young_person_id)

    # --- building --------------------------------------------------------------------------
    def _line(self, field: str, label: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        self.form.add(field, label, edit)
        edit.textEdited.connect(self._inputs_changed)
        return edit

    def _build_fields(self) -> None:
        self.given_name = self._line("given_name", "&First name:")
        self.family_name = self._line("family_name", "Fa&mily name:")
        self.preferred_name = self._line("preferred_name", "&Preferred name:")
        self.date_of_birth = date_field("Date of birth")
        self.form.add("date_of_birth", "&Date of birth:", self.date_of_birth)
        self.date_of_birth.textChanged.connect(self._inputs_changed)
        self.gender = enum_combo(Gender, "Gender", blank="Choose...")
        self.form.add("gender", "&Gender:", self.gender)
        self.ethnicity = enum_combo(Ethnicity, "Ethnicity")
        select_data(self.ethnicity, Ethnicity.NOT_STATED)
        self.form.add("ethnicity", "&Ethnicity:", self.ethnicity)
        self.address_line1 = self._line("address_line1", "&Address:", "12 Example Street")
        self.address_line2 = self._line("address_line2", "Address line &2:")
        self.town = self._line("town", "&Town:")
        self.postcode = self._line("postcode", "Post&code:", "DM1 4AB")
        self.area = enum_combo(Area, "Area")
        self.form.add("area", "A&rea:", self.area)
        self.school = QComboBox()
        self.school.setAccessibleName("School")
        self.school.addItem("No school recorded", None)
        for school in self.services.young_person_editor.schools(self.actor):
            self.school.addItem(f"{school.name} ({school.area.label})", school.id)
        self.form.add("school_id", "&School:", self.school)
        self.local_person_id = self._line("local_person_id", "&Local person ID:")
        self.pnc_id = self._line("pnc_id", "P&NC ID:", "26/1234567X")
        self.looked_after = QCheckBox("Looked-after child")
        self.child_plan = QCheckBox("Child-in-need or child-protection plan")
        self.send = QCheckBox("Special educational needs (SEND/EHCP)")
        flags = QWidget()
        column = QVBoxLayout(flags)
        column.setContentsMargins(0, 0, 0, 0)
        for box in (self.looked_after, self.child_plan, self.send):
            box.setAccessibleName(box.text())
            column.addWidget(box)
        self.form.add("flags", "Flags:", flags)
        if self.young_person_id is not None:
            note = plain_label(
                "The address belongs to the household: changing it here changes it for "
                "everyone living there. To record a move, use 'Move to another household'."
            )
            self.form.add_widget(note)

    def _build_matches(self) -> QGroupBox:
        box = QGroupBox("Is this someone already on record?")
        layout = QVBoxLayout(box)
        self.matches_intro = plain_label()
        layout.addWidget(self.matches_intro)
        self.match_list = QListWidget()
        self.match_list.setAccessibleName("Possible matches")
        self.match_list.setWordWrap(True)
        self.match_list.setMaximumHeight(150)
        self.match_list.currentRowChanged.connect(self._match_selected)
        self.match_list.itemDoubleClicked.connect(lambda _item: self.open_match())
        layout.addWidget(self.match_list)
        row = QHBoxLayout()
        self.open_match_button = QPushButton("&Open this record")
        self.sibling_button = QPushButton("Add as a &sibling in this household")
        self.new_button = QPushButton("No, &create a new record")
        for button in (self.open_match_button, self.sibling_button, self.new_button):
            button.setAccessibleName(button.text().replace("&", ""))
            row.addWidget(button)
        self.open_match_button.clicked.connect(self.open_match)
        self.sibling_button.clicked.connect(self.add_as_sibling)
        self.new_button.clicked.connect(self._confirmed_new)
        layout.addLayout(row)
        if self.young_person_id is not None:
            self.new_button.setText("No, save my &changes")
            self.new_button.setAccessibleName("No, save my changes")
            self.sibling_button.hide()
        box.hide()
        return box

    def _load(self, young_person_id: int) -> None:
        draft = self.services.young_person_editor.draft_for(self.actor, young_person_id)
        for field in (
            "given_name",
            "family_name",
            "preferred_name",
            "date_of_birth",
            "address_line1",
            "address_line2",
            "town",
            "postcode",
            "local_person_id",
            "pnc_id",
        ):
            getattr(self, field).setText(getattr(draft, field))
        select_data(self.gender, draft.gender)
        select_data(self.ethnicity, draft.ethnicity)
        select_data(self.area, draft.area)
        select_data(self.school, draft.school_id)
        self.looked_after.setChecked(draft.looked_after)
        self.child_plan.setChecked(draft.child_plan)
        self.send.setChecked(draft.send)
        self.edit_stamp = draft.edit_stamp
        self.stale_save.remember_opened()

    def _reload_after_refusal(self) -> None:
        assert self.young_person_id is not None
        self._load(self.young_person_id)

    # --- reading -----------------------------------------------------------------------------
    def draft(self) -> YoungPersonDraft:
        return YoungPersonDraft(
            given_name=self.given_name.text(),
            family_name=self.family_name.text(),
            preferred_name=self.preferred_name.text(),
            date_of_birth=self.date_of_birth.text(),
            gender=self.gender.value(),
            ethnicity=required_choice(self.ethnicity.value()),
            area=required_choice(self.area.value()),
            address_line1=self.address_line1.text(),
            address_line2=self.address_line2.text(),
            town=self.town.text(),
            postcode=self.postcode.text(),
            school_id=self.school.currentData(),
            local_person_id=self.local_person_id.text(),
            pnc_id=self.pnc_id.text(),
            looked_after=self.looked_after.isChecked(),
            child_plan=self.child_plan.isChecked(),
            send=self.send.isChecked(),
            edit_stamp=self.edit_stamp,
        )

    def _inputs_changed(self) -> None:
        if self.matches_box.isVisible():
            self.matches_box.hide()
            self.save_button.setEnabled(True)

    # --- saving ------------------------------------------------------------------------------
    def save(self) -> None:
        editor = self.services.young_person_editor
        draft = self.draft()
        try:
            if self.young_person_id is not None:
                same = [
                    match
                    for match in editor.find_matches(
                        self.actor, draft, excluding=self.young_person_id
                    )
                    if match.kind.is_same_person
                ]
                if same:  # the change makes this record look like another one
                    self.matches = same
                    self._show_matches()
                    return
                self._update()
                return
            self.matches = editor.find_matches(self.actor, draft)
        except ValidationError as error:
            self.form.show_problems(error.problems)
            return
        except (PermissionDenied, NotFound, Conflict) as error:
            self.form.show_message(str(error))
            return
        if self.matches:
            self._show_matches()
            return
        self._create(confirmed_new=False)

    def _show_matches(self) -> None:
        self.form.clear_problems()
        self.match_list.clear()
        same = sum(1 for match in self.matches if match.kind.is_same_person)
        siblings = len(self.matches) - same
        parts = []
        if same:
            parts.append(f"{same} record{'s' if same != 1 else ''} may be this young person")
        if siblings:
            parts.append(
                f"{siblings} child{'ren' if siblings != 1 else ''} with the same surname "
                "and address (a brother or sister?)"
            )
        if self.young_person_id is None:
            self.matches_intro.setText(
                "Before a new record is made: " + "; ".join(parts) + ". Open a match, add as "
                "a sibling, or confirm that this is someone new."
            )
        else:
            self.matches_intro.setText(
                "With these changes, " + "; ".join(parts) + ". Open the other record, or "
                "save the changes if they are different people."
            )
        for match in self.matches:
            item = QListWidgetItem(
                f"{match.explanation}:\n{match.name}, born {format_date(match.date_of_birth)}, "
                f"{match.address}"
            )
            item.setData(Qt.ItemDataRole.UserRole, match.id)
            self.match_list.addItem(item)
        self.matches_box.show()
        self.save_button.setEnabled(False)
        self.match_list.setCurrentRow(0)
        self.match_list.setFocus()

    def _match_selected(self, row: int) -> None:
        match = self.matches[row] if 0 <= row < len(self.matches) else None
        self.open_match_button.setEnabled(match is not None)
        self.sibling_button.setEnabled(match is not None and match.kind.may_be_sibling)

    def current_match(self) -> PossibleMatch | None:
        row = self.match_list.currentRow()
        return self.matches[row] if 0 <= row < len(self.matches) else None

    def open_match(self) -> None:
        match = self.current_match()
        if match is None:
            return
        self.open_existing.emit(match.id)
        self.accept()

    def add_as_sibling(self) -> None:
        match = self.current_match()
        if match is None or not match.kind.may_be_sibling:
            return
        self._create(confirmed_new=True, household_id=match.household_id)

    def _confirmed_new(self) -> None:
        if self.young_person_id is None:
            self._create(confirmed_new=True)
        else:
            self._update()

    def _update(self) -> None:
        assert self.young_person_id is not None
        try:
            self.services.young_person_editor.update(self.actor, self.young_person_id, self.draft())
        except StaleRecord as error:
            self.matches_box.hide()
            self.save_button.setEnabled(True)
            self.form.show_message(str(error))
            if self.stale_save.handle(error):
                self.form.clear_problems()
            return
        except ValidationError as error:
            self.matches_box.hide()
            self.save_button.setEnabled(True)
            self.form.show_problems(error.problems)
            return
        except (PermissionDenied, NotFound) as error:
            self.form.show_message(str(error))
            return
        self._done(self.young_person_id)

    def _create(self, *, confirmed_new: bool, household_id: int | None = None) -> None:
        try:
            saved = self.services.young_person_editor.create(
                self.actor,
                self.draft(),
                join_household_id=household_id,
                confirmed_new=confirmed_new,
            )
        except ValidationError as error:
            self.matches_box.hide()
            self.save_button.setEnabled(True)
            self.form.show_problems(error.problems)
            return
        except Conflict:
            self.matches = self.services.young_person_editor.find_matches(self.actor, self.draft())
            self._show_matches()
            return
        except (PermissionDenied, NotFound) as error:
            self.form.show_message(str(error))
            return
        self._done(saved.id)

    def _done(self, young_person_id: int) -> None:
        self.saved.emit(young_person_id)
        self.accept()
