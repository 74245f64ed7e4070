"""The Diary page: a caseworker's visits by day or by week (Monday first).

Supervisors choose whose diary to see (or the whole team); a caseworker sees their own.
Today is marked, clashes are flagged in words and colour, and a visit opens the referral
(or, where the referral record is not part of the build, the visit's details). Keyboard:
Alt+Left / Alt+Right move a day, Alt+Page Up / Alt+Page Down a week, Alt+Home goes to
today, Alt+D and Alt+W switch between the day and week views, Ctrl+N books a visit.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import (
    format_date,
    format_time,
    london_to_utc,
    london_today,
    to_london,
)
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.permissions import can
from diversion_app.services.casework.diary import VisitRow
from diversion_app.services.registry import Services
from diversion_app.ui.casework import referral_visits  # noqa: F401  (adds the Visits tab)
from diversion_app.ui.casework.calendar_export_dialog import CalendarExportDialog
from diversion_app.ui.casework.time_grid import TimeGrid
from diversion_app.ui.casework.visit_details import VisitDetailsDialog, referral_opener
from diversion_app.ui.casework.visit_form import VisitForm
from diversion_app.ui.casework.week_view import CLASH_COLOURS, WeekView
from diversion_app.ui.widgets.lazy_table import Column, ListModel
from diversion_app.ui.widgets.list_page import ListPage
from diversion_app.ui.widgets.page_base import Page

VISIT_COLUMNS: list[Column[VisitRow]] = [
    Column("Time", lambda r: f"{format_time(r.start_at)}-{format_time(r.end_at)}"),
    Column(
        "Clash",
        lambda r: "⚠ Clash" if r.clash else "",
        foreground=lambda r: CLASH_COLOURS[0] if r.clash else None,
        background=lambda r: CLASH_COLOURS[1] if r.clash else None,
    ),
    Column("Young person", lambda r: r.young_person),
    Column(
        "Place", lambda r: f"{r.place.label}: {r.place_detail}" if r.place_detail else r.place.label
    ),
    Column("Purpose", lambda r: r.purpose.label),
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
        self.day = london_today(services.ctx.now())
        self.week = week_start(self.day)
        self.rows: list[VisitRow] = []
        self.dialog: QDialog | None = None
        self.opened: object = None
        layout = QVBoxLayout(self)

        controls = QHBoxLayout()
        self.caseworker = QComboBox()
        self.caseworker.setAccessibleName("Caseworker")
        label = QLabel("&Caseworker:")
        label.setBuddy(self.caseworker)
        controls.addWidget(label)
        controls.addWidget(self.caseworker)
        self.day_button = QPushButton("&Day")
        self.day_button.setAccessibleName("Day view")
        self.week_button = QPushButton("&Week")
        self.week_button.setAccessibleName("Week view")
        views = QButtonGroup(self)
        for button in (self.day_button, self.week_button):
            button.setCheckable(True)
            views.addButton(button)
            controls.addWidget(button)
        self.week_button.setChecked(True)
        self.grid_button = QPushButton("T&ime grid")
        self.grid_button.setAccessibleName("Show the day or week as a time grid")
        self.grid_button.setCheckable(True)
        self.grid_button.setChecked(True)
        self.grid_button.setToolTip("Visits placed at their times, so gaps and overlaps show")
        controls.addWidget(self.grid_button)
        controls.addStretch(1)
        layout.addLayout(controls)

        navigation = QHBoxLayout()
        self.previous = QPushButton("< Previous")
        self.previous.setAccessibleName("Previous")
        self.this_week = QPushButton("Today")
        self.this_week.setAccessibleName("Today")
        self.next = QPushButton("Next >")
        self.next.setAccessibleName("Next")
        for widget in (self.previous, self.this_week, self.next):
            navigation.addWidget(widget)
        self.week_label = QLabel()
        self.week_label.setObjectName("pageHeading")
        self.week_label.setAccessibleName("Showing")
        self.week_label.setWordWrap(True)
        navigation.addWidget(self.week_label, 1)
        layout.addLayout(navigation)

        heading_row = QHBoxLayout()
        self.clash_label = QLabel()
        self.clash_label.setAccessibleName("Clashes")
        self.clash_label.setStyleSheet(
            f"color: {CLASH_COLOURS[0]}; background: {CLASH_COLOURS[1]}; padding: 4px;"
            " font-weight: 600;"
        )
        heading_row.addWidget(self.clash_label)
        heading_row.addStretch(1)
        self.new_button = QPushButton("&New visit…")
        self.new_button.setAccessibleName("New visit")
        self.new_button.setShortcut(QKeySequence("Ctrl+N"))
        self.details_button = QPushButton("Visit de&tails…")
        self.details_button.setAccessibleName("Visit details")
        self.export_button = QPushButton("E&xport to calendar…")
        self.export_button.setAccessibleName("Export to calendar")
        for button in (self.new_button, self.details_button, self.export_button):
            heading_row.addWidget(button)
        self.new_button.setVisible(can(actor, Permission.WORK_REFERRAL))
        self.export_button.setVisible(can(actor, Permission.EXPORT_DIARY))
        layout.addLayout(heading_row)

        self.stack = QStackedWidget()
        self.day_model: ListModel[VisitRow] = ListModel(
            VISIT_COLUMNS, self._rows_of_day, parent=self
        )
        self.day_list = ListPage("Visits", self.day_model, noun=("visit", "visits"))
        self.day_list.heading.hide()
        self.day_list.on_row_activated(self.open_visit)
        self.week_view = WeekView()
        self.week_view.visit_activated.connect(self.open_visit)
        self.week_view.day_chosen.connect(self._day_chosen)
        self.time_grid = TimeGrid()
        self.time_grid.visit_activated.connect(self.open_visit)
        self.time_grid.more_chosen.connect(self.show_day_list)
        self.grid_scroll = QScrollArea()
        self.grid_scroll.setWidgetResizable(True)
        self.grid_scroll.setWidget(self.time_grid)
        self.grid_scroll.setAccessibleName("Time grid")
        self.stack.addWidget(self.day_list)
        self.stack.addWidget(self.week_view)
        self.stack.addWidget(self.grid_scroll)
        self.week_mode = True
        self.stack.setCurrentWidget(self.grid_scroll)
        layout.addWidget(self.stack, 1)

        self.previous.clicked.connect(lambda: self.step(-1))
        self.next.clicked.connect(lambda: self.step(1))
        self.this_week.clicked.connect(self.go_to_today)
        self.day_button.clicked.connect(self.show_day_view)
        self.week_button.clicked.connect(self.show_week_view)
        self.grid_button.toggled.connect(lambda _on: self._place_view())
        self.new_button.clicked.connect(lambda _checked=False: self.new_visit())
        self.details_button.clicked.connect(self.show_selected_details)
        self.export_button.clicked.connect(self.export_calendar)
        for keys, action in (
            ("Alt+Left", lambda: self.move_days(-1)),
            ("Alt+Right", lambda: self.move_days(1)),
            ("Alt+PgUp", lambda: self.move_weeks(-1)),
            ("Alt+PgDown", lambda: self.move_weeks(1)),
            ("Alt+Home", self.go_to_today),
        ):
            QShortcut(QKeySequence(keys), self, action)
        self.caseworker.currentIndexChanged.connect(self._caseworker_changed)

    # --- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.caseworker.count() == 0:
            self._fill_caseworkers()
        self._show()

    def _fill_caseworkers(self) -> None:
        self.caseworker.blockSignals(True)
        options = self.services.diary.caseworkers(self.actor)
        keeps_own_diary = can(self.actor, Permission.WORK_REFERRAL) and not can(
            self.actor, Permission.WORK_ANY_REFERRAL
        )
        if not keeps_own_diary or self.actor.user_id is None:
            # supervisors choose whose diary; officers and SPOCs, who have none, read the team's
            self.caseworker.addItem("Whole team", None)
            for option in options:
                self.caseworker.addItem(option.name, option.id)
        else:
            own = [o for o in options if o.id == self.actor.user_id]
            name = own[0].name if own else self.actor.display_name
            self.caseworker.addItem(name, self.actor.user_id)
            self.caseworker.setEnabled(False)
        self.caseworker.blockSignals(False)

    def choose_caseworker(self, caseworker_id: int | None) -> None:
        index = self.caseworker.findData(caseworker_id)
        if index >= 0:
            self.caseworker.setCurrentIndex(index)

    def _caseworker_changed(self, _index: int) -> None:
        if self._loaded:
            self._show()

    def _show(self) -> None:
        self.week = week_start(self.day)
        first, days = (self.week, 7) if self.is_week_view() else (self.day, 1)
        start = london_to_utc(datetime.combine(first, time()))  # only the days shown are read
        end = london_to_utc(datetime.combine(first + timedelta(days=days), time()))
        self.rows = self.services.diary.visits(
            self.actor, start, end, caseworker_id=self.caseworker.currentData()
        )
        today = london_today(self.services.ctx.now())
        self._show_grid(today)
        if self.is_week_view():
            last = self.week + timedelta(days=6)
            self.week_label.setText(f"Week of {format_date(self.week)} to {format_date(last)}")
        else:
            marker = " (today)" if self.day == today else ""
            self.week_label.setText(f"{self.day:%A} {format_date(self.day)}{marker}")
        self.week_view.show_week(self.week, self.rows, today, self.day)
        self.day_list.reload()
        shown = self.rows if self.is_week_view() else self._rows_of_day()
        clashes = sum(1 for row in shown if row.clash)
        self.clash_label.setText(
            f"⚠ {clashes} visit{'s' if clashes != 1 else ''} clash" if clashes else ""
        )
        self.clash_label.setVisible(bool(clashes))

    def _rows_of_day(self) -> list[VisitRow]:
        return [row for row in self.rows if to_london(row.start_at).date() == self.day]

    # --- navigation ---------------------------------------------------------------------------
    def is_week_view(self) -> bool:
        return self.week_mode

    def _show_grid(self, today: date) -> None:
        days = [self.week + timedelta(days=i) for i in range(7)] if self.week_mode else [self.day]
        hours = self.services.visits.working_hours(self.actor)
        team = self.caseworker.currentData() is None
        self.time_grid.show_days(days, self.rows, hours, team=team, today=today)

    def _place_view(self) -> None:
        """Day or week; as the time grid, or as the list and columns."""
        if self.grid_button.isChecked():
            self.stack.setCurrentWidget(self.grid_scroll)
        else:
            self.stack.setCurrentWidget(self.week_view if self.week_mode else self.day_list)
        self._show()

    def step(self, steps: int) -> None:
        """The Previous/Next buttons: a week in the week view, a day in the day view."""
        if self.is_week_view():
            self.move_weeks(steps)
        else:
            self.move_days(steps)

    def move_days(self, days: int) -> None:
        self.day += timedelta(days=days)
        self._show()

    def move_weeks(self, weeks: int) -> None:
        self.day += timedelta(weeks=weeks)
        self._show()

    def go_to_today(self) -> None:
        self.day = london_today(self.services.ctx.now())
        self._show()

    def go_to(self, day: date) -> None:
        self.day = day
        self._show()

    def show_day_view(self) -> None:
        self.day_button.setChecked(True)
        self.week_mode = False
        self._place_view()

    def show_week_view(self) -> None:
        self.week_button.setChecked(True)
        self.week_mode = True
        self._place_view()

    def show_day_list(self, day: date) -> None:
        """A "+N more visits" block of the time grid: that day's visits as a list."""
        self.day = day
        self.day_button.setChecked(True)
        self.week_mode = False
        self.grid_button.blockSignals(True)
        self.grid_button.setChecked(False)
        self.grid_button.blockSignals(False)
        self._place_view()
        self.day_list.table.setFocus()

    def _day_chosen(self, day: date) -> None:
        if day != self.day:
            self.day = day
            self._show()

    # --- actions ------------------------------------------------------------------------------
    def open_visit(self, row: VisitRow) -> None:
        """Open the referral (when its record view is installed), else the visit's details."""
        opener = referral_opener()
        if opener is not None:
            self.opened = opener(self, self.services, self.actor, row.referral_id)
            view = getattr(self.opened, "view", None)
            if view is not None and hasattr(view, "changed"):
                view.changed.connect(self._show)
            return
        self.show_details(row.id)

    def show_selected_details(self) -> None:
        row = self._selected()
        if row is not None:
            self.show_details(row.id)

    def show_details(self, visit_id: int) -> None:
        dialog = VisitDetailsDialog(self.services, self.actor, visit_id, self)
        dialog.changed.connect(self._show)
        self._open(dialog)

    def new_visit(self, referral_id: int | None = None) -> VisitForm:
        form = VisitForm(
            self.services,
            self.actor,
            referral_id=referral_id,
            caseworker_id=self.caseworker.currentData(),
            day=self.day,
            parent=self,
        )
        form.accepted.connect(self._show)
        self._open(form)
        return form

    def export_calendar(self) -> None:
        dialog = CalendarExportDialog(
            self.services,
            self.actor,
            self.caseworker.currentData(),
            self.caseworker.currentText(),
            self.week,
            self.week + timedelta(days=27),
            self,
        )
        dialog.accepted.connect(lambda: self._exported(dialog))
        self._open(dialog)

    def _exported(self, dialog: CalendarExportDialog) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(dialog.summary(), 10_000)

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.open()

    def _selected(self) -> VisitRow | None:
        if not self.is_week_view():
            row = self.day_list.current_row()
            return row if isinstance(row, VisitRow) else None
        for column in self.week_view.columns:
            item = column.list.currentItem()
            if item is not None and column.list.hasFocus():
                data = item.data(Qt.ItemDataRole.UserRole)
                return data if isinstance(data, VisitRow) else None
        for column in self.week_view.columns:
            item = column.list.currentItem()
            if item is not None:
                data = item.data(Qt.ItemDataRole.UserRole)
                if isinstance(data, VisitRow):
                    return data
        return None
