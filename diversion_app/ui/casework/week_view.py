"""A week of visits in seven columns, Monday first, today marked and clashes flagged."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.enums import VisitStatus
from diversion_app.domain.timekeeping import format_date, format_time, to_london
from diversion_app.services.casework.diary import VisitRow

CLASH_COLOURS = ("#8b0000", "#fde2e1")
DONE_COLOURS = ("#555555", "#eeeeee")
TODAY_STYLE = "background: #2f6690; color: #ffffff; font-weight: 600; padding: 4px;"
DAY_STYLE = "background: #e8eef4; color: #1f3b57; font-weight: 600; padding: 4px;"


def visit_text(row: VisitRow) -> str:
    """A visit in words (clash and status in words too, never colour alone)."""
    lines = [
        f"{format_time(row.start_at)}-{format_time(row.end_at)}",
        row.young_person,
        f"{row.place.label} · {row.purpose.label}",
    ]
    if row.status is not VisitStatus.SCHEDULED:
        lines.append(row.status.label)
    if row.clash:
        lines.insert(0, "⚠ CLASH")
    return "\n".join(lines)


class DayColumn(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        self.header = QLabel()
        self.header.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setMinimumWidth(40)
        self.header.setMinimumWidth(40)
        self.setMinimumWidth(48)
        layout.addWidget(self.header)
        layout.addWidget(self.list, 1)


class WeekView(QWidget):
    """Seven day columns; ``visit_activated`` gives the VisitRow opened, ``day_chosen`` a date."""

    visit_activated = Signal(object)
    day_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Week view")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.columns = [DayColumn(self) for _ in range(7)]
        self.monday = date.min
        self._pending: Sequence[VisitRow] | None = None
        for index, column in enumerate(self.columns):
            layout.addWidget(column, 1)
            column.list.itemActivated.connect(self._activated)
            column.list.itemClicked.connect(lambda _item, i=index: self._chosen(i))

    def show_week(
        self, monday: date, rows: Sequence[VisitRow], today: date, selected: date
    ) -> None:
        """Show the week: its days at once, its visits now if the columns are on screen,
        else when first shown (a busy team's week is thousands of items)."""
        self.monday = monday
        for offset, column in enumerate(self.columns):
            day = monday + timedelta(days=offset)
            marker = " (today)" if day == today else ""
            column.header.setText(f"{day:%A}\n{format_date(day)}{marker}")
            column.header.setStyleSheet(TODAY_STYLE if day == today else DAY_STYLE)
            column.header.setAccessibleName(f"{day:%A} {format_date(day)}{marker}")
            column.setLineWidth(3 if day == selected else 1)
            column.list.setAccessibleName(f"Visits on {day:%A} {format_date(day)}")
            column.list.clear()
        self._pending = rows
        if self.isVisible():
            self._fill_pending()

    def showEvent(self, event: QShowEvent) -> None:
        self._fill_pending()
        super().showEvent(event)

    def _fill_pending(self) -> None:
        if self._pending is None:
            return
        rows, self._pending = self._pending, None
        by_day: dict[date, list[VisitRow]] = {}
        for row in rows:
            by_day.setdefault(to_london(row.start_at).date(), []).append(row)
        for offset, column in enumerate(self.columns):
            day = self.monday + timedelta(days=offset)
            for row in by_day.get(day, []):
                column.list.addItem(self._item(row))
            if not by_day.get(day):
                empty = QListWidgetItem("No visits")
                empty.setFlags(Qt.ItemFlag.NoItemFlags)
                column.list.addItem(empty)

    def _item(self, row: VisitRow) -> QListWidgetItem:
        item = QListWidgetItem(visit_text(row))
        item.setData(Qt.ItemDataRole.UserRole, row)
        item.setToolTip(", ".join(row.caseworkers))
        colours = None
        if row.clash:
            colours = CLASH_COLOURS
            font = QFont()
            font.setBold(True)
            item.setFont(font)
        elif row.status is not VisitStatus.SCHEDULED:
            colours = DONE_COLOURS
        if colours:
            item.setForeground(QBrush(QColor(colours[0])))
            item.setBackground(QBrush(QColor(colours[1])))
        return item

    def items_on(self, day: date) -> list[str]:
        """The texts of the visits shown on ``day`` (for tests and screen readers)."""
        self._fill_pending()
        offset = (day - self.monday).days
        if not 0 <= offset < 7:
            return []
        column = self.columns[offset].list
        return [
            column.item(i).text()
            for i in range(column.count())
            if column.item(i).data(Qt.ItemDataRole.UserRole) is not None
        ]

    def _activated(self, item: QListWidgetItem) -> None:
        row = item.data(Qt.ItemDataRole.UserRole)
        if row is not None:
            self.visit_activated.emit(row)

    def _chosen(self, offset: int) -> None:
        self.day_chosen.emit(self.monday + timedelta(days=offset))
