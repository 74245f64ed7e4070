"""Plain words for what an audit event carries: "Signed in with a password", not "how: sign in".

The audit trail stores each event's changes as JSON keyed by field names (``caseworker_id``,
``young_people``) with stored values (``True``, ``"2026-11-28T09:00:00+00:00"``). This module
turns one key and value into words for the Audit trail page and its CSV export.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from diversion_app.domain.timekeeping import format_date, format_datetime

# Whole phrases for a key and value that read better as one sentence.
PHRASES: dict[tuple[str, Any], str] = {
    ("how", "sign in"): "Signed in with a password",
    ("how", "unlock"): "Unlocked the screen with a password",
}

FIELD_WORDS: dict[str, str] = {
    "how": "How",
    "what": "What",
    "young_people": "Young people created",
    "locked_until": "Locked until",
    "idle_lock_minutes": "Screen lock after (minutes)",
    "crime_reference.pattern": "Crime reference format",
    "clock_reason": "48-hour clock reason",
    "caseworker_id": "Caseworker (user no.)",
    "spoc_user_id": "SPOC (user no.)",
    "user_id": "User no.",
    "created_by_id": "Created by (user no.)",
    "recorded_by_id": "Recorded by (user no.)",
    "household_id": "Household no.",
    "referral_id": "Referral no.",
    "visit_id": "Visit no.",
    "visit_ids": "Visit nos.",
    "school_id": "School no.",
    "assessment_id": "Assessment no.",
    "community_resolution_id": "Community Resolution no.",
    "young_person_id": "Young person record no.",
    "seen_carer_ids": "Carers seen (member nos.)",
    "saw_young_person": "Saw the young person",
    "with_young_person": "With the young person",
    "with_carer": "With a parent or carer",
    "as_of": "As of",
    "uid": "Calendar entry",
    "active": "Active",
    "open": "Open",
}

_SNAKE_WORD = re.compile(r"^[a-z]+(?:_[a-z0-9]+)+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def field_words(key: str) -> str:
    """The field's name in words: ``young_people`` -> "Young people created"."""
    if key in FIELD_WORDS:
        return FIELD_WORDS[key]
    words = key.replace(".", " ").replace("_", " ").strip()
    if words.endswith(" ids"):
        words = words[: -len(" ids")] + " nos."
    elif words.endswith(" id"):
        words = words[: -len(" id")] + " no."
    return words[:1].upper() + words[1:]


def value_words(value: Any, *, key: str = "") -> str:
    """A stored value in words: yes/no, UK dates and times, spaced words, 2,000."""
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        identifier = key.endswith("_id") or key.endswith("_ids") or key == "uid"
        return str(value) if identifier else f"{value:,}"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, list):
        return ", ".join(value_words(item, key=key) for item in value)
    if isinstance(value, dict):
        return "; ".join(item_words(k, v) for k, v in value.items())
    text = str(value)
    if _ISO_INSTANT.match(text):
        try:
            return format_datetime(datetime.fromisoformat(text))
        except ValueError:
            return text
    if _ISO_DATE.match(text):
        try:
            return format_date(date.fromisoformat(text))
        except ValueError:
            return text
    if _SNAKE_WORD.match(text):
        return text.replace("_", " ")
    return text


def item_words(key: str, value: Any) -> str:
    """One change in words: "Status: received → allocated", "Active: yes"."""
    phrase = PHRASES.get((key, value)) if isinstance(value, str | int | bool) else None
    if phrase is not None:
        return phrase
    if isinstance(value, list) and len(value) == 2 and _is_pair(key, value):
        old, new = (value_words(v, key=key) for v in value)
        return f"{field_words(key)}: {old} → {new}"
    return f"{field_words(key)}: {value_words(value, key=key)}"


# Keys whose value is itself a list (not an [old, new] pair).
_PLAIN_LISTS = frozenset({"visit_ids", "seen_carer_ids"})


def _is_pair(key: str, value: list[Any]) -> bool:
    """[old, new] as audit.diff stores it (a plain list of two ids is not a change)."""
    if key not in _PLAIN_LISTS:
        return True
    return all(item is None or isinstance(item, list) for item in value)


def changes_words(changes: dict[str, Any]) -> str:
    """Every change of one event in words, separated by semicolons."""
    return "; ".join(item_words(key, value) for key, value in changes.items())


ENTITY_WORDS: dict[str, str] = {
    "community_resolution": "Community Resolution",
    "audit_trail": "Audit trail",
    "visit_calendar": "Visit calendar",
    "demo_data": "Demo data",
}


def record_words(entity: str, entity_id: int | None) -> str:
    """The record an event is about: ``school_referral`` 87 -> "School referral 87"."""
    words = ENTITY_WORDS.get(entity) or field_words(entity)
    return f"{words} {entity_id}" if entity_id else words
