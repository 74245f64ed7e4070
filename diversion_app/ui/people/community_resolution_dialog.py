"""Record a Community Resolution; if the child has come to notice again, offer the referral.

After a save the form turns into a short confirmation. When there are earlier CRs it
says how many and when, and "Start a diversion referral" opens the referral form
with the young person, the offence and the officer already filled in.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.community_resolution_rules import CommunityResolutionDraft
from diversion_app.domain.enums import (
    OffenceCategory,
    Pathway,
    ReferralReason,
    ReferralSource,
    RestorativeAction,
    VictimType,
)
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.timekeeping import format_date
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import NotFound, PermissionDenied
from diversion_app.services.people.community_resolutions import RecordedResolution
from diversion_app.services.registry import Services
from diversion_app.ui.people.victim_rj_fields import VictimRjFields
from diversion_app.ui.referrals.referral_form import ReferralForm
from diversion_app.ui.referrals.referral_prefill import ReferralPrefill, prefilled_referral_form
from diversion_app.ui.widgets.form_scaffold import FormRows, enum_combo, plain_label
from diversion_app.ui.widgets.uk_date import UkDateEdit


class CommunityResolutionDialog(QDialog):
    recorded = Signal(int)
    referral_made = Signal(int)
    records_opening = True
    """The form shows the young person: its opening is one "viewed" event (and raises
    ``JustificationNeeded`` if a reason is needed)."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        young_person_id: int,
        young_person_name: str,
        parent: QWidget | None = None,
    ) -> None:
        if type(self).records_opening:  # before the window exists: a refusal leaves none
            services.community_resolutions.open_form(actor, young_person_id)
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.young_person_id = young_person_id
        self.young_person_name = young_person_name
        self.result_resolution: RecordedResolution | None = None
        self.referral_dialog: ReferralForm | None = None
        self.setWindowTitle(f"Community Resolution: {young_person_name}")
        self.resize(640, 720)
        reference_format = services.community_resolutions.reference_format(actor)
        self.form = FormRows()
        self.form.add("young_person", "Young person:", plain_label(young_person_name))
        self.crime_reference = QLineEdit()
        self.crime_reference.setPlaceholderText(reference_format.example)
        self.crime_reference.setToolTip(
            f"The force's format: {reference_format.description}, like {reference_format.example}"
        )
        self.form.add("crime_reference", "C&rime reference:", self.crime_reference)
        self.offence_date = UkDateEdit("Offence date")
        self.form.add("offence_date", "Offence &date:", self.offence_date)
        self.offence_category = enum_combo(
            OffenceCategory, "Offence category", blank="Choose a category"
        )
        self.form.add("offence_category", "Offence &category:", self.offence_category)
        self.offence_description = QPlainTextEdit()
        self.offence_description.setFixedHeight(64)
        self.form.add("offence_description", "Offence d&escription:", self.offence_description)
        self.location = QLineEdit()
        self.form.add("location", "&Location:", self.location)
        officer, collar = services.community_resolutions.officer_defaults(actor)
        self.officer_name = QLineEdit(officer)
        self.form.add("officer_name", "&Officer:", self.officer_name)
        self.collar_number = QLineEdit(collar)
        self.form.add("collar_number", "Collar &number:", self.collar_number)
        self.accepted_responsibility = QCheckBox("The young person accepted responsibility")
        self.form.add("accepted_responsibility", "Responsibility:", self.accepted_responsibility)
        self.appropriate_adult_present = QCheckBox("An appropriate adult was present")
        self.form.add(
            "appropriate_adult_present", "Appropriate adult:", self.appropriate_adult_present
        )
        self.victim_type = enum_combo(VictimType, "Victim", blank="Choose the victim")
        self.form.add("victim_type", "&Victim:", self.victim_type)
        self.victim_consulted = QCheckBox("The victim was consulted")
        self.form.add("victim_consulted", "Victim consulted:", self.victim_consulted)
        self.victim_views = QPlainTextEdit()
        self.victim_views.setFixedHeight(56)
        self.form.add("victim_views", "Victim's vie&ws:", self.victim_views)
        self.victim_rj = VictimRjFields()
        self.form.add("victim_rj", "Victim and RJ:", self.victim_rj)
        actions = QWidget()
        grid = QGridLayout(actions)
        grid.setContentsMargins(0, 0, 0, 0)
        self.action_boxes: dict[RestorativeAction, QCheckBox] = {}
        for index, action in enumerate(RestorativeAction):
            box = QCheckBox(action.label)
            box.setAccessibleName(f"Restorative action: {action.label}")
            grid.addWidget(box, index // 2, index % 2)
            self.action_boxes[action] = box
        self.form.add("restorative_actions", "Restorative action:", actions)
        self.gravity_score = QSpinBox()
        self.gravity_score.setRange(0, 5)
        self.gravity_score.setValue(2)
        self.gravity_score.setToolTip("NPCC child gravity matrix: 2 is the usual CR score")
        self.form.add("gravity_score", "&Gravity score:", self.gravity_score)
        self.authorised_by = QLineEdit()
        self.form.add("authorised_by", "&Authorised by:", self.authorised_by)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save Community Resolution")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.saved_panel = self._build_saved_panel()
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.saved_panel)
        layout.addWidget(self.buttons)
        self.form_area = scroll

    def _build_saved_panel(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        self.saved_label = plain_label()
        self.saved_label.setAccessibleName("Community Resolution saved")
        column.addWidget(self.saved_label)
        self.notice_label = plain_label()
        self.notice_label.setAccessibleName("Comes to notice again")
        self.notice_label.setStyleSheet(
            "background: #fff3cd; color: #5c3c00; padding: 8px; border-radius: 4px;"
        )
        column.addWidget(self.notice_label)
        row = QHBoxLayout()
        self.offer_referral_button = QPushButton("Start a diversion &referral to the YOS")
        self.offer_referral_button.setAccessibleName("Start a diversion referral")
        self.offer_referral_button.clicked.connect(self.start_referral)
        self.close_button = QPushButton("&Close")
        self.close_button.setAccessibleName("Close")
        self.close_button.clicked.connect(self.accept)
        row.addWidget(self.offer_referral_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        column.addLayout(row)
        panel.hide()
        return panel

    def draft(self) -> CommunityResolutionDraft:
        return CommunityResolutionDraft(
            young_person_id=self.young_person_id,
            crime_reference=self.crime_reference.text(),
            offence_date=self.offence_date.text(),
            offence_category=self.offence_category.value(),
            offence_description=self.offence_description.toPlainText(),
            location=self.location.text(),
            officer_name=self.officer_name.text(),
            collar_number=self.collar_number.text(),
            accepted_responsibility=self.accepted_responsibility.isChecked(),
            appropriate_adult_present=self.appropriate_adult_present.isChecked(),
            victim_type=self.victim_type.value(),
            victim_consulted=self.victim_consulted.isChecked(),
            victim_views=self.victim_views.toPlainText(),
            victim_rj=self.victim_rj.value(),
            restorative_actions=tuple(a for a, box in self.action_boxes.items() if box.isChecked()),
            gravity_score=self.gravity_score.value(),
            authorised_by=self.authorised_by.text(),
        )

    def save(self) -> None:
        try:
            recorded = self.services.community_resolutions.record(self.actor, self.draft())
        except ValidationError as error:
            self.form.show_problems(error.problems)
            return
        except (PermissionDenied, NotFound) as error:
            self.form.show_message(str(error))
            return
        self.result_resolution = recorded
        self.recorded.emit(recorded.id)
        self._show_saved(recorded)

    def _show_saved(self, recorded: RecordedResolution) -> None:
        self.form_area.hide()
        self.buttons.hide()
        self.saved_label.setText(
            f"Community Resolution {recorded.crime_reference} recorded for "
            f"{recorded.young_person_name} (offence on {format_date(recorded.offence_date)})."
        )
        offer = recorded.came_to_notice_again
        self.notice_label.setVisible(offer)
        self.offer_referral_button.setVisible(offer)
        if offer:
            text = recorded.notice_text + " Consider a diversion referral to the YOS."
            if recorded.open_diversion_referral_id is not None:
                text += (
                    f" There is already an open diversion referral "
                    f"(number {recorded.open_diversion_referral_id}): add to that one."
                )
                self.offer_referral_button.setVisible(False)
            self.notice_label.setText(text)
            self.offer_referral_button.setDefault(True)
            self.offer_referral_button.setFocus()
        else:
            self.close_button.setDefault(True)
        self.saved_panel.show()
        self.resize(self.width(), self.saved_panel.sizeHint().height() + 24)

    def referral_prefill(self) -> ReferralPrefill:
        recorded = self.result_resolution
        assert recorded is not None
        return ReferralPrefill(
            young_person_id=recorded.young_person_id,
            pathway=Pathway.DIVERSION,
            source=ReferralSource.POLICE,
            referrer_name=f"{recorded.officer_name} ({recorded.collar_number})",
            reasons=(ReferralReason.OFFENCE,),
            community_resolution_id=recorded.id,
            offence_details=recorded.offence_summary,
            offence_date=recorded.offence_date,
        )

    def start_referral(self) -> None:
        """Open the referral form pre-filled (young person, offence, officer); close this."""
        form = prefilled_referral_form(
            self.services, self.actor, self.referral_prefill(), self.parentWidget()
        )
        form.referral_made.connect(self.referral_made.emit)
        self.referral_dialog = form
        self.accept()
        form.open()
