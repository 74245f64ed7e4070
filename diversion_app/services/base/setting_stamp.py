"""Refusing a stale save of an administrator's setting (idle lock, due soon, retention...).

Settings are rows of the ``settings`` table, without versions; the edit stamp of a
setting is a ``values_stamp`` of the stored values of its keys (a missing key counts as
its own value). A settings box reads the stamp when it loads and hands it back when it
saves: if another administrator saved a different value meanwhile, the save is refused
with ``StaleRecord`` naming them and when (the last audited change of one of the keys).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.enums import AuditAction
from diversion_app.persistence.models import AuditEvent, Setting, User
from diversion_app.services.base.stale import StaleRecord, values_stamp

_LOOK_BACK = 200
"""How many recent setting changes are searched for the one that moved the setting."""


def setting_stamp(session: Session, keys: Collection[str]) -> str:
    """The edit stamp of the settings stored under ``keys``, as saved now."""
    stored = dict(
        session.execute(sa.select(Setting.key, Setting.value).where(Setting.key.in_(keys))).all()
    )
    return values_stamp(*((key, stored.get(key)) for key in sorted(keys)))


def last_setting_change(session: Session, keys: Collection[str]) -> tuple[str, datetime | None]:
    """Who last changed one of the settings ``keys``, and when (from the audit trail)."""
    wanted = set(keys)
    rows = session.execute(
        sa.select(AuditEvent.at, AuditEvent.username, User.display_name, AuditEvent.changes)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(AuditEvent.entity == "setting", AuditEvent.action == AuditAction.CHANGED)
        .order_by(AuditEvent.id.desc())
        .limit(_LOOK_BACK)
    ).all()
    for at, username, display_name, changes in rows:
        if isinstance(changes, dict) and wanted & set(changes):
            return display_name or username, at
    return "Another administrator", None


def refuse_if_setting_moved(
    session: Session,
    expected: str,
    keys: Collection[str],
    *,
    what: str = "setting",
    audited_as: Collection[str] = (),
) -> None:
    """Raise ``StaleRecord`` unless ``expected`` (the stamp the box read; "" for none) is
    still the stamp of ``keys``; ``audited_as`` names the keys in the audit trail's
    changes when they differ from the settings' own keys."""
    if not expected or expected == setting_stamp(session, keys):
        return
    changed_by, changed_at = last_setting_change(session, audited_as or keys)
    raise StaleRecord(what, changed_by, changed_at)
