"""The officer's "Outcome 22 can be recorded" tasks, shown on the Dashboard until done.

A diversion referral closed with the programme completed puts a task here for the
officer who made it: open the referral, or mark Outcome 22 as recorded on the police
system (which clears it).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.errors import DomainError
from diversion_app.domain.timekeeping import format_date
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.registry import Services
from diversion_app.ui.widgets.form_scaffold import error_label


class Outcome22Tasks(QGroupBox):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        open_referral: Callable[[int], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Your tasks: Outcome 22 can now be recorded", parent)
        self.services = services
        self.actor = actor
        self.open_referral = open_referral
        self.setAccessibleName("Outcome 22 tasks")
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "These young people completed their diversion programme: record Outcome 22 "
                "on the police system, then mark it done here."
            )
        )
        self.tasks = QListWidget()
        self.tasks.setAccessibleName("Outcome 22 tasks")
        self.tasks.setMaximumHeight(110)
        self.tasks.itemActivated.connect(lambda _item: self.open_selected())
        layout.addWidget(self.tasks)
        self.message = error_label("Problem with the task")
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.open_button = QPushButton("&Open referral")
        self.done_button = QPushButton("Mark Outcome 22 &recorded")
        self.open_button.clicked.connect(self.open_selected)
        self.done_button.clicked.connect(self.mark_done)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.done_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        tasks = self.services.police_outcome.outcome22_tasks(self.actor)
        self.tasks.clear()
        self.stamps = {task.referral_id: task.edit_stamp for task in tasks}
        for task in tasks:
            reference = f", crime reference {task.crime_reference}" if task.crime_reference else ""
            item = QListWidgetItem(
                f"{task.young_person}{reference}: programme completed "
                f"(closure approved {format_date(task.due_since)})"
            )
            item.setData(Qt.ItemDataRole.UserRole, task.referral_id)
            self.tasks.addItem(item)
        if tasks:
            self.tasks.setCurrentRow(0)
        self.setVisible(bool(tasks))

    def _selected(self) -> int | None:
        item = self.tasks.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def open_selected(self) -> None:
        referral_id = self._selected()
        if referral_id is not None:
            self.open_referral(referral_id)

    def mark_done(self) -> None:
        referral_id = self._selected()
        if referral_id is None:
            return
        try:
            self.services.police_outcome.mark_outcome22_recorded(
                self.actor, referral_id, edit_stamp=self.stamps.get(referral_id, "")
            )
        except (DomainError, ServiceError) as error:
            self.message.setText(str(error))
            self.message.show()
            self.refresh()  # the list as it is now (a task someone else did is gone)
            self.setVisible(True)  # the refusal stays on screen even when no task is left
            return
        self.message.hide()
        self.refresh()
