"""How long records are kept: one number of years per disposal type, on the Administration page.

Saved together through the retention service (administrators only, audited); a refusal
shows its sentence and keeps the numbers as typed. If another administrator saved the
periods after the box read them, the save is refused naming them and when, and the box
offers to reload with the numbers typed here kept beside the new ones (``StaleSave``).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.errors import ValidationError
from diversion_app.domain.retention import MAX_YEARS, MIN_YEARS, DisposalType
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.base.stale import StaleRecord
from diversion_app.services.retention.periods import RetentionPeriodService
from diversion_app.ui.widgets.form_scaffold import error_label, show_problem
from diversion_app.ui.widgets.stale_save import StaleSave, YourTypingPanel


class RetentionPeriodsBox(QGroupBox):
    def __init__(
        self, periods: RetentionPeriodService, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__("How long records are kept", parent)
        self.periods = periods
        self.actor = actor
        explain = QLabel(
            "Each kind of record is kept this many years after its last action, or until the "
            "young person turns 18, whichever is later. Then it comes to the supervisors' "
            "retention review."
        )
        explain.setWordWrap(True)
        self.years: dict[DisposalType, QSpinBox] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for kind in DisposalType:
            box = QSpinBox()
            box.setRange(MIN_YEARS, MAX_YEARS)
            box.setSuffix(" years")
            box.setMinimumWidth(110)
            box.setAccessibleName(f"Years kept: {kind.label}")
            caption = QLabel(kind.label)
            caption.setBuddy(box)
            form.addRow(caption, box)
            self.years[kind] = box
        self.save_button = QPushButton("Save &periods")
        self.save_button.setAccessibleName("Save retention periods")
        self.save_button.clicked.connect(self.save)
        self.problem = error_label(
            "retention periods problem", object_name="retention_periods_problem"
        )
        self.message = QLabel()
        self.message.setAccessibleName("Retention periods result")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.message, 1)
        self.stamp = ""
        """The periods' edit stamp as last read: handed back when they are saved."""
        self.typing_panel = YourTypingPanel()
        self.stale = StaleSave(
            self,
            lambda: {kind.value: box for kind, box in self.years.items()},
            self._read,
            self.typing_panel,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.typing_panel)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        self._read()
        self.typing_panel.hide()
        self.stale.remember_opened()

    def _read(self) -> None:
        self.stamp = self.periods.periods_stamp()
        current = self.periods.periods()
        for kind, box in self.years.items():
            box.setValue(current.for_type(kind))

    def save(self) -> None:
        values = {kind: box.value() for kind, box in self.years.items()}
        try:
            self.periods.set_periods(self.actor, values, edit_stamp=self.stamp)
        except ValidationError as error:
            show_problem(self.problem, " ".join(error.problems.values()))
            self.message.clear()
            return
        except ServiceError as error:
            show_problem(self.problem, str(error))
            self.message.clear()
            if isinstance(error, StaleRecord):  # another administrator saved them first
                self.stale.handle(error)
            return
        show_problem(self.problem, None)
        self.refresh()  # the new stamp: a second save from this box is not refused
        self.message.setText("Retention periods saved.")
