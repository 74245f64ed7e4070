"""The referral record: details, status history, contacts and, prominently, the 48-hour clock.

``ReferralRecordView`` is a reusable widget; ``ReferralRecordWindow`` shows it in its own
window. Other workflows (diary, assessment, schools) add to it without editing this
file: append a function to ``RECORD_EXTENSIONS`` that calls ``view.add_tab(...)`` or
``view.add_action(...)``; it runs for every record opened. ``view.changed`` tells
lists to refresh after an action.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.enums import ReferralStatus
from diversion_app.domain.errors import DomainError
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import format_date, format_datetime
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.base.permissions import can
from diversion_app.services.referrals.record import ReferralRecord
from diversion_app.services.registry import Services
from diversion_app.ui.record_parts import load_record_parts
from diversion_app.ui.referrals.clock_badge import ClockBadge
from diversion_app.ui.referrals.contact_form import ContactForm
from diversion_app.ui.referrals.referral_actions import AllocateDialog, ReasonDialog
from diversion_app.ui.style import STYLE_SHEET
from diversion_app.ui.widgets.flow_layout import FlowLayout
from diversion_app.ui.widgets.reason_dialogs import reason_given

CLOCK_TICK_MS = 30_000

RecordExtension = Callable[["ReferralRecordView"], None]
RECORD_EXTENSIONS: list[RecordExtension] = []
"""Functions run for every record view opened, to add tabs and buttons."""


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _shown(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    return label


def _table(headings: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headings))
    table.setHorizontalHeaderLabels(headings)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeColumnsToContents()


class ReferralRecordView(QWidget):
    changed = Signal()
    """Something on the referral changed (a contact, an allocation, a status)."""

    def __init__(
        self, services: Services, actor: Actor, referral_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.referral_id = referral_id
        self.record: ReferralRecord | None = None
        self.open_dialog: QDialog | None = None

        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.heading.setAccessibleName("Referral")
        layout.addWidget(self.heading)
        self.summary = QLabel()
        self.summary.setAccessibleName("Referral summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.clock_badge = ClockBadge()
        layout.addWidget(self.clock_badge)
        self.clock_reason = QLabel()
        self.clock_reason.setAccessibleName("Reason given for the clock")
        self.clock_reason.setWordWrap(True)
        layout.addWidget(self.clock_reason)
        self.age_flag = QLabel()
        self.age_flag.setAccessibleName("Age flag")
        self.age_flag.setWordWrap(True)
        self.age_flag.setStyleSheet("color: #8a4b00; font-weight: 600;")
        self.age_flag.hide()
        layout.addWidget(self.age_flag)
        self.message = QLabel()
        self.message.setAccessibleName("Message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        layout.addWidget(self.message)

        self.action_bar = FlowLayout()
        self._last_action: QPushButton | None = None
        self.contact_button = self._button("Record &contact", self.record_contact, "Ctrl+Shift+C")
        self.allocate_button = self._button("&Allocate…", self.allocate)
        self.explain_button = self._button("Explain the clock…", self.explain_clock)
        self.no_carer_button = self._button("No parent or carer…", self.record_no_carer)
        self.no_carer_button.setToolTip(
            "Record that there is no parent or carer to contact (for example a 17-year-old "
            "living independently): reaching the young person then meets the 48-hour clock."
        )
        self.decline_button = self._button("&Decline…", lambda: self.end(ReferralStatus.DECLINED))
        self.not_engaged_button = self._button(
            "Not &engaged…", lambda: self.end(ReferralStatus.NOT_ENGAGED)
        )
        layout.addLayout(self.action_bar)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Referral sections")
        details_page = QWidget()
        self.details = QFormLayout(details_page)
        self.tabs.addTab(details_page, "Details")
        self.history = _table(["When", "By", "What", "Reason"], "Status history")
        self.tabs.addTab(self.history, "History")
        self.contacts = _table(
            ["When", "Method", "With", "Outcome", "Notes", "Recorded by"], "Contacts"
        )
        self.tabs.addTab(self.contacts, "Contacts")
        layout.addWidget(self.tabs, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(CLOCK_TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self.reload()
        load_record_parts()  # the first record opened imports them (not every start)
        for extension in RECORD_EXTENSIONS:
            extension(self)

    # --- what other workflows use ------------------------------------------------------------
    def add_tab(self, widget: QWidget, title: str) -> None:
        self.tabs.addTab(widget, title)

    def add_action(self, button: QPushButton) -> None:
        """A button in the action row; Tab reaches it with the others, before the tabs."""
        self.action_bar.addWidget(button)
        last = self._last_action
        if last is not None and last.window() is button.window():  # once the row is placed
            QWidget.setTabOrder(last, button)
        self._last_action = button

    # --- showing -----------------------------------------------------------------------------
    def _button(self, text: str, handler: Callable[[], None], shortcut: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        if shortcut:
            button.setShortcut(QKeySequence(shortcut))
        button.clicked.connect(lambda _checked=False: handler())
        self.add_action(button)
        return button

    def reload(self) -> None:
        record = self.services.referral_record.record(self.actor, self.referral_id)
        self.record = record
        self.setWindowTitle(f"Referral {record.id} — {record.young_person}")
        self.heading.setText(f"{record.young_person}: {record.pathway.label.lower()} referral")
        worker = record.caseworker or "not yet allocated"
        status = record.status.label + (
            f" ({record.status_reason})" if record.status_reason else ""
        )
        self.summary.setText(
            f"Status: {status}. Caseworker: {worker}. "
            f"Received {format_datetime(record.received_at)} (UK time)."
        )
        self.clock_badge.set_reading(record.clock)
        if record.clock_reason:
            self.clock_reason.setText(f"Reason given for the clock: {record.clock_reason}")
            self.clock_reason.setStyleSheet("")
        elif record.clock.state.needs_reason:
            self.clock_reason.setText(
                "No reason has been given yet for the overdue or missed clock: "
                "use Explain the clock."
            )
            self.clock_reason.setStyleSheet("color: #b00020; font-weight: 600;")
        else:
            self.clock_reason.setText("")
        self.clock_reason.setVisible(bool(self.clock_reason.text()))
        self.age_flag.setText(record.age_flag)
        self.age_flag.setVisible(bool(record.age_flag))
        self._fill_details(record)
        decision = self.services.no_carer.decision(self.actor, self.referral_id)
        if decision is not None:
            self.details.addRow(
                "No parent or carer:",
                _shown(
                    f"{decision.reason} (recorded by {decision.recorded_by}, "
                    f"{format_datetime(decision.recorded_at)}). Reaching the young person "
                    "meets the 48-hour clock; reports count this referral apart.",
                    "No parent or carer to contact",
                ),
            )
        _fill(
            self.history,
            [[format_datetime(h.at), h.by, h.text, h.reason] for h in record.history],
        )
        _fill(
            self.contacts,
            [
                [
                    format_datetime(c.occurred_at),
                    c.method.label,
                    c.with_whom,
                    c.outcome.label,
                    c.notes,
                    c.recorded_by,
                ]
                for c in record.contacts
            ],
        )
        is_open = record.status.is_open
        self.contact_button.setVisible(record.may_work and is_open)
        self.decline_button.setVisible(record.may_work and is_open)
        self.not_engaged_button.setVisible(record.may_work and is_open)
        self.explain_button.setVisible(record.may_work and record.clock.state.needs_reason)
        self.no_carer_button.setVisible(record.may_work and is_open and decision is None)
        self.allocate_button.setVisible(can(self.actor, Permission.ALLOCATE) and is_open)
        self.allocate_button.setText("Re&allocate…" if record.caseworker else "&Allocate…")

    def _fill_details(self, record: ReferralRecord) -> None:
        while self.details.rowCount():
            self.details.removeRow(0)
        rows = [
            ("Young person", f"{record.young_person}, born {format_date(record.date_of_birth)}"),
            ("Pathway", record.pathway.label),
            ("Source", record.source.label),
            ("Referrer", record.referrer_name),
            ("Referrer contact", record.referrer_contact),
            ("Reasons", ", ".join(reason.label for reason in record.reasons)),
            ("Reason details", record.reason_notes),
            ("Linked CR", record.community_resolution or "None"),
            ("Offence details", record.offence_details),
            ("Offence date", format_date(record.offence_date) if record.offence_date else ""),
            ("Received (UK time)", format_datetime(record.received_at)),
            ("Clock due (UK time)", record.clock.due_text),
            ("Consent: young person", _yes_no(record.consent_young_person)),
            ("Consent: parent or carer", _yes_no(record.consent_parent_carer)),
            ("Consent to share", _yes_no(record.consent_to_share)),
        ]
        for label, value in rows:
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setAccessibleName(label)
            self.details.addRow(f"{label}:", shown)

    def tick(self) -> None:
        """Re-read the clock (the injected 'now' moves on; no restart needed)."""
        try:
            self.clock_badge.set_reading(
                self.services.referral_record.clock(self.actor, self.referral_id)
            )
        except (DomainError, ServiceError):
            self.timer.stop()

    # --- actions -----------------------------------------------------------------------------
    def _after(self, dialog: QDialog) -> None:
        self.open_dialog = dialog
        dialog.accepted.connect(self._changed)
        dialog.open()

    def _changed(self) -> None:
        self.message.hide()
        self.reload()
        self.changed.emit()

    def record_contact(self) -> None:
        if self.record is not None:
            self._after(ContactForm(self.services, self.actor, self.record, self))

    def allocate(self) -> None:
        if self.record is not None:
            self._after(
                AllocateDialog(
                    self.services,
                    self.actor,
                    self.referral_id,
                    self.record.caseworker,
                    self,
                    current_caseworker_id=self.record.caseworker_id,
                )
            )

    def end(self, status: ReferralStatus) -> None:
        words = "Decline the referral" if status is ReferralStatus.DECLINED else "Not engaged"
        stamp = self.record.edit_stamp if self.record is not None else ""
        self._after(
            ReasonDialog(
                words,
                f"Why is this referral being marked {status.label.lower()}? "
                "The reason is kept in its history.",
                lambda reason: self.services.referral_record.end(
                    self.actor, self.referral_id, status, reason, edit_stamp=stamp
                ),
                self,
            )
        )

    def record_no_carer(self) -> None:
        self._after(
            ReasonDialog(
                "No parent or carer to contact",
                "Record that this young person has no parent or carer to contact (for "
                "example: 17 and living independently; looked after, the carer is an "
                "agency). Reaching the young person will then meet the 48-hour clock, and "
                "the reports count the referral apart. Why is there no parent or carer?",
                lambda reason: self._save_no_carer(reason),
                self,
            )
        )

    def _save_no_carer(self, reason: str) -> None:
        self.services.no_carer.record(self.actor, self.referral_id, reason)

    def explain_clock(self) -> None:
        initial = self.record.clock_reason if self.record is not None else ""
        stamp = self.record.edit_stamp if self.record is not None else ""
        self._after(
            ReasonDialog(
                "Explain the 48-hour clock",
                "The 48-hour clock is overdue or was missed. What is the reason?",
                lambda reason: self.services.referral_record.explain_clock(
                    self.actor, self.referral_id, reason, edit_stamp=stamp
                ),
                self,
                initial=initial,
            )
        )


class ReferralRecordWindow(QDialog):
    """The record in its own (non-modal) window."""

    def __init__(
        self, services: Services, actor: Actor, referral_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.view = ReferralRecordView(services, actor, referral_id, self)
        self.setWindowTitle(self.view.windowTitle())
        self.setAccessibleName("Referral record")
        self.setStyleSheet(STYLE_SHEET)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.resize(900, 680)


def open_referral(
    parent: QWidget, services: Services, actor: Actor, referral_id: int
) -> ReferralRecordWindow | None:
    """Open a referral's record window; a plain message in place of a traceback if it fails.

    A referral of a young person not on the person's own list asks why first."""
    try:
        needs = services.access.referral_needs_reason(actor, referral_id)
        if not reason_given(parent, services, actor, needs):
            return None
        window = ReferralRecordWindow(services, actor, referral_id, parent)
    except (DomainError, ServiceError) as error:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(parent, "Referral", str(error))
        return None
    window.show()
    return window
