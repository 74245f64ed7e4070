"""Picking the pupil a piece of school work is about: search existing records, or add one.

Adding one opens the people issue's "add a young person" dialog, which shows likely
existing records (and siblings) before a new record is made; choosing a match picks it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
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

from diversion_app.domain.timekeeping import format_date
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.registry import Services
from diversion_app.ui.people.young_person_dialog import YoungPersonDialog
from diversion_app.ui.widgets.form_scaffold import select_data
from diversion_app.ui.widgets.more_matches import MoreMatchesLabel
from diversion_app.ui.widgets.search_keys import join_search

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
        self.matches.setFixedHeight(104)
        self.add_button = QPushButton("Add a &new pupil…")
        self.add_button.setAccessibleName("Add a new pupil")
        self.chosen_label = QLabel("No pupil chosen yet.")
        self.chosen_label.setAccessibleName("Chosen pupil")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        join_search(
            self.search,
            self.matches,
            self.run_search,
            lambda: self._choose_item(self.matches.currentItem()),
        )
        # one click chooses a match (it used to need a double-click: a highlighted pupil
        # was not chosen); from the keyboard, Enter chooses
        self.matches.itemClicked.connect(self._choose_item)
        self.matches.itemActivated.connect(self._choose_item)
        self.matches.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.matches.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.add_button.clicked.connect(self.add_new)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        layout.addWidget(self.matches)
        self.more_matches = MoreMatchesLabel()
        layout.addWidget(self.more_matches)
        layout.addWidget(self.chosen_label)
        self.last_add_dialog: YoungPersonDialog | None = None
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def run_search(self) -> None:
        self._timer.stop()
        self.matches.clear()
        self.more_matches.clear_note()
        text = self.search.text().strip()
        if len(text) < 2:
            return
        rows = self.services.young_people.search(
            self.actor, PageRequest(limit=MATCHES_SHOWN, text=text), audited=True
        )
        self.more_matches.show_for(
            len(rows), MATCHES_SHOWN, lambda: self.services.young_people.count(self.actor, text)
        )
        for row in rows:
            label = f"{row.name} — born {format_date(row.date_of_birth)}"
            if row.school:
                label += f" — {row.school}"
            item = QListWidgetItem(label)
            item.setToolTip(label)
            item.setData(Qt.ItemDataRole.UserRole, (row.id, row.name))
            self.matches.addItem(item)
        if not rows:
            self.matches.addItem(
                "No young person matches; add a new pupil if this is their first record."
            )

    def _choose_item(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        data = item.data(Qt.ItemDataRole.UserRole)
        if data:
            self.choose(int(data[0]), str(data[1]))

    def choose(self, person_id: int, name: str) -> None:
        self.chosen_id = person_id
        self.chosen_name = name
        self.chosen_label.setText(f"Pupil: {name}")
        self.chosen.emit(person_id, name)

    def add_new(self) -> None:
        """The people issue's "add a young person", with its likely-match check first."""
        dialog = YoungPersonDialog(self.services, self.actor, parent=self)
        parts = self.search.text().strip().split()
        if parts and not any(ch.isdigit() for ch in self.search.text()):
            dialog.given_name.setText(parts[0])
            dialog.family_name.setText(" ".join(parts[1:]))
        school_id = self._school_id() if self._school_id else None
        if school_id is not None:
            select_data(dialog.school, school_id)
            area = self.services.school_work.school_area(self.actor, school_id)
            select_data(dialog.area, area.value)
        dialog.saved.connect(lambda person_id: self._added(dialog, person_id))
        dialog.open_existing.connect(lambda person_id: self._matched(dialog, person_id))
        self.last_add_dialog = dialog
        dialog.open()

    def _added(self, dialog: YoungPersonDialog, person_id: int) -> None:
        draft = dialog.draft()
        self.choose(person_id, f"{draft.given_name.strip()} {draft.family_name.strip()}")

    def _matched(self, dialog: YoungPersonDialog, person_id: int) -> None:
        match = dialog.current_match()
        self.choose(person_id, match.name if match else f"Young person {person_id}")
