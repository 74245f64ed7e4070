"""Rules for school liaison: school terms, what a school record needs, who took part in RJ.

School terms are our choice, close to English maintained schools: the school year starts
on 1 September; the autumn term runs to 31 December, the spring term from 1 January to
Easter Sunday, the summer term from Easter Monday to 31 August.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from diversion_app.domain.enums import Area, RjPart, SchoolAction, SchoolType

NAME_LIMIT = 200

REFERRAL_ACTIONS = frozenset({SchoolAction.REFER_DIVERSION, SchoolAction.REFER_PREVENTION})
"""The actions that make a referral to the YOS."""


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def school_year_start(today: date) -> date:
    """1 September of the current school year."""
    year = today.year if today.month >= 9 else today.year - 1
    return date(year, 9, 1)


def term_start(today: date) -> date:
    """The first day of the term ``today`` falls in (autumn, spring or summer)."""
    if today.month >= 9:
        return date(today.year, 9, 1)
    summer = easter_sunday(today.year) + timedelta(days=1)
    return summer if today >= summer else date(today.year, 1, 1)


def term_name(today: date) -> str:
    if today.month >= 9:
        return "autumn term"
    return "summer term" if today > easter_sunday(today.year) else "spring term"


@dataclass(frozen=True)
class SchoolDraft:
    """What an administrator types for a school (validated by ``school_problems``)."""

    name: str
    area: Area | None
    school_type: SchoolType | None
    address: str = ""
    postcode: str = ""
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    key_staff: str = ""


def school_problems(draft: SchoolDraft) -> dict[str, str]:
    """Every field of a school that cannot be saved, with a plain sentence saying what to fix."""
    problems: dict[str, str] = {}
    name = draft.name.strip()
    if not name:
        problems["name"] = "Enter the school's name."
    elif len(name) > NAME_LIMIT:
        problems["name"] = f"Shorten the school's name to {NAME_LIMIT} characters or fewer."
    if draft.area is None:
        problems["area"] = (
            "Choose the school's area (South, East or West); the area decides its SPOC."
        )
    if draft.school_type is None:
        problems["school_type"] = "Choose the type of school."
    email = draft.email.strip()
    if email and ("@" not in email or email.startswith("@") or email.endswith("@")):
        problems["email"] = "Enter the school's email address in full, like office@school.org.uk."
    return problems


@dataclass(frozen=True)
class RjParticipantDraft:
    young_person_id: int
    part: RjPart


def participant_problems(
    participants: Iterable[RjParticipantDraft], names: dict[int, str] | None = None
) -> dict[str, str]:
    """Who took part in restorative justice: at least two entries, each pupil once.

    A pupil who both harmed and was harmed is one entry with the part "both", never two.
    """
    entries = list(participants)
    names = names or {}
    seen: dict[int, RjPart] = {}
    for entry in entries:
        earlier = seen.get(entry.young_person_id)
        if earlier is not None:
            who = names.get(entry.young_person_id, "The same pupil")
            if {earlier, entry.part} == {RjPart.HARMER, RjPart.HARMED}:
                return {
                    "participants": (
                        f"{who} is listed as both harmer and harmed. Keep one entry "
                        "and choose the part 'Both' instead."
                    )
                }
            return {"participants": f"{who} is listed twice; keep one entry for each pupil."}
        seen[entry.young_person_id] = entry.part
    if len(entries) < 2:
        return {
            "participants": "Add the pupils who took part: restorative justice needs at least two."
        }
    if not any(part in (RjPart.HARMED, RjPart.BOTH) for part in seen.values()):
        return {"participants": "Say which pupil was harmed (the part 'Harmed' or 'Both')."}
    if not any(part in (RjPart.HARMER, RjPart.BOTH) for part in seen.values()):
        return {"participants": "Say which pupil caused the harm (the part 'Harmer' or 'Both')."}
    return {}
