"""The Diary page: a caseworker's visits, one week at a time (Monday first)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from diversion_app.domain.timekeeping import (
    format_date,
    format_time,
    london_to_utc,
    london_today,
    to_london,
)
from diversion_app.services.actor import Actor
from diversion_app.services.diary import VisitRow
from diversion_app.services.registry import Services
from diversion_app.ui.models.lazy_table import Column, ListModel
from diversion_app.ui.views.base import Page
from diversion_app.ui.widgets.list_page import ListPage

VISIT_COLUMNS: list[Column[VisitRow]] = [
    Column("Day", lambda r: f"{to_london(r.start_at):%a} {format_date(r.start_at)}"),
    Column("Time", lambda r: f"{format_time(r.start_at)}-{format_time(r.end_at)}"),
    Column("Young person", lambda r: r.young_person),
    Column("Purpose", lambda r: r.purpose.label),
    Column("Place", lambda r: r.place_detail or r.place.label),
    Column("Status", lambda r: r.status.label),
    Column("Caseworker", lambda r: ", ".join(r.caseworkers)),
]


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


class DiaryPage(Page):
    title = "Diary"

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, parent)
        self.week = week_start(london_today(services.ctx.now()))
        layout = QVBoxLayout(self)
        controls = QHBoxLayout()
        self.caseworker = QComboBox()
        self.caseworker.setAccessibleName("Caseworker")
        controls.addWidget(QLabel("Caseworker:"))
        controls.addWidget(self.caseworker)
        self.previous = QPushButton("< Previous week")
        self.previous.setAccessibleName("Previous week")
        self.this_week = QPushButton("This week")
        self.next = QPushButton("Next week >")
        self.next.setAccessibleName("Next week")
        self.week_label = QLabel()
        controls.addStretch(1)
        for widget in (self.previous, self.this_week, self.next):
            controls.addWidget(widget)
        controls.addWidget(self.week_label)
        layout.addLayout(controls)
        self.model: ListModel[VisitRow] = ListModel(VISIT_COLUMNS, self._visits, parent=self)
        self.list = ListPage("Visits this week", self.model, noun=("visit", "visits"))
        layout.addWidget(self.list, 1)
        self.previous.clicked.connect(lambda: self.move_weeks(-1))
        self.next.clicked.connect(lambda: self.move_weeks(1))
        self.this_week.clicked.connect(self.go_to_this_week)
        QShortcut(QKeySequence("Alt+Left"), self, lambda: self.move_weeks(-1))
        QShortcut(QKeySequence("Alt+Right"), self, lambda: self.move_weeks(1))
        self.caseworker.currentIndexChanged.connect(self._caseworker_changed)

    def refresh(self) -> None:
        if self.caseworker.count() == 0:
            self.caseworker.blockSignals(True)
            self.caseworker.addItem("Whole team", None)
            for option in self.services.diary.caseworkers(self.actor):
                self.caseworker.addItem(option.name, option.id)
            self.caseworker.blockSignals(False)
        self._show_week()

    def _caseworker_changed(self, _index: int) -> None:
        if self._loaded:
            self.list.reload()

    def move_weeks(self, weeks: int) -> None:
        self.week += timedelta(weeks=weeks)
        self._show_week()

    def go_to_this_week(self) -> None:
        self.week = week_start(london_today(self.services.ctx.now()))
        self._show_week()

    def _show_week(self) -> None:
        end = self.week + timedelta(days=6)
        self.week_label.setText(f"Week of {format_date(self.week)} to {format_date(end)}")
        self.list.heading.setText(f"Visits, {format_date(self.week)} to {format_date(end)}")
        self.list.reload()

    def _visits(self) -> list[VisitRow]:
        start = london_to_utc(datetime.combine(self.week, time()))
        end = london_to_utc(datetime.combine(self.week + timedelta(days=7), time()))
        return self.services.diary.visits(
            self.actor, start, end, caseworker_id=self.caseworker.currentData()
        )
