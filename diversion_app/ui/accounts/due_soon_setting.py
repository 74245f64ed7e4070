"""The administrator's field for the 48-hour clock's "due soon" threshold.

A small self-contained row (label, hours, Save, and a line saying what happened) that
the Administration page shows under the idle-lock setting; it asks
``services.clock_settings`` and shows a refusal in plain words.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from diversion_app.domain.due_soon import DUE_SOON_RANGE
from diversion_app.domain.errors import DomainError
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.registry import Services
from diversion_app.ui.widgets.form_bits import problem_label, show_problem


class DueSoonSetting(QWidget):
    """'Show a clock as due soon in its last [12] hours  [Save]'."""

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.hours = QSpinBox()
        self.hours.setRange(*DUE_SOON_RANGE)
        self.hours.setSuffix(" hours")
        self.hours.setAccessibleName("Due soon threshold in hours")
        self.hours.setToolTip(
            "An open 48-hour clock shows as due soon (amber) for this long before its due "
            "time, on every list, the dashboard, records and the caseload summary."
        )
        label = QLabel("Show a 48-hour clock as &due soon in its last")
        label.setBuddy(self.hours)
        self.save_button = QPushButton("Save")
        self.save_button.setAccessibleName("Save due soon threshold")
        self.save_button.clicked.connect(lambda _checked=False: self.save())
        self.message = QLabel()
        self.message.setAccessibleName("Due soon setting result")
        self.problem = problem_label("due_soon_problem")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.hours)
        row.addWidget(self.save_button)
        row.addWidget(self.message)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        self.refresh()

    def refresh(self) -> None:
        self.hours.setValue(self.services.clock_settings.due_soon_hours())

    def save(self) -> None:
        hours = self.hours.value()
        try:
            self.services.clock_settings.set_due_soon_hours(self.actor, hours)
        except (DomainError, ServiceError) as error:
            show_problem(self.problem, str(error))
            self.message.clear()
            return
        show_problem(self.problem, None)
        self.message.setText(f"Saved: clocks show as due soon in their last {hours} hours.")
        self.refresh()
