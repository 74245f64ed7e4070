"""QA pass 2: the audit trail's Details read as words, not stored keys ("how: sign in")."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from diversion_app.domain.audit_wording import changes_words, field_words, item_words


def test_stored_keys_and_values_read_as_words() -> None:
    assert changes_words({"how": "sign in"}) == "Signed in with a password"
    assert changes_words({"young_people": 2000}) == "Young people created: 2,000"
    assert item_words("active", [True, False]) == "Active: yes → no"
    assert item_words("caseworker_id", [None, 12]) == "Caseworker (user no.): — → 12"
    assert item_words("locked_until", "2026-11-28T14:05:00+00:00") == (
        "Locked until: 28/11/2026 14:05"
    )
    assert item_words("held_on", ["2026-07-01", "2026-07-02"]) == (
        "Held on: 01/07/2026 → 02/07/2026"
    )
    assert item_words("status", ["received", "awaiting_contact"]) == (
        "Status: received → awaiting contact"
    )
    assert item_words("visit_ids", [4, 5]) == "Visit nos.: 4, 5"
    assert item_words("roles", [["officer"], ["officer", "caseworker"]]) == (
        "Roles: officer → officer, caseworker"
    )
    assert field_words("family_name_key") == "Family name key"
    assert field_words("spoc_user_id") == "SPOC (user no.)"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


@given(st.dictionaries(st.text(max_size=20), json_values, max_size=5))
def test_any_stored_changes_read_without_raw_underscored_keys(changes: dict[str, Any]) -> None:
    words = changes_words(changes)
    for key in changes:
        if "_" in key and key.strip("_ ") and not key.startswith("_"):
            assert f"{key}:" not in words
