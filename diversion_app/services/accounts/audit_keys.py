"""Exporting the audit key for safe keeping (administrators), itself audited."""

from __future__ import annotations

import os
from pathlib import Path

from diversion_app.domain.enums import AuditAction
from diversion_app.domain.permissions import Permission
from diversion_app.persistence.audit_key import export_text
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.permissions import require


def export_audit_key(ctx: ServiceContext, actor: Actor, path: Path) -> None:
    """Write the key to ``path`` (owner-only, written whole or not at all) and audit it."""
    require(ctx, actor, Permission.MANAGE_ACCOUNTS)
    with ctx.unit_of_work() as session:
        text = export_text(session.connection())
        temporary = path.with_name(path.name + ".part")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        audit.record(
            session,
            actor,
            AuditAction.DISCLOSED,
            "audit_key",
            None,
            at=ctx.now(),
            changes={"what": "audit key exported for safe keeping"},
        )
