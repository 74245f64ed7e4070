"""Is a new young person someone already on record, a sibling, or nobody we know?

DOMAIN.md, "Duplicates": adding a young person shows likely existing matches (same
normalised name and date of birth, or name and postcode, or a close spelling) before
a new record is made. A child with the same surname and address but a different
first name or date of birth is a **sibling**: offered to join the household, never
treated as the same person (the report, 2.8: siblings wrongly merged is the harm).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from diversion_app.domain.enums import LabelledEnum
from diversion_app.domain.names import normalise_name, normalise_postcode


class MatchKind(LabelledEnum):
    SAME_NAME_AND_BIRTH = "same_name_and_birth"
    SAME_NAME_AND_POSTCODE = "same_name_and_postcode"
    CLOSE_SPELLING = "close_spelling"
    SIBLING = "sibling"

    @property
    def is_same_person(self) -> bool:
        return self is not MatchKind.SIBLING

    @property
    def explanation(self) -> str:
        return _EXPLANATIONS[self]


_EXPLANATIONS = {
    MatchKind.SAME_NAME_AND_BIRTH: "Same name and date of birth",
    MatchKind.SAME_NAME_AND_POSTCODE: "Same name and postcode",
    MatchKind.CLOSE_SPELLING: "Name spelt almost the same, with the same date of birth or postcode",
    MatchKind.SIBLING: "Same surname and address: a brother or sister (can join the household)",
}


@dataclass(frozen=True)
class PersonKey:
    """What matching looks at, for the person being added or one already on record."""

    given_name: str
    family_name: str
    date_of_birth: date
    postcode: str = ""
    address_line1: str = ""

    @property
    def given_key(self) -> str:
        return normalise_name(self.given_name)

    @property
    def family_key(self) -> str:
        return normalise_name(self.family_name)

    @property
    def name_key(self) -> str:
        return f"{self.given_key} {self.family_key}"

    @property
    def postcode_key(self) -> str:
        return normalise_postcode(self.postcode)

    @property
    def address_key(self) -> str:
        """Postcode and first address line, folded; '' when neither is known."""
        line = normalise_name(self.address_line1).replace(" ", "")
        if not self.postcode_key and not line:
            return ""
        return f"{self.postcode_key}|{line}"


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, swaps."""
    if a == b:
        return 0
    if not a or not b:
        return max(len(a), len(b))
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def close_spelling(a: str, b: str) -> bool:
    """Normalised names one typo apart (two for longer names), but not identical."""
    if a == b or not a or not b:
        return False
    allowed = 1 if max(len(a), len(b)) <= 10 else 2
    if abs(len(a) - len(b)) > allowed:
        return False
    return edit_distance(a, b) <= allowed


def classify(new: PersonKey, existing: PersonKey) -> MatchKind | None:
    """How ``existing`` relates to the person being added (None: not a likely match).

    Same surname and the same address with a different first name or date of birth is
    always a sibling, whatever else agrees: siblings are never offered as duplicates.
    """
    same_family = new.family_key == existing.family_key and bool(new.family_key)
    same_address = bool(new.address_key) and new.address_key == existing.address_key
    same_given = new.given_key == existing.given_key
    same_birth = new.date_of_birth == existing.date_of_birth
    if same_family and same_address and not (same_given and same_birth):
        return MatchKind.SIBLING
    same_name = new.name_key == existing.name_key
    same_postcode = bool(new.postcode_key) and new.postcode_key == existing.postcode_key
    if same_name and same_birth:
        return MatchKind.SAME_NAME_AND_BIRTH
    if same_name and same_postcode:
        return MatchKind.SAME_NAME_AND_POSTCODE
    if (same_birth or same_postcode) and close_spelling(new.name_key, existing.name_key):
        return MatchKind.CLOSE_SPELLING
    return None


MATCH_ORDER = (
    MatchKind.SAME_NAME_AND_BIRTH,
    MatchKind.SAME_NAME_AND_POSTCODE,
    MatchKind.CLOSE_SPELLING,
    MatchKind.SIBLING,
)
"""Strongest first: how the matches are listed to the user."""
