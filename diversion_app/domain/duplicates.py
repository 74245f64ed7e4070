"""Is a new young person someone already on record, a sibling, or nobody we know?

DOMAIN.md, "Duplicates": adding a young person shows likely existing matches (same
normalised name and date of birth, or name and postcode, or a close spelling) before
a new record is made. A child with the same surname and address but a different
first name or date of birth is a **sibling**: offered to join the household, never
treated as the same person (the report, 2.8: siblings wrongly merged is the harm). A
near-identical first name or a date of birth one typo away at the same address is a
**possible duplicate** first: the person adding decides.
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
    POSSIBLE_DUPLICATE = "possible_duplicate"
    SIBLING = "sibling"

    @property
    def is_same_person(self) -> bool:
        return self is not MatchKind.SIBLING

    @property
    def may_be_sibling(self) -> bool:
        """The person may add the new child to this one's household as a brother or sister
        (a possible duplicate at the same address may, after all, be a twin)."""
        return self in (MatchKind.SIBLING, MatchKind.POSSIBLE_DUPLICATE)

    @property
    def explanation(self) -> str:
        return _EXPLANATIONS[self]


_EXPLANATIONS = {
    MatchKind.SAME_NAME_AND_BIRTH: "Same name and date of birth",
    MatchKind.SAME_NAME_AND_POSTCODE: "Same name and postcode",
    MatchKind.CLOSE_SPELLING: "Name spelt almost the same, with the same date of birth or postcode",
    MatchKind.POSSIBLE_DUPLICATE: (
        "Same surname and address, with a first name or date of birth one typo away: "
        "possibly this child, mistyped (check before adding)"
    ),
    MatchKind.SIBLING: "Same surname and address: a brother or sister (can join the household)",
}

SHORT_FORMS: dict[str, frozenset[str]] = {
    full: frozenset(shorts)
    for full, shorts in {
        "alexander": {"alex", "xander", "sandy"},
        "alexandra": {"alex", "lexi", "sandra"},
        "benjamin": {"ben", "benji"},
        "charles": {"charlie", "chaz"},
        "charlotte": {"charlie", "lottie"},
        "christopher": {"chris", "kit"},
        "daniel": {"dan", "danny"},
        "elizabeth": {"liz", "lizzie", "beth", "betty", "eliza"},
        "frederick": {"fred", "freddie"},
        "henry": {"harry", "hal"},
        "isabella": {"bella", "izzy", "issy"},
        "isabelle": {"bella", "izzy", "issy"},
        "jacob": {"jake"},
        "james": {"jim", "jimmy", "jamie"},
        "jessica": {"jess", "jessie"},
        "john": {"jack", "johnny"},
        "jonathan": {"jon", "jonny"},
        "joseph": {"joe", "joey"},
        "joshua": {"josh"},
        "katherine": {"kate", "katie", "kath", "kat"},
        "catherine": {"cath", "cathy", "kate", "katie"},
        "margaret": {"maggie", "meg", "peggy"},
        "matthew": {"matt"},
        "michael": {"mike", "mikey", "mick"},
        "nicholas": {"nick", "nicky"},
        "oliver": {"ollie", "olly"},
        "rebecca": {"becky", "becca"},
        "robert": {"rob", "bob", "bobby", "robbie"},
        "samuel": {"sam", "sammy"},
        "samantha": {"sam", "sammy"},
        "thomas": {"tom", "tommy"},
        "victoria": {"vicky", "tori"},
        "william": {"will", "bill", "billy", "liam"},
    }.items()
}
"""Common English short forms of first names (a known short form is a near-identical name)."""


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


def is_short_form(a: str, b: str) -> bool:
    """One normalised first name is a known short form of the other (or both of one name)."""
    if a == b:
        return False
    for full, shorts in SHORT_FORMS.items():
        names = shorts | {full}
        if a in names and b in names:
            return True
    return False


def near_first_name(a: str, b: str) -> bool:
    """Near-identical first names: one or two edits apart, or a known short form."""
    return close_spelling(a, b) or is_short_form(a, b)


def birth_date_typo(a: date, b: date) -> bool:
    """Two different dates of birth one typo apart: day and month swapped, two digits
    swapped (12/12 and 21/12), or one digit mistyped, as written dd/mm/yyyy."""
    if a == b:
        return False
    if (a.day, a.month, a.year) == (b.month, b.day, b.year):
        return True
    one, two = f"{a:%d%m%Y}", f"{b:%d%m%Y}"
    differ = [i for i in range(len(one)) if one[i] != two[i]]
    if len(differ) == 1:
        return True
    first, second = differ if len(differ) == 2 else (-1, -1)
    return (
        len(differ) == 2
        and second == first + 1
        and one[first] == two[second]
        and one[second] == two[first]
    )


def classify(new: PersonKey, existing: PersonKey) -> MatchKind | None:
    """How ``existing`` relates to the person being added (None: not a likely match).

    Same surname and the same address with a clearly different first name or date of
    birth is a sibling: siblings are never offered as duplicates. A near-identical first
    name (one or two edits, a known short form) or a date of birth one typo away at the
    same address is a possible duplicate first, and the person decides (DOMAIN.md).
    """
    same_family = new.family_key == existing.family_key and bool(new.family_key)
    same_address = bool(new.address_key) and new.address_key == existing.address_key
    same_given = new.given_key == existing.given_key
    same_birth = new.date_of_birth == existing.date_of_birth
    if same_family and same_address and not (same_given and same_birth):
        near_name = same_given or near_first_name(new.given_key, existing.given_key)
        near_birth = same_birth or birth_date_typo(new.date_of_birth, existing.date_of_birth)
        if near_name and near_birth:
            return MatchKind.POSSIBLE_DUPLICATE
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
    MatchKind.POSSIBLE_DUPLICATE,
    MatchKind.SIBLING,
)
"""Strongest first: how the matches are listed to the user."""
