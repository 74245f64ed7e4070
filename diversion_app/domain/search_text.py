"""What a Young people search is matched against, read from the text typed.

A date of birth (28/11/2011) is matched as a date alone. Otherwise a text may be a name
(it has no digits), a police or local identifier (letters, digits, ``/`` and ``-``, with
a digit), or the start of a postcode, and is matched against each it could be.
"""

from __future__ import annotations

import re

from diversion_app.domain.names import normalise_name

_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")
_POSTCODE = re.compile(r"^[A-Za-z]{1,2}\d[A-Za-z\d]?\s*(\d[A-Za-z]{0,2})?$")
_IDENTIFIER = re.compile(r"^(?=.*\d)[A-Za-z0-9/\-]{3,}$")

DATE, NAME, IDENTIFIER, POSTCODE = "date", "name", "identifier", "postcode"


def search_kinds(text: str) -> frozenset[str]:
    """The kinds of thing ``text`` is matched against (none: it can match nobody)."""
    text = text.strip()
    if _DATE.match(text):
        return frozenset({DATE})
    kinds = set()
    if normalise_name(text).split() and not any(char.isdigit() for char in text):
        kinds.add(NAME)  # names have no digits
    if _IDENTIFIER.match(text):
        kinds.add(IDENTIFIER)
    if _POSTCODE.match(text):
        kinds.add(POSTCODE)
    return frozenset(kinds)


def narrows(longer: str, shorter: str) -> bool:
    """``longer`` is matched against nothing ``shorter`` was not (typing "LP0" after "LP"
    turns a name search into an identifier one: not a narrowing of it)."""
    return search_kinds(longer) <= search_kinds(shorter)
