"""The administrator's list of local closure days (not working days, beside bank holidays).

Adding or removing a day moves the working-day deadlines of open referrals still
waiting on them; the dialog says how many moved. If another administrator saved the list
after the dialog opened, the save is refused naming them and when; reloading shows their
list with this administrator's own additions and removals made on it again, to check and
save (nothing they chose is lost, nothing the other administrator saved is undone unseen).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.timekeeping import format_date, format_time, london_today
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.base.stale import StaleRecord
from diversion_app.services.registry import Services
from diversion_app.ui.widgets.form_scaffold import (
    FieldProblems,
    date_field,
    error_label,
    required_date,
)
from diversion_app.ui.widgets.stale_save import ask_to_reload


def _day_text(day: date) -> str:
    return day.strftime("%a %d/%m/%Y")


class ClosureDaysDialog(QDialog):
    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.moved: int | None = None
        self.setWindowTitle("Local closure days")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Days the scheme is closed besides weekends and the bank holidays of England and "
            "Wales (which are always left out). Working-day deadlines skip these days."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.banner = QLabel()
        layout.addWidget(self.banner)
        self.days = QListWidget()
        self.days.setAccessibleName("Local closure days")
        layout.addWidget(self.days)
        add_row = QHBoxLayout()
        self.new_day = date_field("Closure day to add", london_today(services.ctx.now()))
        self.add_button = QPushButton("&Add day")
        self.remove_button = QPushButton("&Remove selected")
        add_row.addWidget(self.new_day)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.remove_button)
        add_row.addStretch(1)
        layout.addLayout(add_row)
        self.field_error = error_label("Problem with the closure days")
        layout.addWidget(self.field_error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout.addWidget(buttons)
        self.problems = FieldProblems(self.banner, {"closure_days": self.field_error})
        self.add_button.clicked.connect(self.add_day)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.ask = ask_to_reload
        """The stale-save question (replaced in tests by a function that answers it)."""
        self.stamp = ""
        self.opened: list[date] = []
        self.typing_note = QLabel()
        self.typing_note.setObjectName("yourTypingPanel")
        self.typing_note.setStyleSheet(
            "#yourTypingPanel { background: #fff8e1; border: 1px solid #c79100; padding: 6px; }"
        )
        self.typing_note.setWordWrap(True)
        self.typing_note.setAccessibleName("Your changes made again on the new list")
        self.typing_note.hide()
        layout.insertWidget(1, self.typing_note)
        self._read()

    def _read(self) -> None:
        """Show the saved days and keep their edit stamp (and the list as it opened)."""
        try:
            self.stamp = self.services.deadlines.closure_days_stamp(self.actor)
            existing = self.services.deadlines.closure_days(self.actor)
        except (DomainError, ServiceError) as error:
            self.problems.show_error(error)
            existing = []
        self.days.clear()
        for day in existing:
            self._add(day)
        self.opened = list(existing)

    def _add(self, day: date) -> None:
        if day in self.chosen():
            return
        item = QListWidgetItem(day.strftime("%A %d/%m/%Y"))
        item.setData(Qt.ItemDataRole.UserRole, day.isoformat())
        later = [d for d in self.chosen() if d > day]  # in date order, not by the day's name
        self.days.insertItem(self.days.count() - len(later), item)

    def chosen(self) -> list[date]:
        return sorted(
            date.fromisoformat(str(self.days.item(row).data(Qt.ItemDataRole.UserRole)))
            for row in range(self.days.count())
        )

    def add_day(self) -> None:
        try:
            day = required_date(
                self.new_day, "closure_days", "Type the closure day to add, like 25/12/2026."
            )
        except ValidationError as error:
            self.problems.show_error(error)
            return
        self.problems.clear()
        self._add(day)

    def remove_selected(self) -> None:
        for item in self.days.selectedItems():
            self.days.takeItem(self.days.row(item))

    def save(self) -> None:
        days, deadlines, actor = self.chosen(), self.services.deadlines, self.actor
        stamp = self.stamp
        result: list[int] = []
        if self.problems.attempt(
            lambda: result.append(deadlines.set_closure_days(actor, days, edit_stamp=stamp))
        ):
            self.moved = result[0]
            self.accept()
        elif isinstance(self.problems.last_error, StaleRecord):
            self.reload_keeping_mine(self.problems.last_error)

    def reload_keeping_mine(self, error: StaleRecord) -> bool:
        """Ask; on reload show the saved list with this administrator's own additions and
        removals (since the dialog opened) made on it again, and say which they were."""
        if not self.ask(self, error):
            return False
        mine, opened = set(self.chosen()), set(self.opened)
        added, removed = sorted(mine - opened), sorted(opened - mine)
        self._read()
        for day in added:
            self._add(day)
        for day in removed:
            for row in range(self.days.count()):
                if self.days.item(row).data(Qt.ItemDataRole.UserRole) == day.isoformat():
                    self.days.takeItem(row)
                    break
        when = ""
        if error.changed_at is not None:
            when = f" at {format_time(error.changed_at)} on {format_date(error.changed_at)}"
        said = [f"The list now shows what {error.changed_by} saved{when}."]
        if added:
            said.append("Your days added again: " + ", ".join(map(_day_text, added)) + ".")
        if removed:
            said.append("Your days removed again: " + ", ".join(map(_day_text, removed)) + ".")
        said.append("Check the list, then press Save.")
        self.problems.clear()  # the note says what happened; nothing is wrong with the list
        self.typing_note.setText(" ".join(said))
        self.typing_note.show()
        return True
