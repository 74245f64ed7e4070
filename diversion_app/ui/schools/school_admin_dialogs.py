"""Administration of schools and SPOCs (reached from the Schools page by those allowed).

A school's SPOC follows its area, so the school form shows whose school it will be as the
area is chosen, and the SPOC dialog says which schools moved when a SPOC is added or moved.
A change made over someone else's newer change is refused naming them: the school form
reloads with the typing kept beside (``widgets.stale_save``); the lists reload.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.enums import Area, SchoolType
from diversion_app.domain.school_rules import SchoolDraft
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.stale import StaleRecord
from diversion_app.services.registry import Services
from diversion_app.services.schools.admin import SchoolDetail, SpocChange, SpocRow
from diversion_app.ui.widgets.columns import stretch_column
from diversion_app.ui.widgets.form_scaffold import (
    SAVE_ERRORS,
    FieldProblems,
    enum_combo,
    save_cancel_buttons,
)
from diversion_app.ui.widgets.lazy_table import Column, ListModel
from diversion_app.ui.widgets.list_page import ListPage
from diversion_app.ui.widgets.screen_fit import grow_to_content
from diversion_app.ui.widgets.stale_save import StaleSave, YourTypingPanel

SCHOOL_ADMIN_COLUMNS: list[Column[SchoolDetail]] = [
    Column("School", lambda r: r.name),
    Column("Area", lambda r: r.area.label),
    Column("Type", lambda r: r.school_type.label),
    Column("SPOC (from the area)", lambda r: r.spoc),
    Column("Contact", lambda r: r.contact_name),
    Column("Phone", lambda r: r.phone),
    Column("Listed", lambda r: "Yes" if r.active else "No (deactivated)"),
]

SPOC_COLUMNS: list[Column[SpocRow]] = [
    Column("SPOC", lambda r: r.display_name),
    Column("Username", lambda r: r.username),
    Column("Area", lambda r: r.area.label),
    Column("Active", lambda r: "Yes" if r.active else "No (stood down)"),
    Column("Schools", lambda r: str(r.schools), align_right=True),
]


class SchoolEditDialog(QDialog):
    """A new school, or changes to one (a new area gives it that area's SPOC)."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        school: SchoolDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.school = school
        self.saved: SchoolDetail | None = None
        self.setWindowTitle("Edit school" if school else "New school")
        self.spoc_by_area = {
            row.area: row.display_name for row in services.school_admin.spocs(actor) if row.active
        }
        summary = QLabel()
        self.problems = FieldProblems(summary)
        self.name = QLineEdit(school.name if school else "")
        self.name.setAccessibleName("School name")
        self.area = enum_combo(Area, "Area", blank="Choose the area…")
        self.school_type = enum_combo(SchoolType, "Type of school", blank="Choose…")
        self.spoc = QLabel()
        self.spoc.setAccessibleName("SPOC for this school")
        self.address = QLineEdit(school.address if school else "")
        self.address.setAccessibleName("Address")
        self.postcode = QLineEdit(school.postcode if school else "")
        self.postcode.setAccessibleName("Postcode")
        self.contact = QLineEdit(school.contact_name if school else "")
        self.contact.setAccessibleName("Contact name")
        self.phone = QLineEdit(school.phone if school else "")
        self.phone.setAccessibleName("Phone")
        self.email = QLineEdit(school.email if school else "")
        self.email.setAccessibleName("Email")
        self.key_staff = QPlainTextEdit(school.key_staff if school else "")
        self.key_staff.setAccessibleName("Key staff")
        self.key_staff.setTabChangesFocus(True)
        self.key_staff.setFixedHeight(70)
        if school:
            self.area.set_value(school.area)
            self.school_type.set_value(school.school_type)
        self.your_typing = YourTypingPanel()
        form = QFormLayout()
        self.problems.add_row(form, "&Name:", "name", self.name)
        self.problems.add_row(form, "&Area:", "area", self.area)
        form.addRow("SPOC:", self.spoc)
        self.problems.add_row(form, "&Type:", "school_type", self.school_type)
        self.problems.add_row(form, "A&ddress:", "address", self.address)
        self.problems.add_row(form, "&Postcode:", "postcode", self.postcode)
        self.problems.add_row(form, "&Contact:", "contact_name", self.contact)
        self.problems.add_row(form, "P&hone:", "phone", self.phone)
        self.problems.add_row(form, "&Email:", "email", self.email)
        self.problems.add_row(form, "&Key staff:", "key_staff", self.key_staff)
        buttons, self.save_button = save_cancel_buttons(self, self.save, "Save the school")
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.your_typing)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.area.currentIndexChanged.connect(self._show_spoc)
        self._show_spoc()
        self.setMinimumWidth(520)
        self.fields: dict[str, QWidget] = {
            "name": self.name,
            "area": self.area,
            "school_type": self.school_type,
            "address": self.address,
            "postcode": self.postcode,
            "contact_name": self.contact,
            "phone": self.phone,
            "email": self.email,
            "key_staff": self.key_staff,
        }
        self.stale_save = StaleSave(self, lambda: self.fields, self._reload, self.your_typing)
        self.stale_save.remember_opened()

    def _reload(self) -> None:
        """Show the school as saved now (after someone else changed it)."""
        assert self.school is not None
        school = self.services.school_admin.school(self.actor, self.school.id)
        self.school = school
        self.name.setText(school.name)
        self.area.set_value(school.area)
        self.school_type.set_value(school.school_type)
        self.address.setText(school.address)
        self.postcode.setText(school.postcode)
        self.contact.setText(school.contact_name)
        self.phone.setText(school.phone)
        self.email.setText(school.email)
        self.key_staff.setPlainText(school.key_staff)
        self.problems.clear()

    def _show_spoc(self) -> None:
        area = self.area.value()
        if area is None:
            self.spoc.setText("Follows the area: choose the area first.")
        else:
            self.spoc.setText(self.spoc_by_area.get(area, f"No SPOC covers {area.label} yet"))

    def draft(self) -> SchoolDraft:
        return SchoolDraft(
            name=self.name.text(),
            area=self.area.value(),
            school_type=self.school_type.value(),
            address=self.address.text(),
            postcode=self.postcode.text(),
            contact_name=self.contact.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            key_staff=self.key_staff.toPlainText(),
        )

    def save(self) -> None:
        admin = self.services.school_admin
        try:
            if self.school is None:
                self.saved = admin.create_school(self.actor, self.draft())
            else:
                self.saved = admin.update_school(
                    self.actor, self.school.id, self.draft(), edit_stamp=self.school.edit_stamp
                )
        except SAVE_ERRORS as error:
            self.problems.show_error(error)
            if isinstance(error, StaleRecord):
                self.stale_save.handle(error)
            # grow to fit the problems (the buttons were drawn over the key staff box)
            grow_to_content(self)
            return
        self.accept()


class SchoolsAdminDialog(QDialog):
    """Every school, listed or deactivated: add, edit, deactivate or bring back."""

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.setWindowTitle("Schools")
        self.model: ListModel[SchoolDetail] = ListModel(
            SCHOOL_ADMIN_COLUMNS, lambda: services.school_admin.all_schools(actor), parent=self
        )
        self.list = ListPage("Schools", self.model, noun=("school", "schools"))
        stretch_column(self.list.table, 0)
        self.list.on_row_activated(self.edit)
        self.new_button = QPushButton("&New school…")
        self.new_button.setAccessibleName("New school")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setAccessibleName("Edit the selected school")
        self.active_button = QPushButton("&Deactivate / reactivate")
        self.active_button.setAccessibleName("Deactivate or reactivate the selected school")
        self.new_button.clicked.connect(self.new)
        self.edit_button.clicked.connect(self._edit_current)
        self.active_button.clicked.connect(self.toggle_active)
        self.status = QLabel()
        self.status.setAccessibleName("Result")
        self.status.setWordWrap(True)
        for button in (self.new_button, self.edit_button, self.active_button):
            self.list.toolbar.addWidget(button)
        self.list.toolbar.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.editor: SchoolEditDialog | None = None
        self.resize(960, 560)
        self.model.reload()

    def new(self) -> None:
        self._open_editor(None)

    def edit(self, school: SchoolDetail) -> None:
        self._open_editor(school)

    def _edit_current(self) -> None:
        school = self.list.current_row()
        if school is None:
            self.status.setText("Choose a school in the list first.")
            return
        self.edit(school)

    def _open_editor(self, school: SchoolDetail | None) -> None:
        self.editor = SchoolEditDialog(self.services, self.actor, school, self)
        editor = self.editor
        editor.accepted.connect(lambda: self._saved(editor))
        editor.open()

    def _saved(self, editor: SchoolEditDialog) -> None:
        if editor.saved is not None:
            saved = editor.saved
            self.status.setText(f"Saved {saved.name}: {saved.area.label} area, SPOC {saved.spoc}.")
        self.model.reload()

    def toggle_active(self) -> None:
        school = self.list.current_row()
        if school is None:
            self.status.setText("Choose a school in the list first.")
            return
        try:
            saved = self.services.school_admin.set_school_active(
                self.actor, school.id, not school.active, edit_stamp=school.edit_stamp
            )
        except SAVE_ERRORS as error:
            self.status.setText(str(error))
            if isinstance(error, StaleRecord):
                self.model.reload()  # show what the other person changed
            return
        word = "listed again" if saved.active else "deactivated (its history is kept)"
        self.status.setText(f"{saved.name} {word}.")
        self.model.reload()


def describe_change(change: SpocChange) -> str:
    spoc = change.spoc
    text = (
        f"{spoc.display_name} is the SPOC for the {spoc.area.label} area; "
        f"{change.schools_moved} school{'s' if change.schools_moved != 1 else ''} now with them."
    )
    if change.stood_down:
        text += f" {change.stood_down} handed the area over and was stood down."
    return text


class SpocsAdminDialog(QDialog):
    """The SPOCs: add a PCSO as an area's SPOC, move one to another area, or stand one down."""

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.setWindowTitle("SPOCs")
        self.model: ListModel[SpocRow] = ListModel(
            SPOC_COLUMNS, lambda: services.school_admin.spocs(actor), parent=self
        )
        self.list = ListPage("SPOCs", self.model, noun=("SPOC", "SPOCs"))
        stretch_column(self.list.table, 0)
        self.candidate = QComboBox()
        self.candidate.setAccessibleName("PCSO to add as a SPOC")
        self.new_area = enum_combo(Area, "Area for the new SPOC", blank="Choose the area…")
        self.add_button = QPushButton("&Add SPOC")
        self.add_button.setAccessibleName("Add SPOC")
        self.add_button.clicked.connect(self.add)
        add_box = QGroupBox("Add a SPOC (a user with the School Liaison SPOC role)")
        add_row = QHBoxLayout(add_box)
        add_row.addWidget(self.candidate, 1)
        add_row.addWidget(self.new_area)
        add_row.addWidget(self.add_button)
        self.move_area = enum_combo(Area, "Move the selected SPOC to", blank="Choose the area…")
        self.move_button = QPushButton("&Move to area")
        self.move_button.setAccessibleName("Move the selected SPOC to the area")
        self.move_button.clicked.connect(self.move_spoc)
        self.stand_down_button = QPushButton("&Stand down")
        self.stand_down_button.setAccessibleName("Stand down the selected SPOC")
        self.stand_down_button.clicked.connect(self.stand_down)
        move_box = QGroupBox("The selected SPOC")
        move_row = QHBoxLayout(move_box)
        move_row.addWidget(self.move_area, 1)
        move_row.addWidget(self.move_button)
        move_row.addWidget(self.stand_down_button)
        summary = QLabel()
        self.problems = FieldProblems(summary)
        self.status = QLabel()
        self.status.setAccessibleName("Result")
        self.status.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(add_box)
        layout.addWidget(move_box)
        layout.addWidget(summary)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(760, 520)
        self.reload()

    def _refused(self, error: Exception) -> None:
        self.problems.show_error(error)
        if isinstance(error, StaleRecord):
            self.reload()  # show what the other person changed

    def reload(self) -> None:
        self.model.reload()
        self.candidate.clear()
        self.candidate.addItem("Choose the PCSO…", None)
        for person in self.services.school_admin.spoc_candidates(self.actor):
            self.candidate.addItem(f"{person.display_name} ({person.username})", person.user_id)

    def add(self) -> None:
        try:
            change = self.services.school_admin.add_spoc(
                self.actor, self.candidate.currentData(), self.new_area.value()
            )
        except SAVE_ERRORS as error:
            self.problems.show_error(error)
            return
        self._done(change)

    def move_spoc(self) -> None:
        spoc = self.list.current_row()
        if spoc is None:
            self.problems.show_message("Choose a SPOC in the list first.")
            return
        try:
            change = self.services.school_admin.change_spoc_area(
                self.actor, spoc.id, self.move_area.value(), edit_stamp=spoc.edit_stamp
            )
        except SAVE_ERRORS as error:
            self._refused(error)
            return
        self._done(change)

    def stand_down(self) -> None:
        spoc = self.list.current_row()
        if spoc is None:
            self.problems.show_message("Choose a SPOC in the list first.")
            return
        try:
            row = self.services.school_admin.stand_down_spoc(
                self.actor, spoc.id, edit_stamp=spoc.edit_stamp
            )
        except SAVE_ERRORS as error:
            self._refused(error)
            return
        self.problems.clear()
        self.status.setText(
            f"{row.display_name} stood down; the {row.area.label} area's schools have no SPOC"
            " until one is added or moved there."
        )
        self.reload()

    def _done(self, change: SpocChange) -> None:
        self.problems.clear()
        self.status.setText(describe_change(change))
        self.reload()
