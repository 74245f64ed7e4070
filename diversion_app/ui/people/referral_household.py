"""The referral record's Household tab and its link to the young person's record.

Registered in ``referral_record.RECORD_EXTENSIONS`` when this module is imported (the
Young people page imports it): every referral record then shows the household's address
and each member's relationship, phone and email (parents and carers first), and a
*Young person…* button that opens the child's own record.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.errors import DomainError
from diversion_app.services.base.errors import ServiceError
from diversion_app.ui.people.young_person_record import YoungPersonRecordWindow
from diversion_app.ui.referrals.referral_record import RECORD_EXTENSIONS, ReferralRecordView

HEADINGS = ["Name", "Relationship", "Parental responsibility", "Phone", "Email", "Language"]


class HouseholdTab(QWidget):
    """The address and the members' contacts, read when the record opens."""

    def __init__(self, view: ReferralRecordView) -> None:
        super().__init__()
        self.view = view
        layout = QVBoxLayout(self)
        self.address = QLabel()
        self.address.setAccessibleName("Household address")
        self.address.setWordWrap(True)
        layout.addWidget(self.address)
        self.members = QTableWidget(0, len(HEADINGS))
        self.members.setHorizontalHeaderLabels(HEADINGS)
        self.members.setAccessibleName("Household contacts")
        self.members.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members.setTabKeyNavigation(False)
        self.members.verticalHeader().setVisible(False)
        self.members.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.members, 1)
        self.reload()

    def reload(self) -> None:
        record = self.view.record
        if record is None:
            return
        contacts = self.view.services.household_contacts.for_young_person(
            self.view.actor, record.young_person_id
        )
        self.address.setText(f"Address: {contacts.address or 'not recorded'}")
        self.members.setRowCount(len(contacts.members))
        for row, member in enumerate(contacts.members):
            language = member.language + (
                " (interpreter needed)" if member.interpreter_needed else ""
            )
            values = [
                member.name,
                member.relationship.label,
                "Yes" if member.parental_responsibility else "No",
                member.phone or "none recorded",
                member.email,
                language,
            ]
            for column, value in enumerate(values):
                self.members.setItem(row, column, QTableWidgetItem(value))
        self.members.resizeColumnsToContents()


def open_young_person(view: ReferralRecordView) -> YoungPersonRecordWindow | None:
    """Open the referral's young person in their own record window."""
    if view.record is None:
        return None
    try:
        window = YoungPersonRecordWindow(view.services, view.actor, view.record.young_person_id)
    except (DomainError, ServiceError) as error:
        view.message.setText(str(error))
        view.message.show()
        return None
    view.young_person_window = window  # type: ignore[attr-defined]
    window.show()
    return window


def add_household(view: ReferralRecordView) -> None:
    view.household_tab = HouseholdTab(view)  # type: ignore[attr-defined]
    view.add_tab(view.household_tab, "Household")  # type: ignore[attr-defined]
    button = QPushButton("&Young person…")
    button.setAccessibleName("Open the young person's record")
    button.clicked.connect(lambda _checked=False: open_young_person(view))
    view.young_person_button = button  # type: ignore[attr-defined]
    view.add_action(button)


if add_household not in RECORD_EXTENSIONS:
    RECORD_EXTENSIONS.append(add_household)
