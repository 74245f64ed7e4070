"""A referral to the YOS for one young person, optionally pre-filled (reusable by any screen).

Saving goes through ``referral_core.make_referral``, which starts the 48-hour clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.enums import Pathway, ReferralReason, ReferralSource
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.referral_rules import ReferralDraft
from diversion_app.domain.timekeeping import (
    format_date,
    format_datetime,
    london_to_utc,
    parse_uk_date,
    to_london,
)
from diversion_app.services.actor import Actor
from diversion_app.services.errors import Conflict, NotFound, PermissionDenied
from diversion_app.services.referral_core import MadeReferral, make_referral
from diversion_app.services.registry import Services
from diversion_app.ui.widgets.form import FormRows, enum_combo, enum_data, plain_label, select_data
from diversion_app.ui.widgets.form import required_choice as _required


@dataclass(frozen=True)
class ReferralPrefill:
    """What the screen opening the form already knows."""

    young_person_id: int
    young_person_name: str
    pathway: Pathway = Pathway.DIVERSION
    source: ReferralSource = ReferralSource.POLICE
    referrer_name: str = ""
    referrer_contact: str = ""
    reasons: tuple[ReferralReason, ...] = field(default_factory=tuple)
    community_resolution_id: int | None = None
    offence_details: str = ""


_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


class ReferralDialog(QDialog):
    made = Signal(int)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        prefill: ReferralPrefill,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.prefill = prefill
        self.result_referral: MadeReferral | None = None
        self.setWindowTitle(f"Referral to the YOS: {prefill.young_person_name}")
        self.resize(600, 700)
        self.form = FormRows()
        self.form.add("young_person", "Young person:", plain_label(prefill.young_person_name))
        self.pathway = enum_combo(Pathway, "Pathway")
        self.form.add("pathway", "&Pathway:", self.pathway)
        self.source = enum_combo(ReferralSource, "Source")
        self.form.add("source", "&Source:", self.source)
        self.referrer_name = QLineEdit()
        self.form.add("referrer_name", "&Referrer name:", self.referrer_name)
        self.referrer_contact = QLineEdit()
        self.form.add("referrer_contact", "Referrer &contact:", self.referrer_contact)
        reasons = QWidget()
        grid = QGridLayout(reasons)
        grid.setContentsMargins(0, 0, 0, 0)
        self.reason_boxes: dict[ReferralReason, QCheckBox] = {}
        for index, reason in enumerate(ReferralReason):
            box = QCheckBox(reason.label)
            box.setAccessibleName(f"Reason: {reason.label}")
            grid.addWidget(box, index // 2, index % 2)
            self.reason_boxes[reason] = box
        self.form.add("reasons", "Reasons:", reasons)
        self.reason_notes = QLineEdit()
        self.form.add("reason_notes", "Reason &notes:", self.reason_notes)
        self.resolution = QComboBox()
        self.resolution.addItem("None", None)
        for earlier in services.community_resolutions.earlier_for(actor, prefill.young_person_id):
            self.resolution.addItem(
                f"{earlier.crime_reference}: {earlier.offence_category.label}, "
                f"{format_date(earlier.offence_date)}",
                earlier.id,
            )
        self.form.add("community_resolution_id", "Linked &CR:", self.resolution)
        self.offence_details = QPlainTextEdit()
        self.offence_details.setFixedHeight(72)
        self.form.add("offence_details", "&Offence details:", self.offence_details)
        now = to_london(services.ctx.now())
        self.received_date = QLineEdit(now.strftime("%d/%m/%Y"))
        self.form.add("received_at", "Received &on:", self.received_date)
        self.received_time = QLineEdit(now.strftime("%H:%M"))
        self.form.add("received_time", "Received at (&time):", self.received_time)
        self.consent_young_person = QCheckBox("The young person consents")
        self.consent_parent_carer = QCheckBox("A parent or carer consents")
        self.consent_to_share = QCheckBox("Consent to share information")
        consents = QWidget()
        column = QVBoxLayout(consents)
        column.setContentsMargins(0, 0, 0, 0)
        for box in (self.consent_young_person, self.consent_parent_carer, self.consent_to_share):
            box.setAccessibleName(box.text())
            column.addWidget(box)
        self.form.add("consent", "Consent:", consents)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Make referral")
        self.save_button.setAccessibleName("Make referral")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(buttons)
        self._fill(prefill)

    def _fill(self, prefill: ReferralPrefill) -> None:
        select_data(self.pathway, prefill.pathway)
        select_data(self.source, prefill.source)
        self.referrer_name.setText(prefill.referrer_name)
        self.referrer_contact.setText(prefill.referrer_contact)
        for reason in prefill.reasons:
            self.reason_boxes[reason].setChecked(True)
        select_data(self.resolution, prefill.community_resolution_id)
        self.offence_details.setPlainText(prefill.offence_details)

    def _received_at(self) -> datetime:
        day = parse_uk_date(self.received_date.text())
        match = _TIME.match(self.received_time.text())
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise ValidationError({"received_time": "Type the time as 24-hour HH:MM, like 14:05."})
        local = datetime.combine(day, time(int(match.group(1)), int(match.group(2))))
        return london_to_utc(local)

    def draft(self) -> ReferralDraft:
        try:
            received = self._received_at()
        except ValidationError:
            raise
        except DomainError as error:
            raise ValidationError({"received_at": str(error)}) from None
        return ReferralDraft(
            young_person_id=self.prefill.young_person_id,
            pathway=_required(enum_data(self.pathway, Pathway)),
            source=_required(enum_data(self.source, ReferralSource)),
            referrer_name=self.referrer_name.text(),
            referrer_contact=self.referrer_contact.text(),
            received_at=received,
            reasons=tuple(r for r, box in self.reason_boxes.items() if box.isChecked()),
            reason_notes=self.reason_notes.text(),
            community_resolution_id=self.resolution.currentData(),
            offence_details=self.offence_details.toPlainText(),
            consent_young_person=self.consent_young_person.isChecked(),
            consent_parent_carer=self.consent_parent_carer.isChecked(),
            consent_to_share=self.consent_to_share.isChecked(),
        )

    def save(self) -> None:
        try:
            made = make_referral(self.services.ctx, self.actor, self.draft())
        except ValidationError as error:
            self.form.show_problems(error.problems)
            return
        except (Conflict, PermissionDenied, NotFound, DomainError) as error:
            self.form.show_message(str(error))
            return
        self.result_referral = made
        self.made.emit(made.id)
        self.accept()

    def due_text(self) -> str:
        return format_datetime(self.result_referral.due_at) if self.result_referral else ""
