"""The diary as a calendar: a time grid of one day or a week, hours down the side.

Each visit is a button placed at its time and as tall as it lasts, so gaps and overlaps
can be seen. Visits that overlap on one day are drawn side by side. In the team view
each visit carries its caseworkers' initials. Clashes and first-contact visits booked
after their 48-hour clock is due are flagged in words as well as colour. The grid spans
the working hours setting (08:00-20:00 unless an administrator changed it), stretched to
take in any visit outside them. Tab moves from visit to visit, Enter opens one.

A group of overlapping visits gets at most a few lanes (``MAX_LANES_WEEK`` in a week,
``MAX_LANES_DAY`` in a day): the visits that would need more are gathered into one
"+N more visits" block in the last lane, which opens that day's list (``more_chosen``).
A busy team's week (thousands of visits) thus draws a few hundred blocks, not a widget
per visit that nobody could read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from diversion_app.domain.diary import WorkingHours
from diversion_app.domain.enums import VisitStatus
from diversion_app.domain.timekeeping import format_date, format_time, to_london
from diversion_app.services.casework.diary import VisitRow

HOUR_HEIGHT = 52
GUTTER = 52
HEADER = 26
MIN_DAY_WIDTH = 90
LINE_COLOUR = "#8a949e"
TEXT_COLOUR = "#1f3b57"
MAX_LANES_WEEK = 4
MAX_LANES_DAY = 12
MORE_HEIGHT = 44

BLOCK_STYLES = {
    "plain": "background: #dbe9f6; color: #1f3b57; border: 1px solid #2f6690;",
    "clash": "background: #fde2e1; color: #8b0000; border: 2px solid #8b0000;",
    "late": "background: #fde7e9; color: #8c0019; border: 3px solid #b00020;",
    "done": "background: #eeeeee; color: #555555; border: 1px solid #6b7785;",
    "more": "background: #ffffff; color: #1f3b57; border: 1px dashed #2f6690;",
}
GRID_STYLE = (
    "".join(
        f'QPushButton[block="{name}"] {{ {style} text-align: left; padding: 2px 4px; }}'
        for name, style in BLOCK_STYLES.items()
    )
    + 'QPushButton[block="more"] { text-align: center; padding: 1px; }'
)

"""One style sheet on the grid for every block (a style sheet per button costs each
button a style of its own)."""


def initials(name: str) -> str:
    """'Caseworker Ash' -> 'CA'; used to say whose visit it is in the team view."""
    return "".join(part[0].upper() for part in name.split() if part[:1].isalpha())


def minutes_of(moment: time) -> int:
    return moment.hour * 60 + moment.minute


@dataclass
class Placed:
    """A visit on the grid: its day column and its lane among overlapping visits."""

    row: VisitRow
    day: int
    start: int
    end: int
    lane: int = 0
    lanes: int = 1
    cluster: int = 0
    """Which group of overlapping visits of its day it belongs to."""


@dataclass
class More:
    """Visits of one group of overlaps that did not get a lane: one block says how many."""

    day: int
    start: int
    end: int
    lane: int
    lanes: int
    rows: list[VisitRow] = field(default_factory=list)


def lay_out(days: Sequence[date], rows: Sequence[VisitRow]) -> list[Placed]:
    """Place each visit in its day; overlapping visits share the width side by side."""
    placed: list[Placed] = []
    for index, day in enumerate(days):
        todays: list[Placed] = []
        for row in rows:
            start, end = to_london(row.start_at), to_london(row.end_at)
            if start.date() != day:
                continue
            begins = minutes_of(start.time())
            ends = minutes_of(end.time()) if end.date() == day else 24 * 60
            todays.append(Placed(row, index, begins, max(ends, begins + 15)))
        todays.sort(key=lambda p: (p.start, p.end))
        cluster: list[Placed] = []
        lane_ends: list[int] = []
        cluster_end = -1
        number = 0
        for item in todays:
            if cluster and item.start >= cluster_end:  # a new group of overlapping visits
                for member in cluster:
                    member.lanes = len(lane_ends)
                cluster, lane_ends = [], []
                number += 1
            lane = next((i for i, end in enumerate(lane_ends) if end <= item.start), None)
            if lane is None:
                lane = len(lane_ends)
                lane_ends.append(item.end)
            else:
                lane_ends[lane] = item.end
            item.lane = lane
            item.cluster = number
            cluster.append(item)
            cluster_end = max(cluster_end, item.end) if len(cluster) > 1 else item.end
        for member in cluster:
            member.lanes = len(lane_ends)
        placed.extend(todays)
    return placed


def bound_lanes(placed: Sequence[Placed], max_lanes: int) -> tuple[list[Placed], list[More]]:
    """Keep the visits of each group of overlaps within ``max_lanes`` lanes: a group that
    needs more keeps its first ``max_lanes - 1`` lanes and gathers the rest into one
    ``More`` in the last lane, spanning them. Returns the visits drawn and the gatherings."""
    shown: list[Placed] = []
    gathered: dict[tuple[int, int], More] = {}
    for item in placed:
        if item.lanes <= max_lanes:
            shown.append(item)
            continue
        if item.lane < max_lanes - 1:
            shown.append(item)
            item.lanes = max_lanes
            continue
        key = (item.day, item.cluster)
        more = gathered.get(key)
        if more is None:
            more = gathered[key] = More(item.day, item.start, item.end, max_lanes - 1, max_lanes)
        more.start, more.end = min(more.start, item.start), max(more.end, item.end)
        more.rows.append(item.row)
    return shown, list(gathered.values())


def more_text(more: More) -> str:
    return f"+{len(more.rows)}\nmore"


def block_text(row: VisitRow, *, team: bool) -> str:
    lines = [f"{format_time(row.start_at)}–{format_time(row.end_at)} {row.young_person}"]
    detail = row.purpose.label
    if team and row.caseworkers:
        detail = " + ".join(initials(name) for name in row.caseworkers) + " · " + detail
    lines.append(detail)
    if row.after_clock_due:
        lines.insert(0, "⚠ After the 48-hour clock is due")
    elif row.clash:
        lines.insert(0, "⚠ Clash")
    if row.status is not VisitStatus.SCHEDULED:
        lines.append(row.status.label)
    return "\n".join(lines)


class TimeGrid(QWidget):
    """Days across, hours down; ``visit_activated`` gives the VisitRow opened."""

    visit_activated = Signal(object)
    more_chosen = Signal(object)
    """A "+N more visits" block was pressed: the date of its day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Diary time grid")
        self.setStyleSheet(GRID_STYLE)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.days: list[date] = []
        self.placed: list[Placed] = []
        self.buttons: list[QPushButton] = []
        self.gathered: list[More] = []
        self.more_buttons: list[QPushButton] = []
        self.first_hour = 8
        self.last_hour = 20
        self.today: date | None = None

    def show_days(
        self,
        days: Sequence[date],
        rows: Sequence[VisitRow],
        hours: WorkingHours,
        *,
        team: bool,
        today: date | None = None,
    ) -> None:
        self.days = list(days)
        self.today = today
        max_lanes = MAX_LANES_DAY if len(self.days) == 1 else MAX_LANES_WEEK
        self.placed, self.gathered = bound_lanes(lay_out(self.days, rows), max_lanes)
        spans = [(p.start, p.end) for p in self.placed] + [(m.start, m.end) for m in self.gathered]
        starts = [start // 60 for start, _end in spans]
        ends = [(end + 59) // 60 for _start, end in spans]
        self.first_hour = min([hours.start.hour, *starts])
        self.last_hour = min(24, max([(minutes_of(hours.end) + 59) // 60, *ends]))
        for button in self.buttons + self.more_buttons:
            button.hide()  # at once: deleteLater waits for the event loop
            button.deleteLater()
        # made in time order, day by day (Tab follows the order widgets are made in), so
        # a "+N more" block comes among the visits it sits beside
        order: list[tuple[int, int, int, int, int]] = [
            (item.day, item.start, item.lane, 0, index) for index, item in enumerate(self.placed)
        ]
        order += [
            (more.day, more.start, more.lane, 1, index) for index, more in enumerate(self.gathered)
        ]
        made: dict[tuple[int, int], QPushButton] = {}
        for _day, _start, _lane, kind, index in sorted(order):
            made[kind, index] = (
                self._visit_button(self.placed[index].row, team=team)
                if kind == 0
                else self._more_button(self.gathered[index])
            )
        self.buttons = [made[0, index] for index in range(len(self.placed))]
        self.more_buttons = [made[1, index] for index in range(len(self.gathered))]
        self.setFixedHeight(self.sizeHint().height())
        self._place()
        self.update()

    def _visit_button(self, row: VisitRow, *, team: bool) -> QPushButton:
        button = QPushButton(block_text(row, team=team), self)
        style = "plain"
        if row.after_clock_due:
            style = "late"
        elif row.clash:
            style = "clash"
        elif row.status is not VisitStatus.SCHEDULED:
            style = "done"
        button.setProperty("block", style)
        who = ", ".join(row.caseworkers)
        button.setAccessibleName(block_text(row, team=True).replace("\n", "; "))
        button.setToolTip(f"{block_text(row, team=team)}\n{who}")
        button.clicked.connect(lambda _checked=False, row=row: self.visit_activated.emit(row))
        button.show()
        return button

    def _more_button(self, more: More) -> QPushButton:
        day = self.days[more.day]
        button = QPushButton(more_text(more), self)
        button.setProperty("block", "more")
        button.setAccessibleName(
            f"{len(more.rows)} more visits on {day:%A} {format_date(day)}: open the day's list"
        )
        button.setToolTip(
            f"{len(more.rows)} more visits overlap here, {format_time(more.rows[0].start_at)}"
            f" to {format_time(max(r.end_at for r in more.rows))}: open {day:%A}'s list"
        )
        button.clicked.connect(lambda _checked=False, day=day: self.more_chosen.emit(day))
        button.show()
        return button

    def sizeHint(self) -> QSize:
        hours = max(1, self.last_hour - self.first_hour)
        return QSize(GUTTER + max(1, len(self.days)) * MIN_DAY_WIDTH, HEADER + hours * HOUR_HEIGHT)

    def minimumSizeHint(self) -> QSize:
        return QSize(GUTTER + max(1, len(self.days)) * MIN_DAY_WIDTH, self.sizeHint().height())

    def _day_width(self) -> float:
        return max(MIN_DAY_WIDTH, (self.width() - GUTTER) / max(1, len(self.days)))

    def _y(self, minutes: int) -> int:
        return HEADER + int((minutes - self.first_hour * 60) * HOUR_HEIGHT / 60)

    def _place(self) -> None:
        width = self._day_width()
        blocks: list[tuple[Placed | More, QPushButton]] = [
            *zip(self.placed, self.buttons, strict=True),
            *zip(self.gathered, self.more_buttons, strict=True),
        ]
        for item, button in blocks:
            lane_width = (width - 6) / item.lanes
            x = GUTTER + int(item.day * width + 3 + item.lane * lane_width)
            top, bottom = self._y(item.start), self._y(item.end)
            if isinstance(item, More):  # at the start of the overlaps, where it is seen
                bottom = min(bottom, top + MORE_HEIGHT)
            button.setGeometry(QRect(x, top + 1, int(lane_width) - 2, max(22, bottom - top - 2)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(QPen(QColor(LINE_COLOUR)))
        width = self._day_width()
        for hour in range(self.first_hour, self.last_hour + 1):
            y = self._y(hour * 60)
            painter.drawLine(GUTTER - 4, y, self.width(), y)
            painter.setPen(QPen(QColor(TEXT_COLOUR)))
            painter.drawText(
                QRect(0, y - 8, GUTTER - 8, 16), Qt.AlignmentFlag.AlignRight, f"{hour:02d}:00"
            )
            painter.setPen(QPen(QColor(LINE_COLOUR)))
        for index, day in enumerate(self.days):
            x = GUTTER + int(index * width)
            painter.drawLine(x, 0, x, self.height())
            painter.setPen(QPen(QColor(TEXT_COLOUR)))
            marker = " (today)" if day == self.today else ""
            painter.drawText(
                QRect(x + 4, 2, int(width) - 8, HEADER - 4),
                Qt.AlignmentFlag.AlignCenter,
                f"{day:%a} {format_date(day)}{marker}",
            )
            painter.setPen(QPen(QColor(LINE_COLOUR)))
        painter.end()

    def texts_on(self, day: date) -> list[str]:
        """The texts of the visits drawn on ``day`` (for tests and screen readers)."""
        return [
            button.text()
            for item, button in zip(self.placed, self.buttons, strict=True)
            if self.days[item.day] == day
        ] + [
            button.text()
            for more, button in zip(self.gathered, self.more_buttons, strict=True)
            if self.days[more.day] == day
        ]
