"""The keyed seals: a change to any field, or another key, changes the MAC."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diversion_app.domain.audit_seal import (
    GENESIS_HASH,
    ChainHead,
    Checkpoint,
    CheckpointUnreadable,
    checkpoint_line,
    event_mac,
    parse_checkpoint_line,
    young_person_seal,
)

KEY = b"k" * 32
AT = datetime(2026, 11, 28, 14, 30, tzinfo=UTC)
FIELDS = {
    "at": AT,
    "user_id": 3,
    "username": "sup",
    "action": "viewed",
    "entity": "young_person",
    "entity_id": 9,
    "young_person_id": 9,
    "changes": {"reason": "Duty"},
}


@given(
    st.sampled_from(sorted(FIELDS)),
    st.one_of(st.integers(), st.text(max_size=8), st.none()),
)
def test_changing_any_field_changes_the_link(field: str, value: object) -> None:
    altered = {**FIELDS, field: value}
    if altered == FIELDS:
        return
    if field == "at":
        altered["at"] = AT.replace(second=1)
    assert event_mac(KEY, GENESIS_HASH, **altered) != event_mac(KEY, GENESIS_HASH, **FIELDS)


def test_another_key_gives_another_link_and_another_seal() -> None:
    other = b"o" * 32
    assert event_mac(KEY, GENESIS_HASH, **FIELDS) != event_mac(other, GENESIS_HASH, **FIELDS)
    seal = {
        "record_id": 1,
        "given_name": "Amy",
        "family_name": "Ng",
        "preferred_name": None,
        "date_of_birth": date(2012, 4, 1),
    }
    assert young_person_seal(KEY, **seal) != young_person_seal(other, **seal)  # type: ignore[arg-type]
    assert young_person_seal(KEY, **seal) != young_person_seal(  # type: ignore[arg-type]
        KEY, **{**seal, "date_of_birth": date(2012, 1, 4)}
    )


def test_a_checkpoint_line_reads_back_and_a_forged_one_does_not() -> None:
    checkpoint = Checkpoint(AT, ChainHead(count=17550, last_id=17551, hash="ab" * 32))
    line = checkpoint_line(KEY, checkpoint)
    assert parse_checkpoint_line(KEY, line) == checkpoint
    with pytest.raises(CheckpointUnreadable):
        parse_checkpoint_line(KEY, line.replace("17550", "17500"))
    with pytest.raises(CheckpointUnreadable):
        parse_checkpoint_line(b"x" * 32, line)
    assert checkpoint.head.footer_text() == "Audit trail: 17,550 events, head abababababab"
