"""A caseworker's visits as an iCalendar (.ics) file that Outlook and other calendars import.

One VEVENT per visit, in Europe/London time with its VTIMEZONE, keyed by the visit's
stable UID (so importing again updates rather than duplicates), with SEQUENCE and
LAST-MODIFIED taken from the visit's audit trail. By default an event names the young
person by initials only and the place by its kind; the setting ``calendar_export.detail``
allows full names ("names") or names and the address ("names_and_address"). Every
export is a disclosure and is audited as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app import APP_NAME, __version__
from diversion_app.domain.access_rules import Recipient
from diversion_app.domain.enums import AuditAction, LabelledEnum, VisitStatus
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.names import initials
from diversion_app.domain.permissions import Permission, allows
from diversion_app.domain.text_input import without_control_characters
from diversion_app.domain.timekeeping import LONDON, ensure_utc, format_date, london_to_utc
from diversion_app.persistence.models import (
    AuditEvent,
    Setting,
    Visit,
    YoungPerson,
)
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.permissions import refuse, require
from diversion_app.services.base.safe_output import OutputRefused, write_then_rename
from diversion_app.services.casework.diary import in_diary_window

if TYPE_CHECKING:
    import icalendar  # imported on first export, not at every start (issue 10)

DETAIL_SETTING = "calendar_export.detail"
MAX_EXPORT_DAYS = 366


class ExportDetail(LabelledEnum):
    INITIALS = "initials"
    NAMES = "names"
    NAMES_AND_ADDRESS = "names_and_address"


@dataclass(frozen=True)
class CalendarExport:
    path: Path
    visits: int
    detail: ExportDetail


def export_detail(session: Session) -> ExportDetail:
    setting = session.get(Setting, DETAIL_SETTING)
    try:
        return ExportDetail(setting.value.strip()) if setting else ExportDetail.INITIALS
    except ValueError:
        return ExportDetail.INITIALS


class CalendarExportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def export(
        self,
        actor: Actor,
        caseworker_id: int | None,
        first_day: date,
        last_day: date,
        path: Path,
        *,
        for_whom: Recipient | None,
    ) -> CalendarExport:
        """Write the visits starting on ``first_day`` to ``last_day`` (London days) to ``path``.

        Like every export it says who it is for and why (``for_whom``): recorded with each
        young person's disclosure event and written in the calendar's description."""
        require(self.ctx, actor, Permission.EXPORT_DIARY, entity="visit_calendar")
        if caseworker_id != actor.user_id and not allows(actor.roles, Permission.WORK_ANY_REFERRAL):
            raise refuse(self.ctx, actor, "export another caseworker's diary")
        if for_whom is None:
            raise ValidationError(
                {"recipient": "Say who this calendar is for and why before exporting it."}
            )
        if last_day < first_day:
            raise ValidationError({"last_day": "The last day must not be before the first day."})
        if (last_day - first_day).days >= MAX_EXPORT_DAYS:
            raise ValidationError({"last_day": "Export at most a year of visits at a time."})
        now = self.ctx.now()
        start = london_to_utc(datetime.combine(first_day, time()))
        end = london_to_utc(datetime.combine(last_day + timedelta(days=1), time()))
        with self.ctx.read_only() as session:
            detail = export_detail(session)
            calendar, exported = self._calendar(session, caseworker_id, start, end, now, detail)
            calendar.add("x-wr-caldesc", without_control_characters(for_whom.words()))
            data = calendar.to_ical()

        def disclose(_written: int) -> None:
            with self.ctx.unit_of_work() as session:
                for young_person_id, visit_ids in sorted(exported.items()):
                    audit.record(
                        session,
                        actor,
                        AuditAction.DISCLOSED,
                        "visit_calendar",
                        caseworker_id,
                        at=now,
                        young_person_id=young_person_id,
                        changes={
                            "visit_ids": sorted(visit_ids),
                            "from": first_day.isoformat(),
                            "to": last_day.isoformat(),
                            "detail": detail.value,
                            **for_whom.audit_details(),
                        },
                    )

        try:
            write_then_rename(
                self.ctx, path, lambda target: target.write_bytes(data), before_rename=disclose
            )
        except OutputRefused as error:
            raise ValidationError({"path": str(error)}) from None
        count = sum(len(ids) for ids in exported.values())
        return CalendarExport(path=path, visits=count, detail=detail)

    def _calendar(
        self,
        session: Session,
        caseworker_id: int | None,
        start: datetime,
        end: datetime,
        now: datetime,
        detail: ExportDetail,
    ) -> tuple[icalendar.Calendar, dict[int, list[int]]]:
        statement = in_diary_window(sa.select(Visit, YoungPerson), start, end, caseworker_id)
        rows = session.execute(statement).all()
        history = self._history([visit.id for visit, _ in rows], session)
        import icalendar

        calendar = icalendar.Calendar()
        calendar.add("prodid", f"-//{APP_NAME}//{APP_NAME} {__version__}//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", f"{APP_NAME} visits")
        calendar.add("x-wr-timezone", "Europe/London")
        exported: dict[int, list[int]] = {}
        for visit, person in rows:
            changes, last_modified = history.get(visit.id, (0, visit.created_at))
            calendar.add_component(self._event(visit, person, now, changes, last_modified, detail))
            exported.setdefault(person.id, []).append(visit.id)
        if rows:
            first = min(visit.start_at for visit, _ in rows).date() - timedelta(days=366)
            last = max(visit.end_at for visit, _ in rows).date() + timedelta(days=366)
            calendar.add_missing_timezones(first_date=first, last_date=last)
        return calendar, exported

    def _history(self, visit_ids: list[int], session: Session) -> dict[int, tuple[int, datetime]]:
        """Per visit: how many times it changed after creation, and when it last changed."""
        if not visit_ids:
            return {}
        history: dict[int, tuple[int, datetime]] = {}
        for chunk_start in range(0, len(visit_ids), 500):
            chunk = visit_ids[chunk_start : chunk_start + 500]
            for visit_id, changed, last in session.execute(
                sa.select(
                    AuditEvent.entity_id,
                    sa.func.count(AuditEvent.id).filter(AuditEvent.action == AuditAction.CHANGED),
                    sa.func.max(AuditEvent.at),
                )
                .where(AuditEvent.entity == "visit", AuditEvent.entity_id.in_(chunk))
                .group_by(AuditEvent.entity_id)
            ):
                history[int(visit_id or 0)] = (int(changed), audit_time(last))
        return history

    def _event(
        self,
        visit: Visit,
        person: YoungPerson,
        now: datetime,
        sequence: int,
        last_modified: datetime,
        detail: ExportDetail,
    ) -> icalendar.Event:
        if detail is ExportDetail.INITIALS:
            who = initials(person.given_name, person.family_name)
        else:
            who = f"{person.given_name} {person.family_name}"
        if detail is ExportDetail.NAMES_AND_ADDRESS and visit.place_detail:
            where = f"{visit.place.label}: {visit.place_detail}"
        else:
            where = visit.place.label
        import icalendar

        event = icalendar.Event()
        event.add("uid", visit.uid)
        event.add("dtstamp", now)
        event.add("dtstart", visit.start_at.astimezone(LONDON))
        event.add("dtend", visit.end_at.astimezone(LONDON))
        event.add("summary", without_control_characters(f"{visit.purpose.label} visit: {who}"))
        event.add("location", without_control_characters(where))
        event.add(
            "description",
            f"{visit.purpose.label} visit, referral {visit.referral_id}, "
            f"{visit.status.label.lower()}. Booked {format_date(visit.created_at)}.",
        )
        event.add("sequence", sequence)
        event.add("last-modified", last_modified)
        event.add("created", visit.created_at)
        event.add("status", "CANCELLED" if visit.status is VisitStatus.CANCELLED else "CONFIRMED")
        event.add("transp", "TRANSPARENT" if visit.status is VisitStatus.CANCELLED else "OPAQUE")
        event.add("class", "CONFIDENTIAL")
        return event


def audit_time(value: datetime | str) -> datetime:
    """An audit timestamp as aware UTC (an aggregate may come back without the column type)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return ensure_utc(value)
