"""What a person types to add or edit a young person, household member, and the checks on it.

Names are kept exactly as typed (only surrounding spaces are trimmed): markup,
apostrophes, accents and any script are data, not formatting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from diversion_app.domain.enums import Area, Ethnicity, Gender, Relationship
from diversion_app.domain.errors import DomainError
from diversion_app.domain.timekeeping import parse_uk_date

NAME_MAX = 100
OLDEST_RECORD_YEARS = 25
"""A date of birth more than this many years ago is a typing mistake (the scheme is for 8-17)."""

POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}$")
PNC_ID = re.compile(r"^\d{2,4}/\d{1,7}[A-Z]$")


@dataclass(frozen=True)
class AddressDraft:
    """A household's address as typed."""

    address_line1: str
    area: Area
    address_line2: str = ""
    town: str = ""
    postcode: str = ""


def address_problems(draft: AddressDraft) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not draft.address_line1.strip():
        problems["address_line1"] = (
            "Enter the first line of the address (or 'No fixed abode' if there is none)."
        )
    problem = postcode_problem(draft.postcode)
    if problem:
        problems["postcode"] = problem
    return problems


@dataclass(frozen=True)
class YoungPersonDraft:
    given_name: str
    family_name: str
    date_of_birth: str
    """As typed, the UK way (05/03/2011)."""
    gender: Gender | None
    """None until the person chooses one (there is no silent default)."""
    ethnicity: Ethnicity
    area: Area
    address_line1: str = ""
    address_line2: str = ""
    town: str = ""
    postcode: str = ""
    preferred_name: str = ""
    school_id: int | None = None
    local_person_id: str = ""
    pnc_id: str = ""
    looked_after: bool = False
    child_plan: bool = False
    send: bool = False
    edit_stamp: str = ""
    """The record's versions when the form opened (empty for a new record)."""

    @property
    def address(self) -> AddressDraft:
        return AddressDraft(
            address_line1=self.address_line1,
            area=self.area,
            address_line2=self.address_line2,
            town=self.town,
            postcode=self.postcode,
        )


def _name_problem(value: str, what: str) -> str | None:
    if not value.strip():
        return f"Enter the {what}."
    if len(value.strip()) > NAME_MAX:
        return f"The {what} is too long (at most {NAME_MAX} characters)."
    return None


def birth_date_problem(text: str, today: date) -> tuple[date | None, str | None]:
    """The date of birth read from ``text``, or a plain sentence saying what is wrong."""
    if not text.strip():
        return None, "Enter the date of birth, like 05/03/2011."
    try:
        born = parse_uk_date(text)
    except DomainError as error:
        return None, str(error)
    if born > today:
        return None, "The date of birth cannot be in the future."
    if today.year - born.year > OLDEST_RECORD_YEARS:
        return (
            None,
            f"{born:%d/%m/%Y} is more than {OLDEST_RECORD_YEARS} years ago: check the year.",
        )
    return born, None


def postcode_problem(text: str) -> str | None:
    if not text.strip():
        return None
    if not POSTCODE.match(text.strip().upper()):
        return f"'{text.strip()}' is not a UK postcode; type it like DM1 4AB."
    return None


def young_person_problems(
    draft: YoungPersonDraft, today: date, *, needs_address: bool = True
) -> tuple[date | None, dict[str, str]]:
    """The parsed date of birth and every field that cannot be saved, with what to fix."""
    problems: dict[str, str] = {}
    for field, what in (("given_name", "first name"), ("family_name", "family name")):
        problem = _name_problem(getattr(draft, field), what)
        if problem:
            problems[field] = problem
    if len(draft.preferred_name.strip()) > NAME_MAX:
        problems["preferred_name"] = f"The preferred name is too long (at most {NAME_MAX})."
    born, problem = birth_date_problem(draft.date_of_birth, today)
    if problem:
        problems["date_of_birth"] = problem
    if draft.gender is None:
        problems["gender"] = "Choose the young person's gender ('Not known' if it is not known)."
    address = address_problems(draft.address)
    if not needs_address:
        address.pop("address_line1", None)
    problems.update(address)
    if draft.pnc_id.strip() and not PNC_ID.match(draft.pnc_id.strip().upper()):
        problems["pnc_id"] = "A PNC ID looks like 26/1234567X (year, number, check letter)."
    if len(draft.local_person_id.strip()) > 30:
        problems["local_person_id"] = "The local person ID is too long (at most 30 characters)."
    return born, problems


@dataclass(frozen=True)
class MemberDraft:
    """An adult (or other member) of a household."""

    given_name: str
    family_name: str
    relationship: Relationship
    parental_responsibility: bool = False
    phone: str = ""
    email: str = ""
    language: str = ""
    interpreter_needed: bool = False
    notes: str = ""
    edit_stamp: str = ""
    """The member's version when the form opened (empty for a new member)."""


_PHONE = re.compile(r"^\+?[\d\s()\-]{7,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def member_problems(draft: MemberDraft) -> dict[str, str]:
    problems: dict[str, str] = {}
    for field, what in (("given_name", "first name"), ("family_name", "family name")):
        problem = _name_problem(getattr(draft, field), what)
        if problem:
            problems[field] = problem
    if draft.phone.strip() and not _PHONE.match(draft.phone.strip()):
        problems["phone"] = "Type the phone number in digits, like 07700 900123."
    if draft.email.strip() and not _EMAIL.match(draft.email.strip()):
        problems["email"] = "That is not an email address; type it like name@example.org."
    if draft.interpreter_needed and not draft.language.strip():
        problems["language"] = "Say which language the interpreter is needed for."
    return problems
