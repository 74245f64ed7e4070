"""Picking the pupil a piece of school work is about: search existing records, or add one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.enums import Ethnicity, Gender
from diversion_app.domain.timekeeping import format_date
from diversion_app.services.actor import Actor
from diversion_app.services.errors import Conflict
from diversion_app.services.listing import PageRequest
from diversion_app.services.registry import Services
from diversion_app.services.school_pupils import PupilDraft, PupilRow
from diversion_app.ui.dialogs.form_support import (
    SAVE_ERRORS,
    ProblemDisplay,
    date_field,
    enum_combo,
    read_date,
)
from diversion_app.ui.dialogs.school_choice import school_combo

MATCHES_SHOWN = 20


class PupilPicker(QWidget):
    """Search box and matches; choosing one (double-click or Enter) sets ``chosen_id``."""

    chosen = Signal(int, str)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        school_id: Callable[[], int | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self._school_id = school_id
        self.chosen_id: int | None = None
        self.chosen_name = ""
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by name, date of birth (05/03/2011) or postcode")
        self.search.setAccessibleName("Search for the pupil")
        self.search.setClearButtonEnabled(True)
        self.matches = QListWidget()
        self.matches.setAccessibleName("Matching young people")
        self.matches.setFixedHeight(84)
        self.add_button = QPushButton("Add a &new pupil…")
        self.add_button.setAccessibleName("Add a new pupil")
        self.chosen_label = QLabel("No pupil chosen yet.")
        self.chosen_label.setAccessibleName("Chosen pupil")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.run_search)
        self.matches.itemActivated.connect(self._choose_item)
        self.matches.itemDoubleClicked.connect(self._choose_item)
        self.add_button.clicked.connect(self.add_new)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        layout.addWidget(self.matches)
        layout.addWidget(self.chosen_label)
        self.last_add_dialog: AddPupilDialog | None = None
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def run_search(self) -> None:
        self._timer.stop()
        self.matches.clear()
        text = self.search.text().strip()
        if len(text) < 2:
            return
        rows = self.services.young_people.search(
            self.actor, PageRequest(limit=MATCHES_SHOWN, text=text)
        )
        for row in rows:
            label = f"{row.name} — born {format_date(row.date_of_birth)}"
            if row.school:
                label += f" — {row.school}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, (row.id, row.name))
            self.matches.addItem(item)
        if not rows:
            self.matches.addItem(
                "No young person matches; add a new pupil if this is their first record."
            )

    def _choose_item(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if data:
            self.choose(int(data[0]), str(data[1]))

    def choose(self, person_id: int, name: str) -> None:
        self.chosen_id = person_id
        self.chosen_name = name
        self.chosen_label.setText(f"Pupil: {name}")
        self.chosen.emit(person_id, name)

    def add_new(self) -> None:
        school = self._school_id() if self._school_id else None
        dialog = AddPupilDialog(self.services, self.actor, school, self.search.text(), self)
        self.last_add_dialog = dialog
        dialog.accepted.connect(lambda: self._added(dialog))
        dialog.open()

    def _added(self, dialog: AddPupilDialog) -> None:
        if dialog.pupil_id is not None:
            self.choose(dialog.pupil_id, dialog.pupil_name)


class AddPupilDialog(QDialog):
    """A pupil's first record: names, date of birth, gender, ethnicity, school, address."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        school_id: int | None,
        typed: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a new pupil")
        self.services = services
        self.actor = actor
        self.pupil_id: int | None = None
        self.pupil_name = ""
        self.existing_id: int | None = None
        self.saved: PupilRow | None = None
        parts = typed.strip().split()
        self.given = QLineEdit(parts[0] if parts else "")
        self.given.setAccessibleName("Given name")
        self.family = QLineEdit(" ".join(parts[1:]))
        self.family.setAccessibleName("Family name")
        self.preferred = QLineEdit()
        self.preferred.setAccessibleName("Preferred name")
        self.born = date_field("Date of birth")
        self.gender = enum_combo(Gender, "Gender", blank="Choose…")
        self.ethnicity = enum_combo(Ethnicity, "Ethnicity", blank="Choose…")
        self.school = school_combo(services, actor, school_id)
        self.address = QLineEdit()
        self.address.setAccessibleName("Address, first line")
        self.postcode = QLineEdit()
        self.postcode.setAccessibleName("Postcode")
        summary = QLabel()
        self.problems = ProblemDisplay(summary)
        form = QFormLayout()
        self.problems.add_row(form, "&Given name:", "given_name", self.given)
        self.problems.add_row(form, "&Family name:", "family_name", self.family)
        self.problems.add_row(form, "&Preferred name:", "preferred_name", self.preferred)
        self.problems.add_row(form, "Date of &birth:", "date_of_birth", self.born)
        self.problems.add_row(form, "G&ender:", "gender", self.gender)
        self.problems.add_row(form, "E&thnicity:", "ethnicity", self.ethnicity)
        self.problems.add_row(form, "&School:", "school", self.school)
        self.problems.add_row(form, "&Address:", "address_line1", self.address)
        self.problems.add_row(form, "P&ostcode:", "postcode", self.postcode)
        self.use_existing = QPushButton("&Use the existing record")
        self.use_existing.setAccessibleName("Use the existing record")
        self.use_existing.hide()
        self.use_existing.clicked.connect(self._use_existing)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save the new pupil")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addWidget(self.use_existing)
        layout.addWidget(buttons)

    def draft(self, problems: dict[str, str]) -> PupilDraft:
        born = read_date(
            self.born,
            "date_of_birth",
            problems,
            required_message="Enter the pupil's date of birth, like 14/03/2012.",
        )
        return PupilDraft(
            given_name=self.given.text(),
            family_name=self.family.text(),
            preferred_name=self.preferred.text(),
            date_of_birth=born,
            gender=self.gender.value(),
            ethnicity=self.ethnicity.value(),
            school_id=self.school.currentData(),
            address_line1=self.address.text(),
            postcode=self.postcode.text(),
        )

    def save(self) -> None:
        problems: dict[str, str] = {}
        draft = self.draft(problems)
        if problems:
            self.problems.show(problems)
            return
        try:
            self.saved = self.services.school_pupils.add_pupil(self.actor, draft)
        except Conflict as conflict:
            self.existing_id = conflict.existing_id
            self.problems.show_message(str(conflict))
            self.use_existing.setVisible(conflict.existing_id is not None)
            return
        except SAVE_ERRORS as error:
            self.problems.show_error(error)
            return
        self.pupil_id = self.saved.id
        self.pupil_name = self.saved.name
        self.accept()

    def _use_existing(self) -> None:
        if self.existing_id is not None:
            self.pupil_id = self.existing_id
            self.pupil_name = f"{self.given.text().strip()} {self.family.text().strip()}"
            self.accept()
