"""Subject access (DPA 2018 section 45; UK GDPR article 15): the reply's deadline, who the
requester may be, whose names the pack may show, and the information the reply must give.

Plain rules; the service gathers the records and the report draws them.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from diversion_app.domain.enums import LabelledEnum, Relationship
from diversion_app.domain.errors import ValidationError

WITHHELD = "[name withheld]"
PARENT_OR_CARER = frozenset(
    {Relationship.MOTHER, Relationship.FATHER, Relationship.STEP_PARENT, Relationship.CARER}
)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (the month's last day if it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reply_due(received_on: date) -> date:
    """One calendar month from the day the request was received (ICO: 3 January -> 3
    February; 31 January -> 28 or 29 February)."""
    return add_months(received_on, 1)


def extended_due(received_on: date) -> date:
    """The latest the reply may be sent when extended by two further months."""
    return add_months(received_on, 3)


class RequestStatus(LabelledEnum):
    OPEN = "open"
    SENT = "sent"
    WITHDRAWN = "withdrawn"


class Requester(LabelledEnum):
    YOUNG_PERSON = "young_person"
    PARENT_CARER = "parent_carer"
    REPRESENTATIVE = "representative"

    @property
    def label(self) -> str:
        return {
            Requester.YOUNG_PERSON: "The young person",
            Requester.PARENT_CARER: "Their parent or carer",
            Requester.REPRESENTATIVE: "Someone acting for them (solicitor, advocate)",
        }[self]


@dataclass(frozen=True)
class RequestDraft:
    young_person_id: int
    requester: Requester | None
    requester_name: str
    received_on: date | None
    parent_member_id: int | None = None
    """The household member making the request, when it is a parent or carer."""
    notes: str = ""


def check_request(draft: RequestDraft, today: date) -> None:
    """``ValidationError`` naming each thing to fix."""
    problems: dict[str, str] = {}
    if draft.requester is None:
        problems["requester"] = "Choose who is asking."
    if draft.requester is Requester.PARENT_CARER and draft.parent_member_id is None:
        problems["parent_member_id"] = "Choose which parent or carer is asking."
    name = " ".join(draft.requester_name.split())
    if draft.requester is Requester.REPRESENTATIVE and not 2 <= len(name) <= 120:
        problems["requester_name"] = "Give the requester's name (2 to 120 characters)."
    if draft.received_on is None:
        problems["received_on"] = "Give the date the request was received."
    elif draft.received_on > today:
        problems["received_on"] = "The date received cannot be in the future."
    if len(draft.notes) > 1000:
        problems["notes"] = "Keep the notes to 1,000 characters or fewer."
    if problems:
        raise ValidationError(problems)


def may_be_named(relationship: Relationship) -> bool:
    """Whether a household member's name appears in the young person's pack: their own
    parents and carers only; siblings and other adults are third parties."""
    return relationship in PARENT_OR_CARER


def redact(text: str, names: set[str]) -> str:
    """``text`` with every whole-word mention of a third party's names withheld."""
    words = sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=len, reverse=True)
    if not text or not words:
        return text
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    return pattern.sub(WITHHELD, text)


SECTION_45_INFORMATION: tuple[tuple[str, str], ...] = (
    (
        "Why we hold this information",
        "To prevent offending and re-offending by children through the youth diversion "
        "scheme run by the police and the Youth Offending Service: assessing a young person "
        "and their family, agreeing a personal programme, and following up afterwards.",
    ),
    (
        "Our legal basis",
        "Law enforcement processing under Part 3 of the Data Protection Act 2018 "
        "(the prevention of offending) for the police; for the Youth Offending Service, a "
        "public task under UK GDPR article 6(1)(e) and the Crime and Disorder Act 1998 "
        "section 39, with special category and criminal offence data processed under "
        "Schedule 1 of the Data Protection Act 2018 for statutory and government purposes "
        "and safeguarding of children.",
    ),
    (
        "What kinds of information",
        "Identity and contact details; family and household; school; police outcomes "
        "(Community Resolutions); referrals and the reasons for them; contacts and visits; "
        "the whole-family assessment (including health, wellbeing and safeguarding "
        "concerns); the personal programme; closure and follow-up; school work and "
        "restorative justice; and a record of who saw or received this information.",
    ),
    (
        "Who receives it",
        "The police and the Youth Offending Service working on the scheme; where needed, "
        "children's social care, schools, health services and the courts. Every copy "
        "printed or sent is listed in the disclosures section of this pack.",
    ),
    (
        "How long we keep it",
        "Out-of-court and diversion work: three years after the last action or until the "
        "young person turns 18, whichever is later; the service reviews records before "
        "they are destroyed and records the decision.",
    ),
    (
        "Your rights",
        "You may ask us to correct information that is wrong or incomplete, to erase or "
        "restrict it where the law allows, and to have this reply explained. Some "
        "information may be withheld where sharing it would harm an investigation or "
        "another person; other people's names have been withheld in this pack.",
    ),
    (
        "How to complain",
        "If you are unhappy with how we have handled your information, contact our Data "
        "Protection Officer first. You may also complain to the Information Commissioner's "
        "Office: ico.org.uk/make-a-complaint, telephone 0303 123 1113, Wycliffe House, "
        "Water Lane, Wilmslow, Cheshire SK9 5AF.",
    ),
    (
        "Where the information came from",
        "From the young person and their family; from the police officer, School Liaison "
        "SPOC, school or other service that made a referral; and from the caseworkers who "
        "worked with the young person. The source of each referral is shown with it.",
    ),
)
