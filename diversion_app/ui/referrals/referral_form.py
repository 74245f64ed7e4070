"""The referral form: a referral to the YOS on the diversion or prevention pathway.

The date and time received start the 48-hour clock: they default to now, may be
back-dated for a referral logged late, and are never accepted in the future. A second
open referral for the same young person and pathway is refused, with a button that
opens the one already open.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.enums import Pathway, ReferralReason, ReferralSource, Role
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.referral_rules import ReferralDraft, referral_detail_problems
from diversion_app.domain.timekeeping import format_date, parse_uk_date
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import Conflict, ServiceError
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.registry import Services
from diversion_app.ui.widgets.form_scaffold import FieldProblems, error_label
from diversion_app.ui.widgets.more_matches import MoreMatchesLabel
from diversion_app.ui.widgets.reason_dialogs import with_reason
from diversion_app.ui.widgets.search_keys import join_search
from diversion_app.ui.widgets.uk_date import UkDateEdit
from diversion_app.ui.widgets.uk_time import UkDateTimeEdit

PICKER_ROWS = 20
PERSON_ROLE = Qt.ItemDataRole.UserRole + 1


class ReferralForm(QDialog):
    """Make a referral. Emits ``referral_made(id)``; ``open_existing(id)`` for the refusal link."""

    referral_made = Signal(int)
    open_existing = Signal(int)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        young_person_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.existing_id: int | None = None
        self.setWindowTitle("New referral to the YOS")
        self.setAccessibleName("New referral")
        self.resize(640, 760)

        outer = QVBoxLayout(self)
        self.summary = error_label("Problems with the referral")
        outer.addWidget(self.summary)
        self.open_existing_button = QPushButton("Open the existing referral")
        self.open_existing_button.setAccessibleName("Open the existing referral")
        self.open_existing_button.hide()
        self.open_existing_button.clicked.connect(self._open_existing)
        outer.addWidget(self.open_existing_button)

        body = QWidget()
        form = QFormLayout(body)
        self.errors = FieldProblems(self.summary)

        self.pathway = QComboBox()
        self.pathway.setAccessibleName("Pathway")
        for member in Pathway:
            self.pathway.addItem(
                f"{member.label} ({'10-17' if member is Pathway.DIVERSION else '8-17'})", member
            )
        self.errors.add_row(form, "&Pathway:", "pathway", self.pathway)

        picker = QWidget()
        picker_layout = QVBoxLayout(picker)
        picker_layout.setContentsMargins(0, 0, 0, 0)
        self.person_search = QLineEdit()
        self.person_search.setPlaceholderText("Type a name, date of birth or postcode")
        self.person_search.setAccessibleName("Search young people")
        self.people = QListWidget()
        self.people.setAccessibleName("Matching young people")
        self.people.setMaximumHeight(120)
        picker_layout.addWidget(self.person_search)
        picker_layout.addWidget(self.people)
        self.more_people = MoreMatchesLabel()
        picker_layout.addWidget(self.more_people)
        self.errors.add_row(form, "&Young person:", "young_person_id", picker)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.search_people)
        self.person_search.textChanged.connect(lambda _t: self._search_timer.start())
        self.people.currentItemChanged.connect(lambda *_: self._load_resolutions())
        join_search(self.person_search, self.people, self.search_people, self._person_picked)

        self.source = QComboBox()
        self.source.setAccessibleName("Source")
        for source in ReferralSource:
            self.source.addItem(source.label, source)
        self.errors.add_row(form, "&Source:", "source", self.source)

        self.referrer_name = QLineEdit()
        self.referrer_name.setAccessibleName("Referrer name")
        if Role.OFFICER in actor.roles:  # an officer refers in their own name
            self.referrer_name.setText(actor.display_name)
        self.errors.add_row(form, "Referrer &name:", "referrer_name", self.referrer_name)
        self.referrer_contact = QLineEdit()
        self.referrer_contact.setAccessibleName("Referrer contact details")
        self.referrer_contact.setPlaceholderText("Phone or email")
        self.errors.add_row(form, "Referrer con&tact:", "referrer_contact", self.referrer_contact)

        reasons = QWidget()
        grid = QGridLayout(reasons)
        grid.setContentsMargins(0, 0, 0, 0)
        self.reason_boxes: dict[ReferralReason, QCheckBox] = {}
        for index, reason in enumerate(ReferralReason):
            box = QCheckBox(reason.label)
            box.setAccessibleName(f"Reason: {reason.label}")
            self.reason_boxes[reason] = box
            grid.addWidget(box, index // 2, index % 2)
        self.errors.add_row(form, "Reasons:", "reasons", reasons)
        self.reason_notes = QLineEdit()
        self.reason_notes.setAccessibleName("Reason details")
        self.reason_notes.setPlaceholderText("Describe the concern (needed for 'other')")
        self.errors.add_row(form, "Reason details:", "reason_notes", self.reason_notes)

        self.community_resolution = QComboBox()
        self.community_resolution.setAccessibleName("Linked Community Resolution")
        self.errors.add_row(
            form, "Linked &CR:", "community_resolution_id", self.community_resolution
        )
        self.offence_details = QPlainTextEdit()
        self.offence_details.setAccessibleName("Offence details")
        self.offence_details.setPlaceholderText("If there is no CR: what happened, where")
        self.offence_details.setMaximumHeight(70)
        self.errors.add_row(form, "Offence details:", "offence_details", self.offence_details)
        self.offence_date = UkDateEdit("Offence date")
        self.offence_date.setToolTip(
            self.offence_date.toolTip() + " For diversion, the age is taken on this day."
        )
        self.errors.add_row(form, "Offence &date:", "offence_date", self.offence_date)

        consents = QWidget()
        consent_layout = QVBoxLayout(consents)
        consent_layout.setContentsMargins(0, 0, 0, 0)
        self.consent_young_person = QCheckBox("The young person consents")
        self.consent_parent_carer = QCheckBox("A parent or carer consents")
        self.consent_to_share = QCheckBox("Consent to share information")
        for box in (self.consent_young_person, self.consent_parent_carer, self.consent_to_share):
            box.setAccessibleName(box.text())
            consent_layout.addWidget(box)
        self.errors.add_row(form, "Consent:", "consent", consents)

        self.received_at = UkDateTimeEdit("Date and time received")
        self.received_at.set_instant(services.ctx.now())
        self.errors.add_row(form, "&Received (UK time):", "received_at", self.received_at)
        hint = QLabel("Starts the 48-hour clock. Back-date a referral logged late; never future.")
        hint.setWordWrap(True)
        form.addRow("", hint)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Make referral")
        self.save_button.setAccessibleName("Make referral")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.errors.clear()
        self._load_resolutions()
        if young_person_id is not None:
            self.select_person(young_person_id)

    # --- young person picker -----------------------------------------------------------------
    def _person_picked(self) -> None:
        """Enter on a match: it is chosen, and the cursor moves on to the next field."""
        if self.selected_person() is not None:
            self.source.setFocus(Qt.FocusReason.TabFocusReason)

    def search_people(self) -> None:
        self._search_timer.stop()
        text = self.person_search.text().strip()
        self.people.clear()
        self.more_people.clear_note()
        if not text:
            return
        rows = self.services.young_people.search(self.actor, PageRequest(0, PICKER_ROWS, text=text))
        self.more_people.show_for(
            len(rows), PICKER_ROWS, lambda: self.services.young_people.count(self.actor, text)
        )
        for row in rows:
            item = QListWidgetItem(
                f"{row.name}, born {format_date(row.date_of_birth)} (age {row.age}), "
                f"{row.area.label}" + (f" — open: {row.open_referral}" if row.open_referral else "")
            )
            item.setData(PERSON_ROLE, row.id)
            self.people.addItem(item)
        # the only match is chosen for the person, unless choosing them would ask why
        if len(rows) == 1 and not self.services.access.needs_reason(self.actor, rows[0].id):
            self.people.setCurrentRow(0)

    def select_person(self, young_person_id: int) -> None:
        """Preselect a young person (when the form is opened from their record)."""
        item = QListWidgetItem(
            self.services.referral_record.young_person_label(self.actor, young_person_id)
        )
        item.setData(PERSON_ROLE, young_person_id)
        self.people.clear()
        self.more_people.clear_note()
        self.people.addItem(item)
        self.people.setCurrentRow(0)

    def selected_person(self) -> int | None:
        item = self.people.currentItem()
        return int(item.data(PERSON_ROLE)) if item is not None else None

    def _load_resolutions(self) -> None:
        self.community_resolution.clear()
        self.community_resolution.addItem("None linked", None)
        person = self.selected_person()
        if person is None:
            return
        services, actor = self.services, self.actor
        record = services.referral_record
        options = with_reason(  # choosing a young person off one's own list: why?
            self, services, actor, lambda: record.community_resolutions(actor, person)
        )
        if options is None:  # no reason given: nobody is chosen
            self.people.blockSignals(True)
            self.people.setCurrentRow(-1)
            self.people.clearSelection()
            self.people.blockSignals(False)
            self.errors.show(
                {"young_person_id": "Say why you need this young person's record to choose them."}
            )
            return
        for option in options:
            self.community_resolution.addItem(option.label, option.id)
        if self.community_resolution.count() > 1:
            self.community_resolution.setCurrentIndex(1)

    # --- saving ------------------------------------------------------------------------------
    def draft(self) -> ReferralDraft:
        """The typed draft; raises ValidationError for what cannot even be read."""
        person = self.selected_person()
        problems: dict[str, str] = {}
        if person is None:
            problems["young_person_id"] = "Search for the young person and choose them in the list."
        offence_day: date | None = None
        if self.offence_date.text().strip():
            try:
                offence_day = parse_uk_date(self.offence_date.text())
            except DomainError as error:
                problems["offence_date"] = str(error)
        received_problem = self.received_at.problem()
        if received_problem is not None:
            problems["received_at"] = received_problem
        draft = self._draft_for(person if person is not None else 0, offence_day)
        if problems or person is None:
            # say everything that needs fixing at once, not only the young person
            details = referral_detail_problems(draft, self.services.ctx.now())
            raise ValidationError({**details, **problems})
        return draft

    def _draft_for(self, person: int, offence_day: date | None) -> ReferralDraft:
        return ReferralDraft(
            young_person_id=person,
            pathway=Pathway(self.pathway.currentData()),
            source=ReferralSource(self.source.currentData()),
            referrer_name=self.referrer_name.text(),
            referrer_contact=self.referrer_contact.text(),
            received_at=self.received_at.instant() or self.services.ctx.now(),
            reasons=tuple(r for r, box in self.reason_boxes.items() if box.isChecked()),
            reason_notes=self.reason_notes.text(),
            community_resolution_id=self.community_resolution.currentData(),
            offence_details=self.offence_details.toPlainText(),
            offence_date=offence_day,
            consent_young_person=self.consent_young_person.isChecked(),
            consent_parent_carer=self.consent_parent_carer.isChecked(),
            consent_to_share=self.consent_to_share.isChecked(),
        )

    def save(self) -> None:
        self.open_existing_button.hide()
        self.existing_id = None
        try:
            made = self.services.referral_record.make(self.actor, self.draft())
        except ValidationError as error:
            self.errors.show(error.problems)
            return
        except Conflict as error:
            self.errors.show_message(str(error))
            self.existing_id = error.existing_id
            self.open_existing_button.setVisible(error.existing_id is not None)
            return
        except (DomainError, ServiceError) as error:
            self.errors.show_message(str(error))
            return
        self.referral_made.emit(made.id)
        self.accept()

    def _open_existing(self) -> None:
        if self.existing_id is not None:
            self.open_existing.emit(self.existing_id)
            self.reject()
