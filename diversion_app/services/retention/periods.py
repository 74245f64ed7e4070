"""The retention period of each disposal type: read by anyone, changed by administrators.

Stored as settings (``retention_years.<type>``); a missing setting is the default from
DATA-PROTECTION.md. Each change is one audited event naming the old and new years.
"""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.enums import AuditAction
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.permissions import Permission
from diversion_app.domain.retention import DisposalType, RetentionPeriods, validate_years
from diversion_app.persistence.models import Setting
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.permissions import require
from diversion_app.services.base.setting_stamp import refuse_if_setting_moved, setting_stamp

PERIOD_KEYS = tuple(kind.setting_key for kind in DisposalType)


def load_periods(session: Session) -> RetentionPeriods:
    keys = {kind.setting_key: kind for kind in DisposalType}
    stored = dict(
        session.execute(sa.select(Setting.key, Setting.value).where(Setting.key.in_(keys))).all()
    )
    defaults = RetentionPeriods.defaults()
    years: dict[DisposalType, int] = {}
    for key, kind in keys.items():
        try:
            years[kind] = int(stored[key])
        except (KeyError, ValueError):
            years[kind] = defaults.for_type(kind)
    return RetentionPeriods(years)


class RetentionPeriodService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def periods(self) -> RetentionPeriods:
        with self.ctx.read_only() as session:
            return load_periods(session)

    def periods_stamp(self) -> str:
        """The periods' edit stamp, read with them when the box shows them."""
        with self.ctx.read_only() as session:
            return setting_stamp(session, PERIOD_KEYS)

    def set_periods(
        self, actor: Actor, years: Mapping[DisposalType, object], *, edit_stamp: str = ""
    ) -> RetentionPeriods:
        """Change any of the periods; nothing is saved unless every value is right.
        ``edit_stamp`` (``periods_stamp`` as read) refuses the save if another
        administrator changed a period since."""
        require(self.ctx, actor, Permission.SET_RETENTION, entity="setting")
        problems = validate_years(years)
        if problems:
            raise ValidationError(problems)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            refuse_if_setting_moved(session, edit_stamp, PERIOD_KEYS, what="retention setting")
            before = load_periods(session)
            changes: dict[str, list[int]] = {}
            for kind, value in years.items():
                assert isinstance(value, int)
                old = before.for_type(kind)
                setting = session.get(Setting, kind.setting_key)
                if setting is None:
                    session.add(Setting(key=kind.setting_key, value=str(value)))
                else:
                    setting.value = str(value)
                if old != value:
                    changes[kind.setting_key] = [old, value]
            if changes:
                audit.record(
                    session, actor, AuditAction.CHANGED, "setting", None, at=now, changes=changes
                )
            session.flush()
            return load_periods(session)
