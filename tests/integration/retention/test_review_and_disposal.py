"""The review queue, keep and dispose decisions, and disposal on a demo database ten years on.

The demo database is built at FIXED_NOW; the clock then moves ten years. A young person
recorded through the services (so the audit trail holds their name) comes to the queue;
disposing of them leaves the past period reports exactly as they were, keeps the decision
in the trail and the log, and, after the file is rebuilt, no byte of their name or date of
birth in the database file.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from diversion_app.domain.community_resolution_rules import CommunityResolutionDraft
from diversion_app.domain.enums import (
    OPEN_REFERRAL_STATUSES,
    Area,
    AuditAction,
    ClosureStatus,
    Ethnicity,
    Gender,
    OffenceCategory,
    RestorativeAction,
    Role,
    VictimType,
)
from diversion_app.domain.retention import DisposalType, add_years
from diversion_app.domain.timekeeping import london_today
from diversion_app.domain.young_person_rules import YoungPersonDraft
from diversion_app.persistence import models as m
from diversion_app.persistence.engine import sqlite_path
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import Conflict, PermissionDenied, ValidationError
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.registry import Services
from tests.conftest import FOR_TESTS, MovableClock
from tests.integration.pdf_reading import all_text

GIVEN, FAMILY = "Zephyrine", "Quixotaway"
BORN_TYPED, BORN_ISO = "07/01/2009", "2009-01-07"
TEN_YEARS = 3653
EVERYONE = Actor(None, "test.all", "Test All Roles", frozenset(Role))
SUPERVISOR = Actor(None, "test.supervisor", "Test Supervisor", frozenset({Role.SUPERVISOR}))
ALL_PAGES = PageRequest(limit=100_000)


def _add_marked_child(services: Services) -> int:
    saved = services.young_person_editor.create(
        EVERYONE,
        YoungPersonDraft(
            given_name=GIVEN,
            family_name=FAMILY,
            date_of_birth=BORN_TYPED,
            gender=Gender.FEMALE,
            ethnicity=Ethnicity.NOT_STATED,
            area=Area.WEST,
            address_line1="9 Quixotaway Lane",
            postcode="ZZ9 9ZZ",
            pnc_id="2024/0012345Q",
        ),
        confirmed_new=True,
    )
    services.community_resolutions.record(
        EVERYONE,
        CommunityResolutionDraft(
            young_person_id=saved.id,
            crime_reference="CR/26/424242",
            offence_date="01/11/2026",
            offence_category=OffenceCategory.THEFT,
            offence_description=f"{GIVEN} took a bicycle from the school rack.",
            officer_name="PC Example",
            collar_number="4321",
            accepted_responsibility=True,
            appropriate_adult_present=True,
            victim_type=VictimType.NONE,
            restorative_actions=(RestorativeAction.APOLOGY,),
            gravity_score=2,
            authorised_by="Sgt Example",
        ),
    )
    return saved.id


def _raw_bytes(services: Services) -> bytes:
    engine = services.ctx.sessions.kw["bind"]
    path = sqlite_path(str(engine.url))
    assert path is not None
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def _past_years(services: Services) -> list[list[tuple[str, object, object]]]:
    figures = []
    for year in range(2021, 2027):
        report = services.reports.performance(EVERYONE, date(year - 1, 6, 1), date(year, 5, 31))
        figures.append(
            [
                (row.label, row.current, row.previous)
                for section in report.sections()
                for row in section.rows
            ]
        )
    return figures


def _printed_year(services: Services, path: Path) -> str:
    """June 2025 - May 2026 beside the year before, printed and read back (less the footer
    naming the audit trail's head, which grows with every print and the disposal itself)."""
    services.reports.write_performance_pdf(
        EVERYONE, path, date(2025, 6, 1), date(2026, 5, 31), for_whom=FOR_TESTS
    )
    lines = all_text(path).splitlines()
    return "\n".join(line for line in lines if not line.startswith("Audit trail: "))


@pytest.fixture
def ten_years_on(demo_services: Services, clock: MovableClock) -> tuple[Services, int]:
    person_id = _add_marked_child(demo_services)
    clock.advance(days=TEN_YEARS)
    return demo_services, person_id


def test_the_queue_offers_exactly_those_past_every_period_with_nothing_open(
    ten_years_on: tuple[Services, int], clock: MovableClock
) -> None:
    services, marked = ten_years_on
    page = services.retention_reviews.queue(SUPERVISOR, ALL_PAGES)
    offered = {row.young_person_id for row in page.rows}
    assert marked in offered
    assert page.total == len(page.rows) > 10
    assert [row.due_since for row in page.rows] == sorted(row.due_since for row in page.rows)
    today = london_today(clock())
    with services.ctx.read_only() as session:
        open_ids = set(
            session.execute(
                sa.select(m.Referral.young_person_id).where(
                    m.Referral.status.in_(OPEN_REFERRAL_STATUSES)
                )
            ).scalars()
        )
        unanswered = set(
            session.execute(
                sa.select(m.Referral.young_person_id)
                .join(m.Closure, m.Closure.referral_id == m.Referral.id)
                .outerjoin(m.FollowUp, m.FollowUp.closure_id == m.Closure.id)
                .where(m.Closure.status == ClosureStatus.APPROVED, m.FollowUp.id.is_(None))
            ).scalars()
        )
        born = dict(session.execute(sa.select(m.YoungPerson.id, m.YoungPerson.date_of_birth)).all())
        crs = session.execute(
            sa.select(m.CommunityResolution.young_person_id, m.CommunityResolution.recorded_on)
        ).all()
        referrals = session.execute(
            sa.select(m.Referral.young_person_id, m.Referral.status_changed_at)
        ).all()
    assert open_ids and not offered & open_ids
    assert unanswered and not offered & unanswered
    for person_id in offered:
        assert add_years(born[person_id], 18) <= today
    for person_id, recorded_on in crs:
        if person_id in offered:
            assert add_years(recorded_on, 3) <= today
    for person_id, changed_at in referrals:
        if person_id in offered:
            assert add_years(changed_at.date(), 3) <= today + timedelta(days=1)


def test_a_recent_record_or_an_open_referral_keeps_someone_out(
    ten_years_on: tuple[Services, int],
) -> None:
    services, marked = ten_years_on
    services.community_resolutions.record(
        EVERYONE,
        CommunityResolutionDraft(
            young_person_id=marked,
            crime_reference="CR/36/111111",
            offence_date="01/11/2026",
            offence_category=OffenceCategory.THEFT,
            offence_description="A late-recorded resolution.",
            officer_name="PC Example",
            collar_number="4321",
            accepted_responsibility=True,
            appropriate_adult_present=True,
            victim_type=VictimType.NONE,
            restorative_actions=(RestorativeAction.APOLOGY,),
            gravity_score=2,
            authorised_by="Sgt Example",
        ),
    )
    offered = {row.young_person_id for row in services.retention_reviews.queue(SUPERVISOR).rows}
    assert marked not in offered
    with pytest.raises(Conflict, match="not due"):
        services.retention_reviews.dispose(SUPERVISOR, marked, "Past the retention period.")


def test_disposal_erases_the_child_keeps_past_reports_and_logs_the_decision(
    ten_years_on: tuple[Services, int], tmp_path: Path
) -> None:
    services, marked = ten_years_on
    engine = services.ctx.sessions.kw["bind"]
    path = sqlite_path(str(engine.url))
    assert path is not None
    older_backup = path.with_name(path.name + ".backup-20300101-090000")
    older_backup.write_bytes(b"a backup made before the disposal")
    before = _past_years(services)
    pdf_before = _printed_year(services, tmp_path / "before.pdf")
    raw = _raw_bytes(services)
    for needle in (GIVEN, FAMILY, BORN_ISO, "CR/26/424242", "ZZ9 9ZZ", "2024/0012345Q"):
        assert needle.encode() in raw, needle  # the search below can find what it looks for

    with pytest.raises(ValidationError) as named:
        services.retention_reviews.dispose(SUPERVISOR, marked, f"{FAMILY} is now an adult")
    assert "reason" in named.value.problems
    outcome = services.retention_reviews.dispose(
        SUPERVISOR, marked, "All records past the retention period; no open work."
    )
    assert outcome.records == ((DisposalType.COMMUNITY_RESOLUTION, 1),)
    assert outcome.backups == (older_backup.name,)
    assert services.retention_reviews.overwrite_erased(SUPERVISOR) is True

    raw = _raw_bytes(services)
    for needle in (GIVEN, FAMILY, BORN_ISO, "CR/26/424242", "ZZ9 9ZZ", "2024/0012345Q"):
        assert needle.encode() not in raw, needle
    assert _past_years(services) == before
    pdf_after = _printed_year(services, tmp_path / "after.pdf")
    assert "Referrals received" in pdf_after and pdf_after == pdf_before

    log = services.retention_reviews.decisions(SUPERVISOR)
    assert log[0].young_person_id == marked and log[0].decided_by == "test.supervisor"
    assert log[0].records == (("Community Resolution", 1),)
    assert log[0].backups == (older_backup.name,) and log[0].backups_holding == 1
    with services.ctx.read_only() as session:
        erased = session.execute(
            sa.select(m.AuditEvent).where(m.AuditEvent.action == AuditAction.ERASED)
        ).scalar_one()
        assert erased.young_person_id == marked and erased.username == "test.supervisor"
        assert erased.changes["backups_still_holding_data"] == 1
        assert audit.verify_chain(session) == []
        person = session.get(m.YoungPerson, marked)
        assert person is not None and person.disposed_at is not None
        assert person.date_of_birth == date(2009, 1, 1)
    assert marked not in {
        r.young_person_id for r in services.retention_reviews.queue(SUPERVISOR).rows
    }
    found = services.young_people.search(EVERYONE, PageRequest(text="01/01/2009", limit=500))
    assert marked not in {row.id for row in found}
    with pytest.raises(Conflict, match="already been disposed"):
        services.retention_reviews.dispose(SUPERVISOR, marked, "Again.")


def test_an_altered_event_is_still_found_after_a_disposal(
    ten_years_on: tuple[Services, int],
) -> None:
    services, marked = ten_years_on
    other = services.young_person_editor.create(
        EVERYONE,
        YoungPersonDraft(
            given_name="Other",
            family_name="Child",
            date_of_birth="03/03/2012",
            gender=Gender.MALE,
            ethnicity=Ethnicity.NOT_STATED,
            area=Area.EAST,
            address_line1="1 Other Road",
        ),
        confirmed_new=True,
    )
    services.retention_reviews.dispose(SUPERVISOR, marked, "Past the retention period.")

    def pretend_erased() -> int:
        with services.ctx.unit_of_work() as session:
            victim = session.execute(
                sa.select(m.AuditEvent)
                .where(m.AuditEvent.young_person_id == other.id)
                .order_by(m.AuditEvent.id)
                .limit(1)
            ).scalar_one()
            victim.changes = {"erased": "pretending"}
            return victim.id

    # the trail's trigger allows blanking a disposed child's events only
    with pytest.raises(sa.exc.IntegrityError, match="cannot be changed"):
        pretend_erased()
    # someone with the file drops the trigger and tries again: check still finds it
    with services.ctx.unit_of_work() as session:
        session.execute(sa.text("DROP TRIGGER audit_events_refuse_update"))
    victim_id = pretend_erased()
    with services.ctx.read_only() as session:
        problems = audit.verify_chain(session)
    assert [p.event_id for p in problems if p.event_id] == [victim_id]


def test_keep_needs_a_reason_and_a_future_review_and_hides_until_then(
    ten_years_on: tuple[Services, int], clock: MovableClock
) -> None:
    services, marked = ten_years_on
    today = london_today(clock())
    with pytest.raises(ValidationError) as problems:
        services.retention_reviews.keep(SUPERVISOR, marked, "  ", today)
    assert set(problems.value.problems) == {"reason", "review_on"}
    services.retention_reviews.keep(
        SUPERVISOR, marked, "Civil claim pending", today + timedelta(days=30)
    )
    assert marked not in {
        r.young_person_id for r in services.retention_reviews.queue(SUPERVISOR).rows
    }
    assert services.retention_reviews.decisions(SUPERVISOR)[0].review_on == today + timedelta(
        days=30
    )
    clock.advance(days=30)
    assert marked in {
        r.young_person_id for r in services.retention_reviews.queue(SUPERVISOR, ALL_PAGES).rows
    }


def test_a_legal_hold_keeps_someone_out_until_released(
    ten_years_on: tuple[Services, int],
) -> None:
    services, marked = ten_years_on
    services.retention_reviews.place_hold(SUPERVISOR, marked, "Court order 123")
    assert [h.young_person_id for h in services.retention_reviews.holds(SUPERVISOR)] == [marked]
    assert marked not in {
        r.young_person_id for r in services.retention_reviews.queue(SUPERVISOR, ALL_PAGES).rows
    }
    with pytest.raises(Conflict):
        services.retention_reviews.dispose(SUPERVISOR, marked, "Past the retention period.")
    services.retention_reviews.release_hold(SUPERVISOR, marked, "Order discharged")
    assert marked in {
        r.young_person_id for r in services.retention_reviews.queue(SUPERVISOR, ALL_PAGES).rows
    }


def test_only_supervisors_review_and_only_administrators_set_periods(
    ten_years_on: tuple[Services, int],
) -> None:
    services, marked = ten_years_on
    caseworker = Actor(None, "cw", "Caseworker", frozenset({Role.CASEWORKER}))
    admin = Actor(None, "admin", "Admin", frozenset({Role.ADMINISTRATOR}))
    with pytest.raises(PermissionDenied):
        services.retention_reviews.queue(caseworker)
    with pytest.raises(PermissionDenied):
        services.retention_reviews.dispose(admin, marked, "Past the retention period.")
    with pytest.raises(PermissionDenied):
        services.retention_periods.set_periods(SUPERVISOR, {DisposalType.SCHOOL_REFERRAL: 5})
    with pytest.raises(ValidationError):
        services.retention_periods.set_periods(admin, {DisposalType.SCHOOL_REFERRAL: 0})
    periods = services.retention_periods.set_periods(admin, {DisposalType.COMMUNITY_RESOLUTION: 12})
    assert periods.for_type(DisposalType.COMMUNITY_RESOLUTION) == 12
    assert marked not in {
        r.young_person_id for r in services.retention_reviews.queue(SUPERVISOR).rows
    }
    with services.ctx.read_only() as session:
        username, changes = session.execute(
            sa.select(m.AuditEvent.username, m.AuditEvent.changes)
            .where(m.AuditEvent.entity == "setting")
            .order_by(m.AuditEvent.id.desc())
            .limit(1)
        ).one()
    assert username == "admin"
    assert changes == {"retention_years.community_resolution": [3, 12]}


def test_disposal_erases_who_asked_for_the_childs_data_and_why(
    ten_years_on: tuple[Services, int], clock: MovableClock
) -> None:
    """A subject access request names who asked and may carry notes: both go at disposal."""
    from diversion_app.domain.subject_access import RequestDraft, Requester

    services, marked = ten_years_on
    request_id = services.subject_access.record_request(
        EVERYONE,
        RequestDraft(
            young_person_id=marked,
            requester=Requester.REPRESENTATIVE,
            requester_name="Quentin Solicitorby",
            received_on=london_today(clock()),
            notes="Asked by letter on behalf of the family",
        ),
    )
    services.retention_reviews.dispose(SUPERVISOR, marked, "Past the retention period.")
    with services.ctx.read_only() as session:
        request = session.get(m.SubjectAccessRequest, request_id)
        assert request is not None
        assert (request.requester_name, request.notes) == ("", None)
