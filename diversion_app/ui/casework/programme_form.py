"""The personal programme: goals agreed with the young person, the interventions with their
progress at a glance (sessions attended out of planned), and attendance recorded session by
session, a session optionally being a visit in the diary.

Saving goals or an intervention someone else changed after this form read them is
refused naming them; the form reloads with the user's typing beside (``widgets.stale_save``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.enums import InterventionStatus, InterventionType
from diversion_app.domain.programme import MAX_PLANNED_SESSIONS, InterventionForm
from diversion_app.domain.timekeeping import format_date, london_today
from diversion_app.services.base.actor import Actor
from diversion_app.services.casework.programmes import InterventionView, ProgrammeView
from diversion_app.services.referrals.access import may_work
from diversion_app.services.registry import Services
from diversion_app.ui.widgets.form_scaffold import (
    FieldProblems,
    date_field,
    enum_combo,
    error_label,
    limit_typing,
    notice,
    read_date,
    read_only_notice,
)
from diversion_app.ui.widgets.stale_save import StaleSave, YourTypingPanel

COLUMNS = ["Intervention", "Provider", "Start", "End", "Status", "Progress"]
PROGRESS_COLUMN = COLUMNS.index("Progress")


class OptionalDate(QWidget):
    """A date that may be left empty: a tick box and the one UK date field."""

    def __init__(self, name: str, today: date, field: str) -> None:
        super().__init__()
        self.name = name
        self.field = field
        self.check = QCheckBox()
        self.check.setAccessibleName(f"{name} given")
        self.edit = date_field(name, today)
        self.edit.setEnabled(False)
        self.check.toggled.connect(self.edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)

    def problem(self) -> dict[str, str]:
        """What is wrong with a ticked date (blank, or not a real date); {} when it is right."""
        if not self.check.isChecked():
            return {}
        problems: dict[str, str] = {}
        missing = f"Type the {self.name.lower()}, like 28/11/2026, or untick it."
        read_date(self.edit, self.field, problems, required_message=missing)
        return problems

    def value(self) -> date | None:
        return self.edit.value() if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.set_value(value)


def progress_bar(intervention: InterventionView) -> QProgressBar:
    """Sessions attended out of planned, as a bar with the words on it."""
    progress = intervention.progress
    bar = QProgressBar()
    bar.setRange(0, max(1, progress.planned))
    bar.setValue(min(progress.attended, progress.planned))
    bar.setFormat(progress.words)
    bar.setTextVisible(True)
    bar.setAccessibleName(f"Progress: {intervention.intervention_type.label}")
    bar.setAccessibleDescription(progress.words)
    return bar


class ProgrammeDialog(QDialog):
    """One referral's personal programme."""

    changed = Signal()

    def __init__(
        self, services: Services, actor: Actor, referral_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.referral_id = referral_id
        self.view: ProgrammeView = services.programmes.for_referral(actor, referral_id)
        today = london_today(services.ctx.now())
        self.setWindowTitle(f"Personal programme — {self.view.referral.young_person}")
        self.resize(1180, 820)

        self.heading = QLabel(f"Personal programme: {self.view.referral.young_person}")
        self.heading.setObjectName("pageHeading")
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Programme status")
        self.banner = QLabel()
        self.waiting = notice(
            "The personal programme is built once the whole-family assessment is complete.",
            "Programme not ready",
        )
        self.may_work = may_work(actor, self.view.referral.caseworker_id)
        self.read_only = read_only_notice()
        self.read_only.setVisible(not self.may_work)
        errors = {
            name: error_label(f"Problem with {name.replace('_', ' ')}")
            for name in (
                "goals",
                "review_date",
                "planned_sessions",
                "start_date",
                "end_date",
                "held_on",
                "attended",
                "visit",
            )
        }

        # goals
        goals_box = QGroupBox("Goals agreed with the young person")
        goals_form = QFormLayout(goals_box)
        self.goals = QPlainTextEdit()
        self.goals.setAccessibleName("Goals agreed with the young person")
        self.goals.setTabChangesFocus(True)
        self.goals.setFixedHeight(70)
        self.review_date = OptionalDate("Review date", today, "review_date")
        self.save_goals_button = QPushButton("&Save goals and review date")
        self.save_goals_button.setShortcut(QKeySequence.StandardKey.Save)
        goals_form.addRow("&Goals", self.goals)
        goals_form.addRow("", errors["goals"])
        goals_form.addRow("Review date", self.review_date)
        goals_form.addRow("", errors["review_date"])
        goals_form.addRow("", self.save_goals_button)

        # interventions
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("Interventions")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PROGRESS_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(150)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        interventions_box = QGroupBox("Interventions: progress at a glance")
        interventions_layout = QVBoxLayout(interventions_box)
        interventions_layout.addWidget(self.table)

        # one intervention
        editor = QGroupBox("Intervention")
        editor_form = QFormLayout(editor)
        self.intervention_type = enum_combo(list(InterventionType), "Intervention type")
        self.provider = QLineEdit()
        limit_typing(self.provider, "provider")
        self.provider.setAccessibleName("Provider")
        self.planned = QSpinBox()
        self.planned.setRange(0, MAX_PLANNED_SESSIONS + 10)
        self.planned.setValue(6)
        self.planned.setAccessibleName("Planned sessions")
        self.start_date = OptionalDate("Start date", today, "start_date")
        self.end_date = OptionalDate("End date", today, "end_date")
        self.intervention_status = enum_combo(list(InterventionStatus), "Intervention status")
        self.add_button = QPushButton("&Add intervention")
        self.update_button = QPushButton("Save &changes to the selected one")
        editor_buttons = QHBoxLayout()
        editor_buttons.addWidget(self.add_button)
        editor_buttons.addWidget(self.update_button)
        editor_form.addRow("&Type", self.intervention_type)
        editor_form.addRow("Pro&vider", self.provider)
        editor_form.addRow("&Planned sessions", self.planned)
        editor_form.addRow("", errors["planned_sessions"])
        editor_form.addRow("Start", self.start_date)
        editor_form.addRow("", errors["start_date"])
        editor_form.addRow("End", self.end_date)
        editor_form.addRow("", errors["end_date"])
        editor_form.addRow("Status", self.intervention_status)
        editor_form.addRow(editor_buttons)

        # attendance
        attendance = QGroupBox("Attendance, session by session")
        attendance_form = QFormLayout(attendance)
        self.attendance_for = QLabel("Select an intervention above.")
        self.attendance_for.setAccessibleName("Attendance for")
        self.held_on = date_field("Session date", today)
        self.attended = QRadioButton("Att&ended")
        self.missed = QRadioButton("&Missed")
        self.attended.setChecked(True)
        answer = QButtonGroup(self)
        answer.addButton(self.attended)
        answer.addButton(self.missed)
        answer_row = QHBoxLayout()
        answer_row.addWidget(self.attended)
        answer_row.addWidget(self.missed)
        answer_row.addStretch(1)
        self.visit = QComboBox()
        self.visit.setAccessibleName("Diary visit this session was")
        self.session_notes = QLineEdit()
        self.session_notes.setAccessibleName("Session notes")
        self.record_button = QPushButton("&Record session")
        self.sessions = QListWidget()
        self.sessions.setAccessibleName("Sessions recorded")
        self.sessions.setFixedHeight(90)
        self.sessions.setWordWrap(True)
        attendance_form.addRow(self.attendance_for)
        attendance_form.addRow("Date", self.held_on)
        attendance_form.addRow("", errors["held_on"])
        attendance_form.addRow("", answer_row)
        attendance_form.addRow("", errors["attended"])
        attendance_form.addRow("&Diary visit", self.visit)
        attendance_form.addRow("", errors["visit"])
        attendance_form.addRow("&Notes", self.session_notes)
        attendance_form.addRow("", self.record_button)
        attendance_form.addRow("Recorded", self.sessions)

        lower = QHBoxLayout()
        lower.addWidget(editor, 1)
        lower.addWidget(attendance, 1)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.status_label)
        layout.addWidget(self.banner)
        layout.addWidget(self.waiting)
        layout.addWidget(self.read_only)
        layout.addWidget(goals_box)
        layout.addWidget(interventions_box, 1)
        layout.addLayout(lower)
        layout.addLayout(bottom)
        self.build_parts = [goals_box, editor, attendance]
        self.editor, self.attendance_box = editor, attendance

        self.problems = FieldProblems(self.banner, errors)
        self.your_typing = YourTypingPanel()
        layout.insertWidget(layout.indexOf(self.banner) + 1, self.your_typing)
        self.stale_save = StaleSave(self, self._typed_fields, self._reload, self.your_typing)
        self.save_goals_button.clicked.connect(self.save_goals)
        self.add_button.clicked.connect(self.add_intervention)
        self.update_button.clicked.connect(self.update_intervention)
        self.record_button.clicked.connect(self.record_session)
        self._load_visits()
        self._load(self.view)

    # --- showing ------------------------------------------------------------------------------
    def _load_visits(self) -> None:
        self.visit.clear()
        self.visit.addItem("Not a diary visit", None)
        for option in self.services.programmes.visits_for_sessions(self.actor, self.referral_id):
            self.visit.addItem(option.text, option.id)

    def _load(self, view: ProgrammeView, select: int | None = None) -> None:
        self.view = view
        selected = select if select is not None else self.selected_id()
        self.goals.setPlainText(view.goals)
        self.review_date.set_value(view.review_date)
        if view.status is None:
            self.status_label.setText("No programme yet: write the goals and save them first.")
        else:
            review = format_date(view.review_date) if view.review_date else "not set"
            self.status_label.setText(
                f"Status: {view.status.label} · started {format_date(view.started_on)}"
                f" · review {review}"
            )
        self.waiting.setVisible(not view.can_build and view.status is None)
        self.table.setRowCount(len(view.interventions))
        for row, intervention in enumerate(view.interventions):
            cells = [
                intervention.intervention_type.label,
                intervention.provider,
                format_date(intervention.start_date),
                format_date(intervention.end_date),
                intervention.status.label,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, intervention.id)
                self.table.setItem(row, column, item)
            words = QTableWidgetItem(intervention.progress.words)
            words.setData(Qt.ItemDataRole.UserRole, intervention.id)
            self.table.setItem(row, PROGRESS_COLUMN, words)
            self.table.setCellWidget(row, PROGRESS_COLUMN, progress_bar(intervention))
        for part in self.build_parts:
            part.setEnabled(self.can_build)
        has_programme = view.id is not None
        self.editor.setEnabled(self.can_build and has_programme)
        if selected is not None:
            for row, intervention in enumerate(view.interventions):
                if intervention.id == selected:
                    self.table.selectRow(row)
        self._selection_changed()
        self.stale_save.remember_opened()

    def _typed_fields(self) -> dict[str, QWidget]:
        """The fields a user types in, by name (for the typing kept beside a reload)."""
        return {
            "goals": self.goals,
            "review_date_given": self.review_date.check,
            "review_date": self.review_date.edit,
            **self._intervention_fields(),
            **self._session_fields(),
        }

    def _session_fields(self) -> dict[str, QWidget]:
        """The session being recorded (kept too: a reload must not lose it)."""
        return {
            "held_on": self.held_on,
            "attended": self.attended,
            "missed": self.missed,
            "visit": self.visit,
            "session_notes": self.session_notes,
        }

    def _intervention_fields(self) -> dict[str, QWidget]:
        return {
            "intervention_type": self.intervention_type,
            "provider": self.provider,
            "planned_sessions": self.planned,
            "start_date_given": self.start_date.check,
            "start_date": self.start_date.edit,
            "end_date_given": self.end_date.check,
            "end_date": self.end_date.edit,
            "intervention_status": self.intervention_status,
        }

    def _reload(self) -> None:
        view = self.services.programmes.for_referral(self.actor, self.referral_id)
        self._load_visits()  # the diary as it is now (the chosen visit is offered back)
        self._load(view, self.selected_id())

    def _refused(self) -> None:
        """After a refusal: a stale save offers to reload, keeping the typing beside."""
        if self.stale_save.handle_if_stale(self.problems.last_error):
            self.problems.clear()

    @property
    def can_build(self) -> bool:
        """The programme is ready to build and this person may work the referral."""
        return self.view.can_build and self.may_work

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def selected(self) -> InterventionView | None:
        chosen = self.selected_id()
        return next((i for i in self.view.interventions if i.id == chosen), None)

    def _selection_changed(self) -> None:
        intervention = self.selected()
        self.update_button.setEnabled(intervention is not None)
        self.attendance_box.setEnabled(intervention is not None and self.can_build)
        self.sessions.clear()
        if intervention is None:
            self.attendance_for.setText("Select an intervention above to record its sessions.")
            return
        self.attendance_for.setText(
            f"{intervention.intervention_type.label}: {intervention.progress.words}"
        )
        self.intervention_type.set_value(intervention.intervention_type)
        self.provider.setText(intervention.provider)
        self.planned.setValue(intervention.planned_sessions)
        self.start_date.set_value(intervention.start_date)
        self.end_date.set_value(intervention.end_date)
        self.intervention_status.set_value(intervention.status)
        if hasattr(self, "stale_save"):
            self.stale_save.remember_opened(self._intervention_fields())
        for record in self.services.programmes.sessions(self.actor, intervention.id):
            text = f"{format_date(record.held_on)}: {'attended' if record.attended else 'missed'}"
            if record.visit:
                text += f" (visit {record.visit})"
            if record.notes:
                text += f" — {record.notes}"
            self.sessions.addItem(text)

    # --- actions --------------------------------------------------------------------------------
    def _after(self, select: int | None = None) -> None:
        self._load(self.services.programmes.for_referral(self.actor, self.referral_id), select)
        self.changed.emit()

    def intervention_form(self) -> InterventionForm:
        return InterventionForm(
            intervention_type=self.intervention_type.value() or InterventionType.OTHER,
            planned_sessions=self.planned.value(),
            provider=self.provider.text(),
            start_date=self.start_date.value(),
            end_date=self.end_date.value(),
            status=self.intervention_status.value() or InterventionStatus.PLANNED,
        )

    def dates_typed_right(self, *dates: OptionalDate) -> bool:
        """Show any ticked date that is blank or impossible; True when all can be read."""
        problems: dict[str, str] = {}
        for field in dates:
            problems.update(field.problem())
        if problems:
            self.problems.show(problems)
        return not problems

    def save_goals(self) -> None:
        if not self.dates_typed_right(self.review_date):
            return
        goals, review = self.goals.toPlainText(), self.review_date.value()
        programmes, actor, referral = self.services.programmes, self.actor, self.referral_id
        stamp = self.view.edit_stamp
        if self.problems.attempt(
            lambda: programmes.save_programme(actor, referral, goals, review, edit_stamp=stamp)
        ):
            self._after()
        else:
            self._refused()

    def add_intervention(self) -> None:
        if not self.dates_typed_right(self.start_date, self.end_date):
            return
        form = self.intervention_form()
        added: list[int] = []
        programmes, actor, referral = self.services.programmes, self.actor, self.referral_id
        if self.problems.attempt(
            lambda: added.append(programmes.add_intervention(actor, referral, form).id)
        ):
            self._after(added[0])

    def update_intervention(self) -> None:
        chosen = self.selected_id()
        if chosen is None:
            return
        if not self.dates_typed_right(self.start_date, self.end_date):
            return
        form = self.intervention_form()
        programmes, actor = self.services.programmes, self.actor
        shown = self.selected()
        stamp = "" if shown is None else shown.edit_stamp
        if self.problems.attempt(
            lambda: programmes.update_intervention(actor, chosen, form, edit_stamp=stamp)
        ):
            self._after(chosen)
        else:
            self._refused()

    def record_session(self) -> None:
        chosen = self.selected_id()
        if chosen is None:
            return
        typed: dict[str, str] = {}
        held_on = read_date(
            self.held_on, "held_on", typed, required_message="Type the session date."
        )
        if held_on is None:
            self.problems.show(typed)
            return
        attended = self.attended.isChecked()
        visit_id = self.visit.currentData()
        notes = self.session_notes.text()
        programmes, actor = self.services.programmes, self.actor
        if self.problems.attempt(
            lambda: programmes.record_session(
                actor, chosen, held_on, attended, visit_id=visit_id, notes=notes
            )
        ):
            self.session_notes.clear()
            self._after(chosen)
