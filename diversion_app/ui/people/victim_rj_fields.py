"""``VictimRjFields``: the victim's part in restorative justice, as one group of three answers.

Used on the Community Resolution form: offered restorative justice, took part, views
taken into account (each yes, no or not known). Counted in the KPI return (KPI 10).
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from diversion_app.domain.community_resolution_rules import VictimRestorativeJustice
from diversion_app.domain.snapshot import Answer
from diversion_app.ui.widgets.form_scaffold import EnumCombo, enum_combo


class VictimRjFields(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Victim and restorative justice")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.offered: EnumCombo[Answer] = enum_combo(
            list(Answer), "Victim offered restorative justice"
        )
        self.took_part: EnumCombo[Answer] = enum_combo(list(Answer), "Victim took part")
        self.views: EnumCombo[Answer] = enum_combo(
            list(Answer), "Victim's views taken into account"
        )
        for text, combo in (
            ("offered RJ", self.offered),
            ("took part", self.took_part),
            ("views taken into account", self.views),
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            row.addWidget(combo)
            row.addWidget(label)
        row.addStretch(1)

    def value(self) -> VictimRestorativeJustice:
        return VictimRestorativeJustice(
            self.offered.value() or Answer.NOT_KNOWN,
            self.took_part.value() or Answer.NOT_KNOWN,
            self.views.value() or Answer.NOT_KNOWN,
        )
