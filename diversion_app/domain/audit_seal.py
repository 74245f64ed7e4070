"""The keyed seals that make the audit trail and the children's records tamper-evident.

Plain functions over HMAC-SHA-256, with the key passed in: the key itself lives outside
the database (see ``persistence/audit_key.py``), so a person holding the file alone can
neither re-chain altered events nor re-seal a record edited behind the application's back.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

GENESIS_HASH = "0" * 64
"""The "previous hash" of the first event in a trail."""

SHORT_HASH_LENGTH = 12


def _mac(key: bytes, payload: Any) -> str:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hmac.new(key, text.encode("ascii"), hashlib.sha256).hexdigest()


def event_mac(
    key: bytes,
    prev_hash: str,
    *,
    at: datetime,
    user_id: int | None,
    username: str,
    action: str,
    entity: str,
    entity_id: int | None,
    young_person_id: int | None,
    changes: Any,
) -> str:
    """The chain link of one audit event: a MAC over the event and the link before it."""
    return _mac(
        key,
        [
            prev_hash,
            at.isoformat(),
            user_id,
            username,
            action,
            entity,
            entity_id,
            young_person_id,
            changes,
        ],
    )


def young_person_seal(
    key: bytes,
    *,
    record_id: int,
    given_name: str,
    family_name: str,
    preferred_name: str | None,
    date_of_birth: date,
) -> str:
    """The seal of a young person's identity (number, names, date of birth)."""
    return _mac(
        key,
        [
            "young_person",
            record_id,
            given_name,
            family_name,
            preferred_name,
            date_of_birth.isoformat(),
        ],
    )


def short_hash(full_hash: str) -> str:
    """The head of a chain as printed in report footers."""
    return full_hash[:SHORT_HASH_LENGTH]


@dataclass(frozen=True)
class ChainHead:
    """How far the trail reached at one moment: the count of events and the newest link."""

    count: int
    last_id: int
    hash: str

    @property
    def short(self) -> str:
        return short_hash(self.hash)

    def footer_text(self) -> str:
        return f"Audit trail: {self.count:,} events, head {self.short}"


@dataclass(frozen=True)
class Checkpoint:
    """One line of the checkpoint file: the chain head on a day, sealed with the key."""

    written_at: datetime
    head: ChainHead


def checkpoint_mac(key: bytes, written_at: datetime, head: ChainHead) -> str:
    return _mac(key, ["checkpoint", written_at.isoformat(), head.count, head.last_id, head.hash])


def checkpoint_line(key: bytes, checkpoint: Checkpoint) -> str:
    """The checkpoint as one JSON line (no personal data: counts and hashes only)."""
    head = checkpoint.head
    return json.dumps(
        {
            "at": checkpoint.written_at.isoformat(),
            "count": head.count,
            "last_id": head.last_id,
            "hash": head.hash,
            "mac": checkpoint_mac(key, checkpoint.written_at, head),
        },
        sort_keys=True,
    )


class CheckpointUnreadable(ValueError):
    """A checkpoint line is not one the application wrote (damaged or forged)."""


def parse_checkpoint_line(key: bytes, line: str) -> Checkpoint:
    """The checkpoint in ``line``; ``CheckpointUnreadable`` unless its MAC holds."""
    try:
        data = json.loads(line)
        written_at = datetime.fromisoformat(data["at"])
        head = ChainHead(
            count=int(data["count"]), last_id=int(data["last_id"]), hash=str(data["hash"])
        )
        mac = str(data["mac"])
    except (ValueError, KeyError, TypeError):
        raise CheckpointUnreadable("not a checkpoint line") from None
    if not hmac.compare_digest(mac, checkpoint_mac(key, written_at, head)):
        raise CheckpointUnreadable("the checkpoint's seal does not hold")
    return Checkpoint(written_at=written_at, head=head)
