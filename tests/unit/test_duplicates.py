"""The duplicate and sibling rule (DOMAIN.md, "Duplicates"), over a space of names."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from diversion_app.domain.duplicates import (
    MatchKind,
    PersonKey,
    birth_date_typo,
    classify,
    close_spelling,
    edit_distance,
    near_first_name,
)
from diversion_app.domain.names import normalise_name

names = st.text(
    alphabet=st.characters(categories=("Lu", "Ll", "Lo"), max_codepoint=0x9FFF),
    min_size=1,
    max_size=14,
).filter(lambda s: normalise_name(s) != "" and " " not in normalise_name(s))
births = st.dates(min_value=date(2005, 1, 1), max_value=date(2020, 12, 31))

BASE = PersonKey("Mia", "Okafor", date(2011, 3, 5), "DM5 3AB", "12 Example Street")


@given(given_a=names, given_b=names, family=names, born_a=births, born_b=births)
def test_same_surname_and_address_with_another_name_or_birth_is_always_a_sibling(
    given_a: str, given_b: str, family: str, born_a: date, born_b: date
) -> None:
    a = PersonKey(given_a, family, born_a, "DM5 3AB", "12 Example Street")
    b = PersonKey(given_b, family, born_b, "dm53ab", "12 example street")
    assume(normalise_name(given_a) != normalise_name(given_b) or born_a != born_b)
    key_a, key_b = normalise_name(given_a), normalise_name(given_b)
    near_name = key_a == key_b or near_first_name(key_a, key_b)
    near_birth = born_a == born_b or birth_date_typo(born_a, born_b)
    expected = MatchKind.POSSIBLE_DUPLICATE if near_name and near_birth else MatchKind.SIBLING
    # never treated as someone elsewhere: a sibling, or (near-identical) asked about first
    assert classify(a, b) is expected
    assert classify(b, a) is expected


@given(a=births, b=births)
def test_a_birth_date_typo_is_symmetric_and_never_the_same_date(a: date, b: date) -> None:
    assert birth_date_typo(a, b) == birth_date_typo(b, a)
    assert not birth_date_typo(a, a)
    if a.day <= 12 and a.day != a.month:
        swapped = date(a.year, a.day, a.month)
        assert birth_date_typo(a, swapped)


def test_near_identical_children_at_the_same_address_are_asked_about_first() -> None:
    """The cases the issue found saved as siblings without a question."""
    home = PersonKey("Jack", "Smith", date(2012, 12, 12), "DM5 3AB", "12 Example Street")
    assert classify(home, replace(home, date_of_birth=date(2012, 12, 21))) is (
        MatchKind.POSSIBLE_DUPLICATE
    )
    assert classify(home, replace(home, given_name="Jak")) is MatchKind.POSSIBLE_DUPLICATE
    assert classify(home, replace(home, given_name="John")) is MatchKind.POSSIBLE_DUPLICATE
    # day and month swapped
    born = replace(home, date_of_birth=date(2012, 3, 5))
    assert classify(born, replace(born, date_of_birth=date(2012, 5, 3))) is (
        MatchKind.POSSIBLE_DUPLICATE
    )
    # clearly different: a brother
    assert classify(home, replace(home, given_name="Oscar")) is MatchKind.SIBLING
    assert classify(home, replace(home, date_of_birth=date(2014, 6, 1))) is MatchKind.SIBLING
    assert MatchKind.POSSIBLE_DUPLICATE.is_same_person
    assert MatchKind.POSSIBLE_DUPLICATE.may_be_sibling


@given(given_name=names, family=names, born=births)
def test_the_same_name_and_birth_in_any_case_or_accents_is_the_same_person(
    given_name: str, family: str, born: date
) -> None:
    a = PersonKey(given_name, family, born, "DM1 1AA", "1 Road")
    b = PersonKey(given_name.upper(), family.lower(), born, "DM9 9ZZ", "9 Lane")
    assume(normalise_name(given_name.upper()) == normalise_name(given_name))
    assume(normalise_name(family.lower()) == normalise_name(family))
    assert classify(a, b) is MatchKind.SAME_NAME_AND_BIRTH


@given(a=st.text(max_size=12), b=st.text(max_size=12), c=st.text(max_size=12))
def test_edit_distance_is_a_distance(a: str, b: str, c: str) -> None:
    assert edit_distance(a, a) == 0
    assert edit_distance(a, b) == edit_distance(b, a)
    assert edit_distance(a, b) <= max(len(a), len(b))
    assert (edit_distance(a, b) == 0) == (a == b)


def test_examples() -> None:
    assert classify(BASE, replace(BASE, given_name="Zoë")) is MatchKind.SIBLING
    assert classify(BASE, replace(BASE, date_of_birth=date(2013, 1, 1))) is MatchKind.SIBLING
    moved = replace(BASE, address_line1="3 Other Road")
    assert classify(BASE, replace(moved, date_of_birth=date(2012, 1, 1))) is (
        MatchKind.SAME_NAME_AND_POSTCODE
    )
    elsewhere = replace(BASE, postcode="DM1 1AA", address_line1="1 Road")
    assert classify(BASE, elsewhere) is MatchKind.SAME_NAME_AND_BIRTH
    assert classify(BASE, replace(elsewhere, given_name="Maia")) is MatchKind.CLOSE_SPELLING
    assert classify(BASE, replace(elsewhere, family_name="Okafro")) is MatchKind.CLOSE_SPELLING
    far = replace(elsewhere, date_of_birth=date(2011, 3, 6))
    assert classify(BASE, replace(far, given_name="Maia")) is None
    assert classify(BASE, replace(elsewhere, given_name="Noah")) is None
    assert close_spelling("catherine smith", "katherine smith")
    assert not close_spelling("mia okafor", "noah okafor")
    assert edit_distance("ab", "ba") == 1


@given(st.integers(min_value=0, max_value=3000))
def test_a_different_birth_far_away_with_a_new_name_is_nobody(days: int) -> None:
    other = PersonKey(
        "Noah", "Smith", BASE.date_of_birth + timedelta(days=days + 1), "DM1 1AA", "x"
    )
    assert classify(BASE, other) is None
