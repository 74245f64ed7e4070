"""The Reports page's options for the quarterly KPI return: which quarter.

The choice lists the quarters that have started, newest first, and starts on the last
quarter to have finished (the one a return is usually made for).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from diversion_app.domain.kpi import Quarter

KPI_RETURN = "Quarterly KPI return (YJB)"
QUARTERS_OFFERED = 12


class KpiOptions(QWidget):
    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.choice = QComboBox()
        self.choice.setAccessibleName("Quarter")
        self.choice.setMinimumWidth(280)
        quarter = Quarter.containing(today)
        for _ in range(QUARTERS_OFFERED):
            self.choice.addItem(quarter.label, quarter.code)
            quarter = quarter.previous()
        self.choice.setCurrentIndex(1)
        form.addRow("&Quarter:", self.choice)
        note = QLabel("PDF: counts under 5 shown as 'fewer than 5'. CSV: exact figures.")
        note.setAccessibleName("About the KPI return")
        self.choice.setToolTip(
            "Children whose intervention ended in the quarter, beside the quarter before"
        )
        form.addRow(note)

    def quarter(self) -> str:
        return str(self.choice.currentData())
