"""The one typed date field: 28/11/2026, typed or picked from a calendar, and possibly blank.

``UkDateEdit`` is a line edit (so a blank date, and what was typed, are kept as they are)
with a calendar button at its end; Alt+Down or F4 opens the calendar too. The format is
said in the field's hint, its tooltip and its accessible description, not only in the
placeholder. The form reads ``text()`` and parses it with ``parse_uk_date`` as before.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QWidget

from diversion_app.domain.errors import DomainError
from diversion_app.domain.timekeeping import format_date, parse_uk_date

FORMAT_HINT = "dd/mm/yyyy"


def _calendar_icon() -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setPen(QColor("#1f3b57"))
    painter.drawRect(1, 2, 13, 12)
    painter.fillRect(1, 2, 14, 4, QColor("#1f3b57"))
    for x in (4, 8, 12):
        for y in (8, 11):
            painter.drawPoint(x, y)
    painter.end()
    return QIcon(pixmap)


class UkDateEdit(QLineEdit):
    """A date typed the UK way, with a calendar popup; blank means no date."""

    def __init__(
        self,
        accessible_name: str,
        value: date | None = None,
        *,
        hint: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        described = f"Type the date as {FORMAT_HINT}, like 28/11/2026, or press Alt+Down"
        self.setAccessibleDescription(described + " for a calendar.")
        self.setToolTip(described + " (or click the calendar) to pick it.")
        self.setPlaceholderText(f"{FORMAT_HINT}{' ' + hint if hint else ''}")
        self.setMaxLength(10)
        if value is not None:
            self.setText(format_date(value))
        self.calendar_action = QAction(_calendar_icon(), "Choose from a calendar", self)
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar = QCalendarWidget(self)
        self.calendar.setWindowFlags(Qt.WindowType.Popup)
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.calendar.installEventFilter(self)

    def value(self) -> date | None:
        """The typed date, or None when blank or not a date (the form says why)."""
        try:
            return parse_uk_date(self.text()) if self.text().strip() else None
        except DomainError:
            return None

    def set_value(self, value: date | None) -> None:
        self.setText(format_date(value) if value is not None else "")

    def open_calendar(self) -> None:
        shown = self.value()  # else the calendar opens on the month it shows (today's)
        if shown is not None:
            self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self.calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        self.calendar.show()
        self.calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        self.setText(format_date(date(day.year(), day.month(), day.day())))
        self.calendar.hide()
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and (
            event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Escape in the calendar closes it and comes back to the field."""
        if (
            watched is self.calendar
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape
        ):
            self.calendar.hide()
            self.setFocus()
            return True
        return super().eventFilter(watched, event)
