"""A subject access request after it is recorded: the one two-month extension (complex or
numerous requests only, within the first month), withdrawing it, marking it answered
outside the application, a pack that can be cancelled leaving nothing behind, and
``diversion-app sar --out DIR`` making its folder or refusing a path it cannot use."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from diversion_app.cli import main
from diversion_app.domain.enums import AuditAction
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.subject_access import RequestDraft, Requester, RequestStatus
from diversion_app.domain.subject_access_decisions import ExtensionGround
from diversion_app.persistence import models as m
from diversion_app.reports.errors import ReportCancelled
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import PermissionDenied
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.registry import Services
from tests.conftest import MovableClock


def _supervisor(services: Services) -> Actor:
    return services.accounts.sign_in("supervisor", "demo-supervisor-pass")


def _request(services: Services, received: date = date(2026, 11, 10)) -> tuple[int, int]:
    """(request id, young person id) of a fresh request from a demo young person."""
    with services.ctx.read_only() as session:
        person = session.execute(sa.select(sa.func.min(m.YoungPerson.id))).scalar_one()
    request_id = services.subject_access.record_request(
        _supervisor(services), RequestDraft(person, Requester.YOUNG_PERSON, "", received)
    )
    return request_id, int(person)


def _changes(services: Services, request_id: int) -> list[dict[str, object]]:
    with services.ctx.read_only() as session:
        return [
            dict(changes or {})
            for changes in session.execute(
                sa.select(m.AuditEvent.changes)
                .where(
                    m.AuditEvent.entity == "subject_access_request",
                    m.AuditEvent.entity_id == request_id,
                    m.AuditEvent.action == AuditAction.CHANGED,
                )
                .order_by(m.AuditEvent.id)
            ).scalars()
        ]


def _row(services: Services, request_id: int) -> m.SubjectAccessRequest:
    with services.ctx.read_only() as session:
        row = session.get(m.SubjectAccessRequest, request_id)
        assert row is not None
        session.expunge(row)
        return row


def test_the_deadline_is_extended_once_by_two_months_with_a_lawful_ground(
    demo_services: Services,
) -> None:
    supervisor = _supervisor(demo_services)
    sar = demo_services.subject_access
    request_id, person = _request(demo_services, received=date(2026, 11, 30 - 2))
    with pytest.raises(ValidationError) as problems:
        sar.extend(supervisor, request_id, None, "long")
    assert set(problems.value.problems) == {"ground", "reason"}
    assert _row(demo_services, request_id).due_on == date(2026, 12, 28)  # nothing changed

    new_due = sar.extend(
        supervisor,
        request_id,
        ExtensionGround.COMPLEX,
        "Records from three referrals and school work must be read for third parties.",
    )
    assert new_due == date(2027, 2, 28)
    assert _row(demo_services, request_id).due_on == date(2027, 2, 28)
    [row] = [r for r in sar.requests(supervisor, PageRequest()) if r.id == request_id]
    assert row.extended and row.status is RequestStatus.OPEN
    [changes] = _changes(demo_services, request_id)
    assert changes["due_on"] == ["2026-12-28", "2027-02-28"]
    assert changes["extension"] == "The request is complex"
    assert "three referrals" in str(changes["reason"])
    with demo_services.ctx.read_only() as session:
        about = session.execute(
            sa.select(m.AuditEvent.young_person_id).where(
                m.AuditEvent.entity == "subject_access_request",
                m.AuditEvent.action == AuditAction.CHANGED,
            )
        ).scalar_one()
    assert about == person  # in the young person's own trail and access log

    with pytest.raises(ValidationError, match="only once"):
        sar.extend(supervisor, request_id, ExtensionGround.NUMEROUS, "Asked again for more time.")
    assert _row(demo_services, request_id).due_on == date(2027, 2, 28)


def test_an_extension_must_be_made_within_the_first_month(
    demo_services: Services, clock: MovableClock
) -> None:
    supervisor = _supervisor(demo_services)
    request_id, _ = _request(demo_services, received=date(2026, 11, 1))  # due 01/12/2026
    clock.advance(days=4)  # 02/12/2026: too late
    with pytest.raises(ValidationError, match="within the first month"):
        demo_services.subject_access.extend(
            supervisor, request_id, ExtensionGround.COMPLEX, "Many records to read through."
        )
    assert _changes(demo_services, request_id) == []


def test_a_request_is_withdrawn_with_a_reason_and_leaves_the_open_list(
    demo_services: Services,
) -> None:
    supervisor = _supervisor(demo_services)
    sar = demo_services.subject_access
    request_id, _ = _request(demo_services)
    with pytest.raises(ValidationError) as problems:
        sar.withdraw(supervisor, request_id, "  no ")
    assert set(problems.value.problems) == {"reason"}
    sar.withdraw(supervisor, request_id, "Withdrawn by the requester in writing on 20/11/2026.")
    assert _row(demo_services, request_id).status is RequestStatus.WITHDRAWN
    assert request_id not in [r.id for r in sar.requests(supervisor, PageRequest())]
    assert request_id in [r.id for r in sar.requests(supervisor, PageRequest(), open_only=False)]
    [changes] = _changes(demo_services, request_id)
    assert changes["status"] == ["open", "withdrawn"]
    for decision in (
        lambda: sar.withdraw(supervisor, request_id, "Withdrawn a second time, by mistake."),
        lambda: sar.extend(supervisor, request_id, ExtensionGround.COMPLEX, "Too late for this."),
        lambda: sar.mark_answered(supervisor, request_id, date(2026, 11, 20), "Posted to them."),
    ):
        with pytest.raises(ValidationError, match="already withdrawn"):
            decision()


def test_a_reply_sent_outside_the_application_is_marked_answered(
    demo_services: Services,
) -> None:
    supervisor = _supervisor(demo_services)
    sar = demo_services.subject_access
    request_id, _ = _request(demo_services, received=date(2026, 11, 10))
    with pytest.raises(ValidationError) as problems:
        sar.mark_answered(supervisor, request_id, date(2026, 11, 9), "")
    assert set(problems.value.problems) == {"answered_on", "how"}
    with pytest.raises(ValidationError, match="future"):
        sar.mark_answered(supervisor, request_id, date(2026, 11, 29), "Posted recorded delivery.")
    sar.mark_answered(supervisor, request_id, date(2026, 11, 20), "Posted recorded delivery.")
    row = _row(demo_services, request_id)
    assert row.status is RequestStatus.SENT
    assert row.sent_at is not None
    assert row.sent_at.replace(tzinfo=UTC) == datetime(2026, 11, 20, 12, tzinfo=UTC)
    [changes] = _changes(demo_services, request_id)
    assert changes == {
        "status": ["open", "sent"],
        "answered_on": "2026-11-20",
        "how": "Posted recorded delivery.",
    }


def test_only_supervisors_decide_on_requests(demo_services: Services) -> None:
    request_id, _ = _request(demo_services)
    caseworker = demo_services.accounts.sign_in("caseworker", "demo-caseworker-pass")
    sar = demo_services.subject_access
    for decision in (
        lambda: sar.extend(caseworker, request_id, ExtensionGround.COMPLEX, "Many records here."),
        lambda: sar.withdraw(caseworker, request_id, "Withdrawn by the requester."),
        lambda: sar.mark_answered(caseworker, request_id, date(2026, 11, 20), "Posted to them."),
    ):
        with pytest.raises(PermissionDenied):
            decision()
    assert _row(demo_services, request_id).status is RequestStatus.OPEN


def test_a_cancelled_pack_leaves_no_file_no_disclosure_and_the_request_open(
    demo_services: Services, tmp_path: Path
) -> None:
    supervisor = _supervisor(demo_services)
    request_id, _ = _request(demo_services)
    pages: list[tuple[int, int]] = []
    tmp_path = tmp_path / "packs"
    tmp_path.mkdir()
    with pytest.raises(ReportCancelled):
        demo_services.subject_access.make_pack(
            supervisor,
            request_id,
            tmp_path,
            progress=lambda done, expected: pages.append((done, expected)),
            cancelled=lambda: len(pages) >= 1,
        )
    assert list(tmp_path.iterdir()) == []
    assert _row(demo_services, request_id).status is RequestStatus.OPEN
    with demo_services.ctx.read_only() as session:
        assert (
            session.execute(
                sa.select(m.AuditEvent.id).where(m.AuditEvent.entity == "subject_access_pack")
            ).first()
            is None
        )
    written = demo_services.subject_access.make_pack(
        supervisor,
        request_id,
        tmp_path,
        progress=lambda done, expected: pages.append((done, expected)),
    )
    assert pages[-1][0] == written.pages  # progress followed every page
    with pytest.raises(ValidationError, match="already sent"):
        demo_services.subject_access.make_pack(supervisor, request_id, tmp_path)


def test_a_pack_refuses_a_file_or_a_missing_folder_in_plain_words(
    demo_services: Services, tmp_path: Path
) -> None:
    supervisor = _supervisor(demo_services)
    request_id, _ = _request(demo_services)
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    with pytest.raises(ValidationError, match="is a file, not a folder"):
        demo_services.subject_access.make_pack(supervisor, request_id, a_file)
    with pytest.raises(ValidationError, match="There is no folder"):
        demo_services.subject_access.make_pack(supervisor, request_id, tmp_path / "nowhere")
    assert _row(demo_services, request_id).status is RequestStatus.OPEN


def _cli_sar(db: Path, out: Path, monkeypatch: pytest.MonkeyPatch, person: int = 1) -> int:
    monkeypatch.setenv("DIVERSION_PASSWORD", "demo-supervisor-pass")
    return main(
        [
            *("sar", "--db", str(db), "--user", "supervisor"),
            *("--young-person", str(person), "--out", str(out)),
        ]
    )


def _requests(db: Path, person: int) -> int:
    """How many requests (any status) the database holds for ``person``."""
    engine = sa.create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as connection:
            return int(
                connection.execute(
                    sa.text(
                        "SELECT count(*) FROM subject_access_requests WHERE young_person_id = :p"
                    ),
                    {"p": person},
                ).scalar_one()
            )
    finally:
        engine.dispose()


def test_the_command_makes_the_folder_and_refuses_a_file_plainly(
    demo_ctx: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "demo.db"  # the demo database the fixture copied here
    out = tmp_path / "packs" / "december"
    assert _cli_sar(db, out, monkeypatch) == 0
    assert sorted(p.suffix for p in out.iterdir()) == [".json", ".pdf"]
    assert "Subject access pack written" in capsys.readouterr().out
    before = _requests(db, 2)

    a_file = tmp_path / "packs.txt"
    a_file.write_text("not a folder")
    assert _cli_sar(db, a_file, monkeypatch, person=2) != 0
    error = capsys.readouterr().err
    assert "is a file, not a folder" in error and "Traceback" not in error
    assert a_file.read_text() == "not a folder"
    assert _requests(db, 2) == before  # nothing recorded for a refused folder


def test_the_command_refuses_a_folder_it_cannot_make_or_write(
    demo_ctx: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from diversion_app.services.people import subject_access

    db = tmp_path / "demo.db"
    before = _requests(db, 1)
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    assert _cli_sar(db, a_file / "inside", monkeypatch) != 0  # under a file: cannot be made
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    # the tests may run as root, who may write anywhere: the folder's answer is given here
    monkeypatch.setattr(
        subject_access.os,
        "access",
        lambda path, mode: False if Path(path) == locked else real_access(path, mode),
    )
    assert _cli_sar(db, locked, monkeypatch) != 0
    error = capsys.readouterr().err
    assert "cannot be made" in error and "cannot be written to" in error
    assert "Traceback" not in error
    assert list(locked.iterdir()) == []
    assert _requests(db, 1) == before


def test_a_pack_not_written_leaves_none_of_the_folders_it_made(
    demo_ctx: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "demo.db"
    kept = tmp_path / "already here"
    kept.mkdir()
    out = kept / "packs" / "2026" / "december"
    assert _cli_sar(db, out, monkeypatch, person=999_999) != 0  # no such young person
    assert "Traceback" not in capsys.readouterr().err
    assert kept.is_dir() and list(kept.iterdir()) == []  # nothing made is left, nothing more
