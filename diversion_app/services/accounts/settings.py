"""The settings an administrator keeps: the crime reference format and the diary's hours.

Each is read and changed here with the administrator's permission (managing reference
lists), validated (a bad value is refused with a sentence saying what to type) and
audited with its value before and after. The values live in the ``settings`` table;
the workflows read them from there (``crime_reference_format``, ``working_hours``).
"""

from __future__ import annotations

import re

from diversion_app.domain.community_resolution_rules import CrimeReferenceFormat
from diversion_app.domain.diary import (
    WORKING_HOURS_SETTING,
    WorkingHours,
    parse_working_hours,
)
from diversion_app.domain.enums import AuditAction
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.permissions import Permission
from diversion_app.persistence.models import Setting
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.permissions import require
from diversion_app.services.base.setting_stamp import refuse_if_setting_moved, setting_stamp
from diversion_app.services.casework.visits import working_hours
from diversion_app.services.people.community_resolutions import (
    DESCRIPTION_KEY,
    EXAMPLE_KEY,
    PATTERN_KEY,
    crime_reference_format,
)

SHORTEST_DAY_HOURS = 1
CRIME_REFERENCE_KEYS = (PATTERN_KEY, EXAMPLE_KEY, DESCRIPTION_KEY)


class SettingsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- crime reference format ---------------------------------------------------------------
    def crime_reference_format(self, actor: Actor) -> CrimeReferenceFormat:
        require(self.ctx, actor, Permission.MANAGE_REFERENCE_LISTS, entity="setting")
        with self.ctx.read_only() as session:
            return crime_reference_format(session)

    def crime_reference_stamp(self, actor: Actor) -> str:
        """The format's edit stamp, read with it when the settings box shows it."""
        require(self.ctx, actor, Permission.MANAGE_REFERENCE_LISTS, entity="setting")
        with self.ctx.read_only() as session:
            return setting_stamp(session, CRIME_REFERENCE_KEYS)

    def set_crime_reference_format(
        self, actor: Actor, wanted: CrimeReferenceFormat, *, edit_stamp: str = ""
    ) -> None:
        """Change the format; the example must fit the pattern, the description say it.
        ``edit_stamp`` (``crime_reference_stamp`` as read) refuses it if another
        administrator changed the format since."""
        require(self.ctx, actor, Permission.MANAGE_REFERENCE_LISTS, entity="setting")
        cleaned = CrimeReferenceFormat(
            wanted.pattern.strip(), wanted.example.strip(), wanted.description.strip()
        )
        problems: dict[str, str] = {}
        if not cleaned.pattern:
            problems["pattern"] = "Enter the pattern, like [0-9]{2}/[0-9]{6}/[0-9]{2}."
        else:
            try:
                re.compile(cleaned.pattern)
            except re.error:
                problems["pattern"] = (
                    "That pattern is not a valid regular expression: check its brackets."
                )
        if not cleaned.example:
            problems["example"] = "Enter an example reference, so officers see what to type."
        elif "pattern" not in problems and cleaned.problem(cleaned.example):
            problems["example"] = "The example does not fit the pattern: change one of them."
        if not cleaned.description:
            problems["description"] = "Describe the format in words, like 'force code / year'."
        if problems:
            raise ValidationError(problems)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            refuse_if_setting_moved(session, edit_stamp, CRIME_REFERENCE_KEYS)
            before = crime_reference_format(session)
            changes: dict[str, object] = {}
            for key, old, new in (
                (PATTERN_KEY, before.pattern, cleaned.pattern),
                (EXAMPLE_KEY, before.example, cleaned.example),
                (DESCRIPTION_KEY, before.description, cleaned.description),
            ):
                session.merge(Setting(key=key, value=new))
                if old != new:
                    changes[key] = [old, new]
            if changes:
                audit.record(
                    session, actor, AuditAction.CHANGED, "setting", None, at=now, changes=changes
                )

    # --- the diary's working hours ------------------------------------------------------------
    def working_hours(self, actor: Actor) -> WorkingHours:
        require(self.ctx, actor, Permission.MANAGE_REFERENCE_LISTS, entity="setting")
        with self.ctx.read_only() as session:
            return working_hours(session)

    def working_hours_stamp(self, actor: Actor) -> str:
        """The working hours' edit stamp, read with them when the settings box shows them."""
        require(self.ctx, actor, Permission.MANAGE_REFERENCE_LISTS, entity="setting")
        with self.ctx.read_only() as session:
            return setting_stamp(session, [WORKING_HOURS_SETTING])

    def set_working_hours(self, actor: Actor, text: str, *, edit_stamp: str = "") -> WorkingHours:
        """Change the hours the diary shows and suggests visits in ('08:00-20:00');
        ``edit_stamp`` (``working_hours_stamp`` as read) as for the crime reference."""
        require(self.ctx, actor, Permission.MANAGE_REFERENCE_LISTS, entity="setting")
        try:
            hours = parse_working_hours(text)
        except DomainError as error:
            raise ValidationError({"working_hours": str(error)}) from None
        length = (hours.end.hour * 60 + hours.end.minute) - (
            hours.start.hour * 60 + hours.start.minute
        )
        if length < SHORTEST_DAY_HOURS * 60:
            raise ValidationError(
                {"working_hours": "The working day must be at least an hour long."}
            )
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            refuse_if_setting_moved(session, edit_stamp, [WORKING_HOURS_SETTING])
            before = working_hours(session)
            session.merge(Setting(key=WORKING_HOURS_SETTING, value=hours.text()))
            if before != hours:
                audit.record(
                    session,
                    actor,
                    AuditAction.CHANGED,
                    "setting",
                    None,
                    at=now,
                    changes={WORKING_HOURS_SETTING: [before.text(), hours.text()]},
                )
        return hours
