"""The caseworker's Today on the dashboard: visits booked today, first contacts due today,
and how many of their clocks are overdue, in one short block at the top."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from diversion_app.domain.enums import VisitStatus
from diversion_app.domain.timekeeping import format_date, format_time, london_today
from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services

REFERRAL_ROLE = Qt.ItemDataRole.UserRole
VISIBLE_VISITS = 4
"""Rows shown before the list of today's visits scrolls."""


class TodayPanel(QFrame):
    """Today's visits (Enter or a double-click opens the referral) and the day's counts."""

    open_referral = Signal(int)

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.setObjectName("todayPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.heading = QLabel()
        self.heading.setObjectName("todayHeading")
        self.heading.setAccessibleName("Today")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.visits = QListWidget()
        self.visits.setAccessibleName("Today's visits")
        self.visits.itemActivated.connect(self._open)
        layout.addWidget(self.visits)

    def refresh(self) -> None:
        today = self.services.today
        start, end = today.day_bounds()
        caseworker_id = self.actor.user_id
        rows = [
            row
            for row in self.services.diary.visits(self.actor, start, end, caseworker_id)
            if row.status is not VisitStatus.CANCELLED
        ]
        due_today = today.first_contacts_due_today(self.actor, caseworker_id)
        overdue = self.services.dashboard.counts(self.actor, caseworker_id).overdue
        visits = f"{len(rows)} visit{'s' if len(rows) != 1 else ''}"
        contacts = f"{due_today} first contact{'s' if due_today != 1 else ''} due today"
        late = f"{overdue} overdue"
        day = format_date(london_today(self.services.ctx.now()))
        self.heading.setText(f"Today, {day}: {visits}; {contacts}; {late}.")
        self.visits.clear()
        for row in rows:
            item = QListWidgetItem(
                f"{format_time(row.start_at)}–{format_time(row.end_at)}  {row.young_person}"
                f" — {row.purpose.label} ({row.status.label.lower()})"
            )
            item.setData(REFERRAL_ROLE, row.referral_id)
            self.visits.addItem(item)
        self.visits.setVisible(bool(rows))
        if rows:
            shown = min(len(rows), VISIBLE_VISITS)
            frame = 2 * self.visits.frameWidth()
            self.visits.setFixedHeight(shown * self.visits.sizeHintForRow(0) + frame + 2)

    def _open(self, item: QListWidgetItem) -> None:
        referral_id = item.data(REFERRAL_ROLE)
        if referral_id is not None:
            self.open_referral.emit(int(referral_id))
