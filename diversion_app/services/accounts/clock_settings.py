"""The administrator's setting for the 48-hour clock: how many hours before the due time
a clock shows as "due soon". Validated, stored like the other settings, audited."""

from __future__ import annotations

from diversion_app.domain.due_soon import (
    DUE_SOON_SETTING,
    due_soon_problem,
)
from diversion_app.domain.enums import AuditAction
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.permissions import Permission
from diversion_app.persistence.models import Setting
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.due_soon import due_soon_window
from diversion_app.services.base.permissions import require
from diversion_app.services.base.setting_stamp import refuse_if_setting_moved, setting_stamp


class ClockSettingsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def due_soon_hours(self) -> int:
        """The threshold in force, in hours (not personal data: anyone signed in may read)."""
        with self.ctx.read_only() as session:
            return int(due_soon_window(session).total_seconds() // 3600)

    def due_soon_stamp(self) -> str:
        """The threshold's edit stamp, read with it when the settings box shows it."""
        with self.ctx.read_only() as session:
            return setting_stamp(session, [DUE_SOON_SETTING])

    def set_due_soon_hours(self, actor: Actor, hours: int, *, edit_stamp: str = "") -> None:
        """One user action: change the threshold (administrators; audited). ``edit_stamp``
        (``due_soon_stamp`` as read) refuses it if another administrator changed it since."""
        require(self.ctx, actor, Permission.MANAGE_ACCOUNTS, entity="setting")
        problem = due_soon_problem(hours)
        if problem:
            raise ValidationError({"due_soon_hours": problem})
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            refuse_if_setting_moved(session, edit_stamp, [DUE_SOON_SETTING])
            old = int(due_soon_window(session).total_seconds() // 3600)
            setting = session.get(Setting, DUE_SOON_SETTING)
            if setting is None:
                setting = Setting(key=DUE_SOON_SETTING, value=str(hours))
                session.add(setting)
            setting.value = str(hours)
            audit.record(
                session,
                actor,
                AuditAction.CHANGED,
                "setting",
                None,
                at=now,
                changes={DUE_SOON_SETTING: [old, hours]},
            )
