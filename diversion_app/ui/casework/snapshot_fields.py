"""``SnapshotFields``: the start or end snapshot (the KPI facts) as one self-contained group.

Used by the whole-family assessment (start) and the closure request (end, pre-filled from
the start). Every choice offers "Not known"; hours a week may be left "Not recorded".
Problems from the service come back keyed ``snapshot.<field>`` and show beside the field.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QSpinBox, QWidget

from diversion_app.domain.snapshot import (
    MAX_WEEKLY_HOURS,
    AccommodationType,
    Answer,
    EteType,
    SendPlan,
    Snapshot,
    SocialCareStatus,
    Suitability,
)
from diversion_app.ui.widgets.form_scaffold import EnumCombo, enum_combo, error_label

NOT_RECORDED = "Not recorded"

# (field, label, members) laid out two to a row; hours are spin boxes
_CHOICES: list[tuple[str, str, list[object]]] = [
    ("accommodation", "Accommodation", list(Suitability)),
    ("accommodation_type", "Accommodation type", list(AccommodationType)),
    ("ete_type", "Education, training, employment", list(EteType)),
    ("ete_suitable", "ETE suitable", list(Answer)),
    ("send_identified", "SEND identified", list(Answer)),
    ("send_plan", "SEND plan", list(SendPlan)),
    ("mh_screened", "Mental health: screened", list(Answer)),
    ("mh_need", "Mental health: need", list(Answer)),
    ("mh_intervention_offered", "Mental health: offered", list(Answer)),
    ("mh_attending", "Mental health: attending", list(Answer)),
    ("sm_screened", "Substance misuse: screened", list(Answer)),
    ("sm_need", "Substance misuse: need", list(Answer)),
    ("sm_intervention_offered", "Substance misuse: offered", list(Answer)),
    ("sm_attending", "Substance misuse: attending", list(Answer)),
    ("social_care", "Children's social care", list(SocialCareStatus)),
]
_HOURS = [
    ("ete_hours_offered", "Hours offered a week"),
    ("ete_hours_attended", "Hours attended a week"),
]


def _hours_box(name: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(-1, MAX_WEEKLY_HOURS)
    box.setSpecialValueText(NOT_RECORDED)
    box.setValue(-1)
    box.setAccessibleName(name)
    return box


class SnapshotFields(QGroupBox):
    """The snapshot's fields in a compact grid, with an error line under each."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setAccessibleName(title)
        self.combos: dict[str, EnumCombo[object]] = {}  # type: ignore[type-var]
        self.hours: dict[str, QSpinBox] = {}
        self.errors: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        cells: list[tuple[str, str, QWidget]] = []
        for name, text, members in _CHOICES:
            combo = enum_combo(members, text.replace("&", ""))  # type: ignore[type-var]
            # long choices elide rather than widen the form past a 150% laptop screen
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14)
            self.combos[name] = combo
            cells.append((name, text, combo))
        for name, text in _HOURS:
            box = _hours_box(text)
            self.hours[name] = box
            cells.insert(4 if name == "ete_hours_offered" else 5, (name, text, box))
        for index, (name, text, widget) in enumerate(cells):
            row, column = divmod(index, 2)
            label = QLabel(text)
            label.setBuddy(widget)
            error = error_label(f"Problem with {text.replace('&', '').lower()}")
            self.errors[f"snapshot.{name}"] = error
            grid.addWidget(label, row * 2, column * 2)
            grid.addWidget(widget, row * 2, column * 2 + 1)
            grid.addWidget(error, row * 2 + 1, column * 2, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.set_value(Snapshot())

    def value(self) -> Snapshot:
        values: dict[str, object] = {name: combo.value() for name, combo in self.combos.items()}
        for name, box in self.hours.items():
            values[name] = None if box.value() < 0 else box.value()
        return Snapshot(**values)  # type: ignore[arg-type]

    def set_value(self, snapshot: Snapshot) -> None:
        for name, combo in self.combos.items():
            combo.set_value(getattr(snapshot, name))
        for name, box in self.hours.items():
            hours = getattr(snapshot, name)
            box.setValue(-1 if hours is None else int(hours))

    def set_read_only(self, read_only: bool) -> None:
        for widget in [*self.combos.values(), *self.hours.values()]:
            widget.setEnabled(not read_only)
