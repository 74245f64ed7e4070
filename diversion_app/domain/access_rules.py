"""Need to know: the reasons a person may give for opening a record that is not theirs, and
the recipient and purpose every print or export must state (DPA 2018 section 62).

Plain rules over plain values; the services record them in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass

from diversion_app.domain.enums import LabelledEnum
from diversion_app.domain.errors import ValidationError

NOTE_MAX = 500
RECIPIENT_MAX = 120


class AccessReason(LabelledEnum):
    """Why someone opens a young person who is not on their own caseload, area or school list."""

    COVERING = "covering"
    DUTY = "duty"
    SAFEGUARDING = "safeguarding"
    SUPERVISION = "supervision"
    PARTNER_REQUEST = "partner_request"
    NEW_INFORMATION = "new_information"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _REASON_LABELS[self]


_REASON_LABELS = {
    AccessReason.COVERING: "Covering for a colleague who holds the case",
    AccessReason.DUTY: "On duty: a new contact or incident about this young person",
    AccessReason.SAFEGUARDING: "Safeguarding concern",
    AccessReason.SUPERVISION: "Supervision or quality check",
    AccessReason.PARTNER_REQUEST: "Request from a partner agency",
    AccessReason.NEW_INFORMATION: "Checking before a referral or Community Resolution",
    AccessReason.OTHER: "Other (say why below)",
}


@dataclass(frozen=True)
class Justification:
    reason: AccessReason
    note: str = ""

    def words(self) -> str:
        return f"{self.reason.label}: {self.note}" if self.note else self.reason.label


def justification(reason: AccessReason | None, note: str = "") -> Justification:
    """A reason checked for use; ``ValidationError`` says what to fix."""
    note = " ".join((note or "").split())
    problems: dict[str, str] = {}
    if reason is None:
        problems["reason"] = "Choose why you need to open this record."
    elif reason is AccessReason.OTHER and len(note) < 5:
        problems["note"] = "Say in a few words why you need to open this record."
    if len(note) > NOTE_MAX:
        problems["note"] = f"Keep the note to {NOTE_MAX} characters or fewer."
    if problems:
        raise ValidationError(problems)
    assert reason is not None
    return Justification(reason, note)


class DisclosurePurpose(LabelledEnum):
    """What a print or export is for."""

    PANEL = "panel"
    SUPERVISION = "supervision"
    PARTNER_AGENCY = "partner_agency"
    SCHOOL = "school"
    COURT_OR_POLICE = "court_or_police"
    SUBJECT_ACCESS = "subject_access"
    PERFORMANCE = "performance"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _PURPOSE_LABELS[self]


_PURPOSE_LABELS = {
    DisclosurePurpose.PANEL: "Panel or case meeting",
    DisclosurePurpose.SUPERVISION: "Supervision or case management",
    DisclosurePurpose.PARTNER_AGENCY: "Sharing with a partner agency",
    DisclosurePurpose.SCHOOL: "Sharing with a school (DSL)",
    DisclosurePurpose.COURT_OR_POLICE: "Court or police investigation",
    DisclosurePurpose.SUBJECT_ACCESS: "Subject access request",
    DisclosurePurpose.PERFORMANCE: "Performance monitoring",
    DisclosurePurpose.OTHER: "Other (say what below)",
}


@dataclass(frozen=True)
class Recipient:
    """Who a print or export is for, and why: recorded with the disclosure."""

    recipient: str
    purpose: DisclosurePurpose
    note: str = ""

    def audit_details(self) -> dict[str, str]:
        details = {"recipient": self.recipient, "purpose": self.purpose.label}
        if self.note:
            details["purpose_note"] = self.note
        return details

    def words(self) -> str:
        purpose = self.note if self.purpose is DisclosurePurpose.OTHER else self.purpose.label
        return f"For {self.recipient} ({purpose})"


def recipient(who: str, purpose: DisclosurePurpose | None, note: str = "") -> Recipient:
    """A recipient checked for use; ``ValidationError`` says what to fix."""
    who = " ".join((who or "").split())
    note = " ".join((note or "").split())
    problems: dict[str, str] = {}
    if len(who) < 2:
        problems["recipient"] = (
            'Say who this is for (for example "panel of 12/01" or "school DSL").'
        )
    elif len(who) > RECIPIENT_MAX:
        problems["recipient"] = f"Keep the recipient to {RECIPIENT_MAX} characters or fewer."
    if purpose is None:
        problems["purpose"] = "Choose what this is for."
    elif purpose is DisclosurePurpose.OTHER and len(note) < 3:
        problems["note"] = "Say in a few words what this is for."
    if len(note) > NOTE_MAX:
        problems["note"] = f"Keep the note to {NOTE_MAX} characters or fewer."
    if problems:
        raise ValidationError(problems)
    assert purpose is not None
    return Recipient(who, purpose, note)


OPENED_WORDS = {
    "young_person": "Opened the record",
    "young_person_form": "Opened the edit form",
    "household_member": "Opened a household member's details",
    "referral": "Opened a referral",
    "assessment_form": "Opened the whole-family assessment",
    "programme_form": "Opened the personal programme",
    "closure_form": "Opened the closure form",
    "visit": "Opened a visit",
    "visit_form": "Opened the visit form",
    "school_referral": "Opened a school referral",
    "restorative_justice": "Opened restorative justice in school",
    "subject_access": "Opened the subject access request",
}
"""What a "viewed" event's entity means, in words for the record's access log."""


def opened_words(entity: str) -> str:
    return OPENED_WORDS.get(entity, "Opened " + entity.replace("_", " "))
