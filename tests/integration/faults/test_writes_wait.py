"""Writes wait for another process's lock, then succeed; a lock held too long is said plainly."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from diversion_app.domain.contact_rules import ContactDraft
from diversion_app.domain.enums import ContactMethod, ContactOutcome, Role
from diversion_app.persistence.engine import create_engine, session_factory, sqlite_url
from diversion_app.persistence.sqlite_write_lock import WriteLockTimeout, begin_immediate
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import DatabaseBusy
from diversion_app.services.registry import Services
from tests.factories import add_child, add_user, referral_draft
from tests.integration.faults.processes import finish, start, wait_for_line


def _contact(referral_id: int, services: Services) -> ContactDraft:
    return ContactDraft(
        referral_id=referral_id,
        occurred_at=services.ctx.now() - timedelta(minutes=10),
        method=ContactMethod.PHONE,
        outcome=ContactOutcome.NO_ANSWER,
        with_young_person=True,
    )


def test_a_write_waits_for_another_process_then_succeeds(services: Services, db_path: Path) -> None:
    supervisor = add_user(services.ctx, "sue", "Sue Supervisor", Role.SUPERVISOR)
    made = services.referral_record.make(
        supervisor,
        referral_draft(
            add_child(services.ctx, date(2012, 3, 3)), services.ctx.now() - timedelta(hours=1)
        ),
    )
    holder = start("hold", str(db_path), "1.5")
    try:
        wait_for_line(holder, "held")
        began = time.monotonic()
        saved = services.contacts.record(supervisor, _contact(made.id, services))
        waited = time.monotonic() - began
    finally:
        exit_code = finish(holder)
    assert exit_code == 0
    assert waited > 0.5  # it queued behind the other process instead of being refused
    assert saved.id > 0


def test_a_reader_is_not_held_up_by_another_process_writing(
    services: Services, db_path: Path
) -> None:
    supervisor = add_user(services.ctx, "sue", "Sue Supervisor", Role.SUPERVISOR)
    holder = start("hold", str(db_path), "2")
    try:
        wait_for_line(holder, "held")
        began = time.monotonic()
        services.referral_list.count(supervisor)
        assert time.monotonic() - began < 1.5
    finally:
        finish(holder)


def test_a_lock_held_too_long_is_a_plain_refusal_and_nothing_is_saved(
    tmp_path: Path, services: Services, db_path: Path
) -> None:
    supervisor = add_user(services.ctx, "sue", "Sue Supervisor", Role.SUPERVISOR)
    child_id = add_child(services.ctx, date(2012, 3, 3))
    impatient = create_engine(sqlite_url(db_path), write_lock_wait_seconds=0.2)
    hurried = Services.build(
        ServiceContext(session_factory(impatient), now_provider=services.ctx.now_provider)
    )
    holder = start("hold", str(db_path), "6")
    try:
        wait_for_line(holder, "held")
        with pytest.raises(DatabaseBusy) as refused:
            hurried.referral_record.make(supervisor, referral_draft(child_id, services.ctx.now()))
    finally:
        finish(holder)
        impatient.dispose()
    assert str(refused.value).startswith("The database is busy: another program or user has")
    assert "nothing was saved" in str(refused.value)
    assert services.referral_list.count(supervisor) == 0


class _LockedConnection:
    """A DB-API connection whose BEGIN IMMEDIATE is refused ``times`` times."""

    def __init__(self, times: int) -> None:
        self.refusals_left = times
        self.attempts = 0

    def execute(self, sql: str) -> None:
        import sqlite3

        assert sql == "BEGIN IMMEDIATE"
        self.attempts += 1
        if self.refusals_left:
            self.refusals_left -= 1
            raise sqlite3.OperationalError("database is locked")


def test_the_begin_is_retried_with_growing_pauses_within_the_bound() -> None:
    now = [0.0]
    pauses: list[float] = []

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        now[0] += seconds + 5.0  # each refused attempt also waited out the busy timeout

    connection = _LockedConnection(times=3)
    begin_immediate(connection, 30.0, clock=lambda: now[0], sleep=sleep)
    assert connection.attempts == 4
    assert len(pauses) == 3 and pauses[0] < pauses[-1]

    stuck = _LockedConnection(times=100)
    with pytest.raises(WriteLockTimeout):
        begin_immediate(stuck, 30.0, clock=lambda: now[0], sleep=sleep)
    assert stuck.attempts < 10


def test_another_error_at_begin_is_not_retried() -> None:
    import sqlite3

    class Broken:
        attempts = 0

        def execute(self, sql: str) -> None:
            self.attempts += 1
            raise sqlite3.OperationalError("disk I/O error")

    broken = Broken()
    with pytest.raises(sqlite3.OperationalError):
        begin_immediate(broken, 30.0)
    assert broken.attempts == 1


def test_two_processes_allocating_one_referral_at_once_exactly_one_wins(
    services: Services, db_path: Path
) -> None:
    sue = add_user(services.ctx, "sue", "Sue Supervisor", Role.SUPERVISOR)
    sam = add_user(services.ctx, "sam", "Sam Supervisor", Role.SUPERVISOR)
    alex = add_user(services.ctx, "alex", "Alex Caseworker", Role.CASEWORKER)
    bea = add_user(services.ctx, "bea", "Bea Caseworker", Role.CASEWORKER)
    made = services.referral_record.make(
        sue, referral_draft(add_child(services.ctx, date(2012, 3, 3)), services.ctx.now())
    )
    start_at = str(time.time() + 3.0)
    racers = [
        start("allocate", str(db_path), start_at, str(made.id), str(sup.user_id), str(w.user_id))
        for sup, w in ((sue, alex), (sam, bea))
    ]
    results = []
    for racer in racers:
        wait_for_line(racer, "ready")
    for racer in racers:
        output, errors = racer.communicate(timeout=60)
        assert racer.returncode == 0, errors
        results.append(output.strip())
    assert sorted(results) == ["refused", "won"]
    record = services.referral_record.record(sue, made.id)
    allocations = [entry for entry in record.history if entry.kind == "allocation"]
    assert len(allocations) == 1


def test_a_write_transaction_inside_another_fails_at_once_instead_of_waiting_for_itself(
    services: Services,
) -> None:
    from diversion_app.services.base.context import NestedWriteTransaction

    began = time.monotonic()
    with (
        services.ctx.unit_of_work(),
        pytest.raises(NestedWriteTransaction),
        services.ctx.unit_of_work(),
    ):
        pass
    assert time.monotonic() - began < 5  # not the 30 s wait for a lock it holds itself


def test_a_refusal_found_inside_a_write_transaction_is_still_audited(
    services: Services,
) -> None:
    import sqlalchemy as sa

    from diversion_app.domain.enums import AuditAction
    from diversion_app.persistence.models import AuditEvent
    from diversion_app.services.base.errors import PermissionDenied
    from diversion_app.services.base.permissions import refuse

    officer = add_user(services.ctx, "pc", "PC One", Role.OFFICER)
    with pytest.raises(PermissionDenied), services.ctx.unit_of_work():
        raise refuse(services.ctx, officer, "do something not allowed")
    with services.ctx.read_only() as session:
        last = session.execute(
            sa.select(AuditEvent.action, AuditEvent.user_id).order_by(AuditEvent.id.desc()).limit(1)
        ).one()
    assert tuple(last) == (AuditAction.REFUSED, officer.user_id)
