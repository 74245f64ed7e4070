"""Name and postcode normalisation for search and duplicate matching."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[\u2019'`´\-\.]")


def normalise_name(text: str) -> str:
    """Case, accents and punctuation folded: "O’Brien-Zoë " -> "obrienzoe".

    Letters from any script are kept (Arabic, Chinese, Cyrillic names still match themselves).
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = _PUNCTUATION.sub("", stripped)
    return _SPACES.sub(" ", stripped.casefold()).strip()


def normalise_postcode(text: str) -> str:
    """'sw1a 1aa' -> 'SW1A1AA' (spaces dropped) for matching."""
    return re.sub(r"\s+", "", text).upper()


def format_postcode(text: str) -> str:
    """'sw1a1aa' -> 'SW1A 1AA' for display and storage."""
    compact = normalise_postcode(text)
    if len(compact) > 3:
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


def initials(given_name: str, family_name: str) -> str:
    parts = [p for p in (given_name.strip(), family_name.strip()) if p]
    return "".join(p[0].upper() for p in parts)
