"""What typed text may contain: a maximum length per field, and no control characters.

A name or any other single-line field may not hold control characters: NUL, ESC, BEL and
the like, line breaks, or the invisible marks that reverse the direction of text
(U+202E and friends), which make a name read differently on screen, in a CSV or in a
calendar. Notes and other multi-line fields may hold line breaks and tabs, nothing else.
The same rule runs before anything is written, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import re
import unicodedata

TEXT_MAX_LENGTH = 20_000
"""The longest note or other multi-line text (about ten pages)."""

USERNAME_MAX_LENGTH = 64
"""The longest username (the schema's ``users.username``; the sign-in stops typing there)."""

_DIRECTION_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SEPARATORS = "\u2028\u2029\ufeff"
_SINGLE_LINE_FORBIDDEN = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_DIRECTION_MARKS}{_SEPARATORS}]")
_MULTI_LINE_FORBIDDEN = re.compile(
    f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{_DIRECTION_MARKS}{_SEPARATORS}]"
)


def forbidden_character(text: str, *, multi_line: bool = False) -> str | None:
    """The first character ``text`` may not hold, or None."""
    pattern = _MULTI_LINE_FORBIDDEN if multi_line else _SINGLE_LINE_FORBIDDEN
    found = pattern.search(text)
    return found.group() if found else None


def describe_character(character: str) -> str:
    """A forbidden character as a person can recognise it: "a line break", "U+202E"."""
    if character in "\n\r":
        return "a line break"
    if character == "\t":
        return "a tab"
    name = unicodedata.name(character, "")
    code = f"U+{ord(character):04X}"
    return (
        f"an invisible character ({code} {name.lower()})"
        if name
        else f"an invisible character ({code})"
    )


def text_problem(
    label: str, text: str | None, max_length: int | None, *, multi_line: bool = False
) -> str | None:
    """A plain sentence saying what to fix in ``text``, or None if it may be saved."""
    if not text:
        return None
    limit = max_length if max_length is not None else TEXT_MAX_LENGTH
    if len(text) > limit:
        return (
            f"{label} is too long: at most {limit:,} characters (this has {len(text):,}). "
            "Shorten it."
        )
    bad = forbidden_character(text, multi_line=multi_line)
    if bad is not None:
        return f"{label} holds {describe_character(bad)}; remove it (retype the text if unsure)."
    return None


def without_control_characters(text: str) -> str:
    """``text`` for a file (CSV, calendar): any forbidden character becomes a space."""
    return _MULTI_LINE_FORBIDDEN.sub(" ", text)
