"""What a Young people search is matched against, read from the text typed, and when a
longer text narrows a shorter one (the only searches that may be paged and counted at once)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diversion_app.domain.search_text import narrows, search_kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("28/11/2011", {"date"}),
        (" smith ", {"name"}),
        ("o'neill", {"name"}),
        ("zoë o", {"name"}),
        ("LP0045678", {"identifier"}),
        ("26/0001", {"identifier"}),
        ("DM5", {"identifier", "postcode"}),
        ("DM5 3", {"postcode"}),
        ("'", set()),
        ("", set()),
    ],
)
def test_what_a_text_is_matched_against(text: str, kinds: set[str]) -> None:
    assert search_kinds(text) == kinds


@pytest.mark.parametrize(
    ("longer", "shorter", "expected"),
    [
        ("smith", "smi", True),
        ("LP0", "LP", False),  # a name search turns into an identifier and postcode one
        ("LP00", "LP0", True),
        ("DM5", "DM", False),
        ("DM5 3", "DM5", True),  # postcodes only now: fewer kinds, never more
        ("28/11/2011", "28/11/201", False),
    ],
)
def test_a_longer_search_narrows_only_when_it_adds_no_kind(
    longer: str, shorter: str, expected: bool
) -> None:
    assert narrows(longer, shorter) is expected


@given(
    name=st.text(alphabet="abcdefghijklmnopqrstuvwxyzé' -", min_size=1, max_size=12).filter(
        lambda text: any(char.isalpha() for char in text)
    ),
    digits=st.text(alphabet="0123456789", min_size=1, max_size=4),
)
def test_digits_typed_after_a_name_narrow_it_only_into_matching_nobody(
    name: str, digits: str
) -> None:
    longer = name + digits
    assert "name" in search_kinds(name)
    assert "name" not in search_kinds(longer)
    assert narrows(longer, name) is (search_kinds(longer) == frozenset())
