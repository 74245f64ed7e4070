"""Daily checkpoints of the audit chain's head, kept outside the database.

Once a day (at start, and whenever a report is printed) the event count and the newest
link are appended to an owner-only, append-only file beside the audit key, each line
sealed with the key. ``verify_checkpoints`` then catches what the chain alone cannot:
events cut off the end of the trail, or the trail rewritten after the day it was seen.
"""

from __future__ import annotations

import contextlib
import os
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.audit_seal import (
    ChainHead,
    Checkpoint,
    CheckpointUnreadable,
    checkpoint_line,
    parse_checkpoint_line,
)
from diversion_app.domain.timekeeping import LONDON, format_date
from diversion_app.persistence.audit_key import checkpoint_path, database_id, key_for
from diversion_app.persistence.models import AuditEvent
from diversion_app.services.base.audit import chain_head
from diversion_app.services.base.context import ServiceContext


def _path(session: Session) -> Path | None:
    db_id = database_id(session.connection())
    return checkpoint_path(db_id) if db_id else None


def _lines(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return [line for line in path.read_text(encoding="ascii").splitlines() if line.strip()]


def _append(path: Path, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "a", encoding="ascii") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    with contextlib.suppress(OSError):
        path.chmod(0o600)


def current_head(ctx: ServiceContext) -> ChainHead:
    with ctx.read_only() as session:
        return chain_head(session)


def checkpoint_if_due(ctx: ServiceContext) -> ChainHead:
    """The chain's head now; appended to the checkpoint file unless one was written today."""
    now = ctx.now()
    with ctx.read_only() as session:
        head = chain_head(session)
        path = _path(session)
        if path is None:
            return head
        key = key_for(session.connection())
    lines = _lines(path)
    if lines:
        try:
            last = parse_checkpoint_line(key, lines[-1])
        except CheckpointUnreadable:
            last = None
        if (
            last is not None
            and last.written_at.astimezone(LONDON).date() == now.astimezone(LONDON).date()
            and last.head.count <= head.count
        ):
            return head
    _append(path, checkpoint_line(key, Checkpoint(written_at=now, head=head)))
    return head


def _on(written_at: datetime) -> str:
    return format_date(written_at.astimezone(LONDON).date())


def verify_checkpoints(session: Session) -> list[str]:
    """Every checkpoint the trail no longer agrees with, in plain sentences."""
    path = _path(session)
    if path is None:
        return []
    key = key_for(session.connection())
    problems: list[str] = []
    for number, line in enumerate(_lines(path), start=1):
        try:
            checkpoint = parse_checkpoint_line(key, line)
        except CheckpointUnreadable:
            problems.append(
                f"Checkpoint {number} in {path.name} is damaged or was not written by Diversion."
            )
            continue
        head = checkpoint.head
        if head.count == 0:
            continue
        stored = session.execute(
            sa.select(AuditEvent.hash).where(AuditEvent.id == head.last_id)
        ).scalar_one_or_none()
        when = _on(checkpoint.written_at)
        if stored == head.hash:
            continue  # the link holds; the chain check covers every event before it
        reached = session.execute(
            sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.id <= head.last_id)
        ).scalar_one()
        if stored is None or reached < head.count:
            problems.append(
                f"The audit trail is shorter than at the checkpoint of {when}: it had "
                f"{head.count:,} events up to event {head.last_id}, it now has {reached:,} "
                "(events were cut off the end or removed)."
            )
        elif stored != head.hash:
            problems.append(
                f"Audit event {head.last_id} does not match the checkpoint of {when} "
                "(the trail was rewritten after that day)."
            )
    return problems
