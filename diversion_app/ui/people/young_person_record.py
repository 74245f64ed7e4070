"""The young person's record: details, flags, household and a dated timeline, in one window.

From here an officer edits the details, manages the household, records a Community
Resolution and makes a referral. Every name is shown as plain text, exactly as typed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.clock import ClockState
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import format_date
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import Conflict, NotFound, PermissionDenied
from diversion_app.services.base.permissions import can
from diversion_app.services.base.stale import StaleRecord
from diversion_app.services.people.record import OpenReferralView, YoungPersonRecord
from diversion_app.services.registry import Services
from diversion_app.ui.people.access_log_panel import AccessLogPanel
from diversion_app.ui.people.community_resolution_dialog import CommunityResolutionDialog
from diversion_app.ui.people.cr_correction_dialog import CorrectCrDialog
from diversion_app.ui.people.household_dialogs import MemberDialog, MoveHouseholdDialog
from diversion_app.ui.people.record_tables import fill_table as _fill
from diversion_app.ui.people.record_tables import record_table as _table
from diversion_app.ui.people.subject_access_dialog import SubjectAccessDialog
from diversion_app.ui.people.young_person_dialog import YoungPersonDialog
from diversion_app.ui.referrals.clock_style import clock_background, clock_foreground, clock_text
from diversion_app.ui.referrals.referral_actions import ReasonDialog
from diversion_app.ui.referrals.referral_prefill import ReferralPrefill, prefilled_referral_form
from diversion_app.ui.referrals.referral_record import open_referral
from diversion_app.ui.widgets.form_scaffold import plain_label
from diversion_app.ui.widgets.reason_dialogs import with_reason

TIMELINE_COLUMNS = ["When", "What", "Summary", "Details"]
MEMBER_COLUMNS = ["Name", "Relationship", "Parental responsibility", "Contact", "Language"]


CLOCK_URGENCY = [
    ClockState.OVERDUE,
    ClockState.DUE_SOON,
    ClockState.MISSED,
    ClockState.ON_TRACK,
    ClockState.MET,
    ClockState.STOPPED,
]


def _open_referral_line(referral: OpenReferralView) -> str:
    """'Prevention: Allocated (number 2477) — 48-hour clock: Overdue by 18 h 58 m'."""
    line = f"{referral.pathway.label}: {referral.status.label} (number {referral.id})"
    if referral.clock is not None:
        line += f" — 48-hour clock: {clock_text(referral.clock)}"
    return line


def _clock_style(referrals: tuple[OpenReferralView, ...]) -> str:
    """The most pressing clock's colours (its words are in the text beside them)."""
    readings = [r.clock for r in referrals if r.clock is not None]
    if not readings:
        return ""
    worst = min(readings, key=lambda reading: CLOCK_URGENCY.index(reading.state))
    return (
        f"color: {clock_foreground(worst)}; background: {clock_background(worst)};"
        " padding: 2px 4px; border-radius: 3px;"
    )


class YoungPersonRecordWindow(QWidget):
    """A window on one young person's record; ``open_person`` asks to open another record."""

    open_person = Signal(int)
    changed = Signal()

    def __init__(
        self,
        services: Services,
        actor: Actor,
        young_person_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.services = services
        self.actor = actor
        self.young_person_id = young_person_id
        self.record: YoungPersonRecord | None = None
        self.dialog: QWidget | None = None
        self.resize(1100, 780)
        self._build()
        self.reload()

    # --- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = plain_label()
        self.heading.setObjectName("pageHeading")
        self.heading.setAccessibleName("Young person's name")
        top.addWidget(self.heading, 1)
        self.edit_button = self._button("&Edit details", self.edit_details, top)
        self.cr_button = self._button("Record a &Community Resolution", self.record_cr, top)
        self.referral_button = self._button("Make a re&ferral", self.make_referral, top)
        self.edit_button.setEnabled(can(self.actor, Permission.EDIT_YOUNG_PERSON))
        self.cr_button.setEnabled(can(self.actor, Permission.RECORD_CR))
        self.referral_button.setEnabled(can(self.actor, Permission.MAKE_REFERRAL))
        self.audit_button = self._button("A&udit trail for this young person", self.show_audit, top)
        self.audit_button.setVisible(can(self.actor, Permission.READ_AUDIT))
        self.sar_button = self._button("Sub&ject access…", self.open_subject_access, top)
        self.sar_button.setVisible(can(self.actor, Permission.SUBJECT_ACCESS))
        layout.addLayout(top)
        self.flags_label = plain_label()
        self.flags_label.setAccessibleName("Flags")
        self.flags_label.setStyleSheet("color: #8b0000; font-weight: 600;")
        layout.addWidget(self.flags_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        upper = QWidget()
        columns = QHBoxLayout(upper)
        columns.setContentsMargins(0, 0, 0, 0)
        details = QGroupBox("Details")
        self.details_form = QFormLayout(details)
        self.details: dict[str, QLabel] = {}
        for key, caption in (
            ("number", "Record number"),
            ("dob", "Date of birth"),
            ("preferred", "Preferred name"),
            ("gender", "Gender"),
            ("ethnicity", "Ethnicity"),
            ("area", "Area"),
            ("school", "School"),
            ("ids", "Police identifiers"),
            ("crs", "Community Resolutions"),
            ("referrals", "Open referrals"),
        ):
            label = plain_label()
            label.setAccessibleName(caption)
            self.details[key] = label
            self.details_form.addRow(f"{caption}:", label)
        columns.addWidget(details, 2)
        columns.addWidget(self._build_household(), 3)
        splitter.addWidget(upper)
        timeline_box = QWidget()
        timeline_layout = QVBoxLayout(timeline_box)
        timeline_layout.setContentsMargins(0, 0, 0, 0)
        self.timeline = _table("Timeline", TIMELINE_COLUMNS)
        self.timeline.setColumnWidth(0, 130)
        self.timeline.setColumnWidth(1, 150)
        self.timeline.setColumnWidth(2, 340)
        self.timeline.setToolTip(
            "Double-click or press Enter on an entry of a referral to open the referral"
        )
        # "activated" is Enter and a double-click
        self.timeline.activated.connect(lambda index: self._open_timeline_row(index.row()))
        timeline_layout.addWidget(self.timeline)
        cr_row = QHBoxLayout()
        cr_row.addStretch(1)
        self.correct_cr_button = self._button("Co&rrect this CR…", self.correct_cr, cr_row)
        self.withdraw_cr_button = self._button("&Withdraw this CR…", self.withdraw_cr, cr_row)
        for button in (self.correct_cr_button, self.withdraw_cr_button):
            button.setToolTip("Choose a Community Resolution in the timeline first")
            button.setEnabled(False)
        timeline_layout.addLayout(cr_row)
        self.timeline.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._cr_chosen(current.row())
        )
        self.lower_tabs = QTabWidget()
        self.lower_tabs.setAccessibleName("Timeline and access log")
        self.lower_tabs.addTab(timeline_box, "&Timeline (newest first)")
        self.access_log: AccessLogPanel | None = None
        if self.services.access.may_read_log(self.actor, self.young_person_id):
            self.access_log = AccessLogPanel(self.services, self.actor, self.young_person_id)
            self.lower_tabs.addTab(self.access_log, "Access &log")
        splitter.addWidget(self.lower_tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 480])
        layout.addWidget(splitter, 1)
        refresh = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        refresh.activated.connect(self.reload)
        close = QShortcut(QKeySequence("Esc"), self)
        close.activated.connect(self.close)

    def _button(self, text: str, slot: Callable[[], None], row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", ""))
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def _build_household(self) -> QGroupBox:
        box = QGroupBox("Household")
        column = QVBoxLayout(box)
        self.address_label = plain_label()
        self.address_label.setAccessibleName("Address")
        column.addWidget(self.address_label)
        self.members = _table("Household members", MEMBER_COLUMNS)
        self.members.setColumnWidth(0, 140)
        self.members.setColumnWidth(1, 100)
        self.members.setColumnWidth(2, 165)
        self.members.setColumnWidth(3, 120)
        self.members.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.members.doubleClicked.connect(lambda _index: self.edit_member())
        column.addWidget(self.members, 1)
        row = QHBoxLayout()
        self.add_member_button = self._button("&Add member", self.add_member, row)
        self.edit_member_button = self._button("Edit &member", self.edit_member, row)
        self.remove_member_button = self._button("Remo&ve member", self.remove_member, row)
        self.move_button = self._button("Move to another &household", self.move_household, row)
        editable = can(self.actor, Permission.EDIT_YOUNG_PERSON)
        for button in (
            self.add_member_button,
            self.edit_member_button,
            self.remove_member_button,
            self.move_button,
        ):
            button.setEnabled(editable)
        column.addLayout(row)
        column.addWidget(plain_label("Brothers and sisters (double-click to open):"))
        self.siblings = QListWidget()
        self.siblings.setAccessibleName("Brothers and sisters")
        self.siblings.setMaximumHeight(70)
        self.siblings.itemActivated.connect(self._open_sibling)
        self.siblings.itemDoubleClicked.connect(self._open_sibling)
        column.addWidget(self.siblings)
        return box

    # --- showing -----------------------------------------------------------------------------
    def reload(self) -> None:
        try:
            record = with_reason(
                self,
                self.services,
                self.actor,
                lambda: self.services.young_person_record.open(self.actor, self.young_person_id),
            )
        except (NotFound, PermissionDenied) as error:
            self.heading.setText(str(error))
            return
        if record is None:
            self.heading.setText(
                "The record was not opened: a reason is needed to open a young person who "
                "is not on your caseload, area or school list."
            )
            for button in (self.edit_button, self.cr_button, self.referral_button):
                button.setEnabled(False)
            return
        self.record = record
        self.setWindowTitle(f"{record.name} — young person's record")
        self.heading.setText(f"{record.name}, {record.age}")
        self.flags_label.setText("   ".join(f"⚑ {flag}" for flag in record.flags))
        self.flags_label.setVisible(bool(record.flags))
        ids = [
            f"Local {record.local_person_id}" if record.local_person_id else "",
            f"PNC {record.pnc_id}" if record.pnc_id else "",
        ]
        values = {
            "number": str(record.id),
            "dob": f"{format_date(record.date_of_birth)} (age {record.age})",
            "preferred": record.preferred_name or "—",
            "gender": record.gender.label,
            "ethnicity": record.ethnicity.label,
            "area": record.area.label,
            "school": record.school or "—",
            "ids": ", ".join(i for i in ids if i) or "—",
            "crs": str(record.community_resolutions),
            "referrals": "\n".join(_open_referral_line(r) for r in record.open_referrals) or "None",
        }
        for key, text in values.items():
            self.details[key].setText(text)
        self.details["referrals"].setStyleSheet(_clock_style(record.open_referrals))
        self.address_label.setText(record.address)
        _fill(
            self.members,
            [
                [
                    member.name,
                    member.relationship.label,
                    "Yes" if member.parental_responsibility else "No",
                    ", ".join(x for x in (member.phone, member.email) if x),
                    (member.language or "")
                    + (" (interpreter needed)" if member.interpreter_needed else ""),
                ]
                for member in record.members
            ],
        )
        self.siblings.clear()
        for sibling in record.siblings:
            item = QListWidgetItem(
                f"{sibling.name}, born {format_date(sibling.date_of_birth)} (age {sibling.age})"
            )
            item.setData(Qt.ItemDataRole.UserRole, sibling.id)
            self.siblings.addItem(item)
        _fill(
            self.timeline,
            [[entry.when, entry.kind, entry.title, entry.detail] for entry in record.timeline],
        )
        self._cr_chosen(self.timeline.currentIndex().row())

        if self.access_log is not None:
            self.access_log.reload()

    def open_subject_access(self) -> None:
        """Record a subject access request for this young person (and make its pack)."""
        dialog = SubjectAccessDialog(self.services, self.actor, self.young_person_id, self)
        dialog.finished.connect(lambda _result: self.reload())
        self.dialog = dialog
        dialog.open()

    def show_audit(self) -> None:
        """The Audit trail page, narrowed to this young person (supervisors)."""
        window = self.parentWidget()
        while window is not None and not hasattr(window, "show_page"):
            window = window.parentWidget()
        if window is None:
            return
        page = window.show_page("Audit trail")
        page.show_young_person(self.young_person_id)
        window.raise_()
        window.activateWindow()

    def timeline_rows(self) -> list[tuple[str, str, str]]:
        """(when, what, summary) of each timeline row, as shown."""
        rows = []
        for r in range(self.timeline.rowCount()):
            cells = [self.timeline.item(r, c) for c in range(3)]
            when, what, summary = (cell.text() if cell else "" for cell in cells)
            rows.append((when, what, summary))
        return rows

    def _open_sibling(self, item: QListWidgetItem) -> None:
        self.open_person.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def _after_change(self) -> None:
        self.reload()
        self.changed.emit()

    # --- actions -------------------------------------------------------------------------------
    def edit_details(self) -> None:
        dialog = YoungPersonDialog(self.services, self.actor, self.young_person_id, self)
        dialog.saved.connect(lambda _id: self._after_change())
        self.dialog = dialog
        dialog.open()

    def record_cr(self) -> None:
        assert self.record is not None
        record, services, actor = self.record, self.services, self.actor
        dialog = with_reason(
            self,
            services,
            actor,
            lambda: CommunityResolutionDialog(services, actor, record.id, record.name, self),
        )
        if dialog is None:
            return
        dialog.recorded.connect(lambda _id: self._after_change())
        dialog.referral_made.connect(lambda _id: self._after_change())
        dialog.finished.connect(lambda _result: self._follow_referral(dialog))
        self.dialog = dialog
        dialog.open()

    def _follow_referral(self, dialog: CommunityResolutionDialog) -> None:
        if dialog.referral_dialog is not None:
            self.dialog = dialog.referral_dialog

    def make_referral(self) -> None:
        assert self.record is not None
        prefill = ReferralPrefill(
            young_person_id=self.record.id, referrer_name=self.actor.display_name
        )
        form = prefilled_referral_form(self.services, self.actor, prefill, self)
        form.referral_made.connect(lambda _id: self._after_change())
        form.open_existing.connect(self.open_referral)
        self.dialog = form
        form.open()

    def open_referral(self, referral_id: int) -> None:
        """The referral's own record (issue 4's window)."""
        window = open_referral(self, self.services, self.actor, referral_id)
        if window is not None:
            window.view.changed.connect(self.reload)
            self.dialog = window

    # --- correcting or withdrawing a Community Resolution -------------------------------------
    def _chosen_cr(self) -> int | None:
        row = self.timeline.currentIndex().row()
        if self.record is None or not 0 <= row < len(self.record.timeline):
            return None
        entry = self.record.timeline[row]
        if entry.entity != "community_resolution" or "WITHDRAWN" in entry.detail:
            return None
        return entry.entity_id

    def _cr_chosen(self, _row: int) -> None:
        allowed = can(self.actor, Permission.RECORD_CR) and self._chosen_cr() is not None
        self.correct_cr_button.setEnabled(allowed)
        self.withdraw_cr_button.setEnabled(allowed)

    def correct_cr(self) -> None:
        cr_id = self._chosen_cr()
        if cr_id is None or self.record is None:
            return
        name, services, actor = self.record.name, self.services, self.actor
        dialog = with_reason(
            self, services, actor, lambda: CorrectCrDialog(services, actor, cr_id, name, self)
        )
        if dialog is None:
            return
        dialog.recorded.connect(lambda _id: self._after_change())
        self.dialog = dialog
        dialog.open()

    def withdraw_cr(self) -> None:
        cr_id = self._chosen_cr()
        if cr_id is None:
            return
        # the CR as it is now: if someone corrects it while this is open, the withdrawal
        # is refused (naming them) rather than made over a record the user has not seen
        stamp = self.services.cr_changes.draft_of(self.actor, cr_id).edit_stamp
        dialog = ReasonDialog(
            "Withdraw a Community Resolution",
            "Withdraw this Community Resolution (recorded in error)? It is kept, marked "
            "withdrawn, and no longer counts in reports or as coming to notice again. "
            "Why is it being withdrawn?",
            lambda reason: self.services.cr_changes.withdraw(
                self.actor, cr_id, reason, edit_stamp=stamp
            ),
            self,
        )
        dialog.accepted.connect(self._after_change)
        self.dialog = dialog
        dialog.open()

    def _open_timeline_row(self, row: int) -> None:
        if self.record is not None and 0 <= row < len(self.record.timeline):
            referral_id = self.record.timeline[row].referral_id
            if referral_id is not None:
                self.open_referral(referral_id)

    def _current_member_id(self) -> int | None:
        row = self.members.currentRow()
        if self.record is None or not (0 <= row < len(self.record.members)):
            return None
        return self.record.members[row].id

    def add_member(self) -> None:
        assert self.record is not None
        dialog = MemberDialog(
            self.services,
            self.actor,
            household_id=self.record.household_id,
            young_person_id=self.record.id,
            parent=self,
        )
        dialog.saved.connect(self._after_change)
        self.dialog = dialog
        dialog.open()

    def edit_member(self) -> None:
        member_id = self._current_member_id()
        if member_id is None or self.record is None:
            return
        dialog = MemberDialog(
            self.services,
            self.actor,
            household_id=self.record.household_id,
            young_person_id=self.record.id,
            member_id=member_id,
            parent=self,
        )
        dialog.saved.connect(self._after_change)
        self.dialog = dialog
        dialog.open()

    def remove_member(self) -> None:
        """Ask first; the member is removed only when the user confirms."""
        member_id = self._current_member_id()
        if member_id is None or self.record is None:
            return
        name = next(m.name for m in self.record.members if m.id == member_id)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Remove household member",
            f"Remove {name} from this household? Do this when they no longer live there.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.accepted.connect(lambda: self._remove_member(member_id))
        self.dialog = box
        box.open()

    def _remove_member(self, member_id: int) -> None:
        assert self.record is not None
        stamp = next((m.edit_stamp for m in self.record.members if m.id == member_id), "")
        try:
            self.services.households.remove_member(
                self.actor, member_id, young_person_id=self.young_person_id, edit_stamp=stamp
            )
        except (Conflict, NotFound, PermissionDenied) as error:
            if isinstance(error, StaleRecord | NotFound):
                self.reload()  # show the member as they are now (or gone)
            box = QMessageBox(
                QMessageBox.Icon.Information, "Member not removed", str(error), parent=self
            )
            box.setTextFormat(Qt.TextFormat.PlainText)
            self.dialog = box
            box.open()
            return
        self._after_change()

    def move_household(self) -> None:
        assert self.record is not None
        dialog = MoveHouseholdDialog(
            self.services,
            self.actor,
            young_person_id=self.record.id,
            young_person_name=self.record.name,
            area=self.record.area,
            parent=self,
        )
        dialog.moved.connect(lambda _id: self._after_change())
        self.dialog = dialog
        dialog.open()
