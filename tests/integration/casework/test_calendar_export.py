"""The .ics export, read back with the icalendar package."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import icalendar
import pytest
import sqlalchemy as sa

from diversion_app.domain.access_rules import DisclosurePurpose, Recipient
from diversion_app.domain.diary import visit_instants
from diversion_app.domain.enums import AuditAction, Role, VisitPlace, VisitPurpose, VisitStatus
from diversion_app.domain.errors import ValidationError
from diversion_app.persistence.models import AuditEvent, Setting
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import PermissionDenied
from diversion_app.services.casework.visits import VisitDraft, VisitOutcome
from diversion_app.services.registry import Services
from tests.conftest import MovableClock
from tests.visit_helpers import add_caseworker, add_family, add_referral


def _book(services: Services, worker: Actor, referral: int, day: date, hour: int) -> int:
    assert worker.user_id is not None
    span = visit_instants(day, time(hour), time(hour + 1))
    return services.visits.schedule(
        worker,
        VisitDraft(
            referral_id=referral,
            caseworker_ids=(worker.user_id,),
            start_at=span.start,
            end_at=span.end,
            place=VisitPlace.HOME,
            purpose=VisitPurpose.ASSESSMENT,
            place_detail="12 Orchard Road, Exampleton, EX1 2AB",
        ),
        confirm=True,
    ).id


DIARY = Recipient("my Outlook diary", DisclosurePurpose.OTHER, "planning my visits")


def _events(path: Path) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def test_export_has_one_event_per_visit_in_london_time_with_stable_uids(
    services: Services, everyone: Actor, tmp_path: Path, clock: MovableClock
) -> None:
    worker = add_caseworker(services.ctx)
    family = add_family(services.ctx, "Jordan", "Sample")
    referral = add_referral(
        services.ctx, everyone, family.young_person_id, caseworker_id=worker.user_id
    )
    winter = _book(services, worker, referral, date(2026, 12, 2), 10)
    summer = _book(services, worker, referral, date(2027, 4, 6), 15)  # after the change to BST
    first = tmp_path / "first.ics"
    result = services.calendar_export.export(
        worker, worker.user_id, date(2026, 11, 28), date(2027, 5, 1), first, for_whom=DIARY
    )
    assert result.visits == 2
    events = _events(first)
    assert len(events) == 2
    starts = [e.decoded("dtstart") for e in events]
    assert [(s.hour, str(s.tzinfo)) for s in starts] == [
        (10, "Europe/London"),
        (15, "Europe/London"),
    ]
    assert [e["dtstart"].params["TZID"] for e in events] == ["Europe/London"] * 2
    raw = first.read_text()
    assert "BEGIN:VTIMEZONE" in raw and "TZID:Europe/London" in raw
    assert "Jordan" not in raw and "Sample" not in raw and "Orchard" not in raw
    assert [str(e["summary"]) for e in events] == ["Assessment visit: JS"] * 2
    assert [int(e["sequence"]) for e in events] == [0, 0]
    uids = [str(e["uid"]) for e in events]

    clock.advance(days=5)
    services.visits.record_outcome(
        worker,
        winter,
        VisitOutcome(VisitStatus.CANCELLED, cancelled_by="Young person or family", notes="Unwell"),
    )
    second = tmp_path / "second.ics"
    services.calendar_export.export(
        worker, worker.user_id, date(2026, 11, 28), date(2027, 5, 1), second, for_whom=DIARY
    )
    again = _events(second)
    assert [str(e["uid"]) for e in again] == uids
    assert [int(e["sequence"]) for e in again] == [1, 0]
    assert [str(e["status"]) for e in again] == ["CANCELLED", "CONFIRMED"]
    assert again[0].decoded("last-modified") > events[0].decoded("last-modified")
    with services.ctx.read_only() as session:
        disclosed = session.execute(
            sa.select(AuditEvent.young_person_id, AuditEvent.changes).where(
                AuditEvent.action == AuditAction.DISCLOSED
            )
        ).all()
    assert len(disclosed) == 2
    assert disclosed[0][0] == family.young_person_id
    assert disclosed[0][1]["visit_ids"] == sorted([winter, summer])
    assert disclosed[0][1]["recipient"] == "my Outlook diary"
    assert disclosed[0][1]["purpose_note"] == "planning my visits"
    assert "For my Outlook diary (planning my visits)" in " ".join(second.read_text().split())


def test_a_setting_allows_full_names_and_address(
    services: Services, everyone: Actor, tmp_path: Path
) -> None:
    worker = add_caseworker(services.ctx)
    family = add_family(services.ctx)
    referral = add_referral(
        services.ctx, everyone, family.young_person_id, caseworker_id=worker.user_id
    )
    _book(services, worker, referral, date(2026, 12, 2), 10)
    with services.ctx.unit_of_work() as session:
        session.add(Setting(key="calendar_export.detail", value="names_and_address"))
    path = tmp_path / "full.ics"
    services.calendar_export.export(
        worker, worker.user_id, date(2026, 12, 1), date(2026, 12, 31), path, for_whom=DIARY
    )
    (event,) = _events(path)
    assert str(event["summary"]) == "Assessment visit: Jordan Sample"
    assert str(event["location"]) == "Home: 12 Orchard Road, Exampleton, EX1 2AB"


def test_export_refuses_a_bad_range_and_another_caseworkers_diary(
    services: Services, tmp_path: Path
) -> None:
    worker = add_caseworker(services.ctx)
    other = add_caseworker(services.ctx, "Other Worker")
    with pytest.raises(ValidationError, match="must not be before the first day"):
        services.calendar_export.export(
            worker,
            worker.user_id,
            date(2026, 12, 2),
            date(2026, 12, 1),
            tmp_path / "x.ics",
            for_whom=DIARY,
        )
    with pytest.raises(PermissionDenied, match="another caseworker's diary"):
        services.calendar_export.export(
            worker,
            other.user_id,
            date(2026, 12, 1),
            date(2026, 12, 2),
            tmp_path / "x.ics",
            for_whom=DIARY,
        )
    officer = Actor(None, "o", "Officer", frozenset({Role.OFFICER}))
    with pytest.raises(PermissionDenied):
        services.calendar_export.export(
            officer, None, date(2026, 12, 1), date(2026, 12, 2), tmp_path / "x.ics", for_whom=DIARY
        )
    assert not (tmp_path / "x.ics").exists()


def test_an_export_without_a_recipient_is_refused_and_writes_nothing(
    services: Services, everyone: Actor, tmp_path: Path
) -> None:
    worker = add_caseworker(services.ctx)
    family = add_family(services.ctx, "Jordan", "Sample")
    referral = add_referral(
        services.ctx, everyone, family.young_person_id, caseworker_id=worker.user_id
    )
    _book(services, worker, referral, date(2026, 12, 2), 10)
    target = tmp_path / "diary.ics"
    with pytest.raises(ValidationError, match="who this calendar is for"):
        services.calendar_export.export(
            worker, worker.user_id, date(2026, 12, 1), date(2026, 12, 31), target, for_whom=None
        )
    assert not target.exists()
    with services.ctx.read_only() as session:
        assert not session.execute(
            sa.select(AuditEvent.id).where(AuditEvent.action == AuditAction.DISCLOSED)
        ).first()
