"""Reading and exporting the audit trail; the viewed/disclosed helpers; the CLI's sign-in."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from diversion_app.cli import main
from diversion_app.domain.enums import AuditAction, Role
from diversion_app.services.accounts.admin_lists import AuditFilter
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.base.safe_csv import neutralise, write_csv
from diversion_app.services.registry import Services
from tests.conftest import FOR_TESTS, MovableClock

FOR = ["--for", "the test suite", "--purpose", "supervision"]
"""Every export names its recipient and purpose."""


def _actor(services: Services, username: str, password: str) -> Actor:
    return services.accounts.sign_in(username, password)


def test_view_and_disclosure_helpers_write_events_for_the_young_person(
    demo_services: Services,
) -> None:
    officer = _actor(demo_services, "officer", "demo-officer-pass")
    with demo_services.ctx.unit_of_work() as session:
        audit.record_view(session, officer, 17, at=demo_services.ctx.now())
        audit.record_disclosure(
            session,
            officer,
            "young person summary PDF",
            at=demo_services.ctx.now(),
            young_person_id=17,
            details={"pages": 2},
        )
    supervisor = _actor(demo_services, "supervisor", "demo-supervisor-pass")
    rows = demo_services.admin.audit_events(
        supervisor, PageRequest(), AuditFilter(young_person_id=17)
    )
    assert [r.action for r in rows][:2] == [AuditAction.DISCLOSED, AuditAction.VIEWED]
    assert rows[0].details == "What: young person summary PDF; Pages: 2"
    assert all(r.young_person_id == 17 for r in rows)


def test_the_trail_of_one_user_between_two_dates(
    demo_services: Services, clock: MovableClock
) -> None:
    clock.current = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)  # 23:30 in London
    officer = _actor(demo_services, "officer", "demo-officer-pass")
    clock.current = datetime(2026, 12, 2, 0, 30, tzinfo=UTC)
    _actor(demo_services, "officer", "demo-officer-pass")
    supervisor = _actor(demo_services, "supervisor", "demo-supervisor-pass")
    mine = AuditFilter(user_id=officer.user_id)
    assert demo_services.admin.audit_count(supervisor, mine) == 2
    first_day = AuditFilter(
        user_id=officer.user_id, date_from=date(2026, 12, 1), date_to=date(2026, 12, 1)
    )
    rows = demo_services.admin.audit_events(supervisor, PageRequest(), first_day)
    assert len(rows) == 1 and rows[0].action is AuditAction.SIGNED_IN
    later = AuditFilter(user_id=officer.user_id, date_from=date(2026, 12, 2))
    assert demo_services.admin.audit_count(supervisor, later) == 1


def test_export_is_utf8_with_bom_and_is_itself_audited(
    demo_services: Services, tmp_path: Path
) -> None:
    admin = _actor(demo_services, "admin", "demo-admin-pass")
    supervisor = _actor(demo_services, "supervisor", "demo-supervisor-pass")
    from diversion_app.services.accounts.accounts import AccountDraft

    demo_services.accounts.create_account(
        admin,
        AccountDraft("zoe.b", "=Zoë Brontë", "Copper-Finch-Meadow-31", frozenset({Role.OFFICER})),
    )
    where = AuditFilter(user_id=admin.user_id)
    out = tmp_path / "trail.csv"
    count = demo_services.admin.export_audit_csv(supervisor, where, out, for_whom=FOR_TESTS)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][0] == "Event" and len(rows) == count + 1
    assert any("Zoë Brontë" in cell for row in rows for cell in row)
    last = demo_services.admin.audit_events(supervisor, PageRequest(limit=1))[0]
    assert last.action is AuditAction.DISCLOSED and last.username == "supervisor"


def test_cells_that_would_be_formulas_are_neutralised(tmp_path: Path) -> None:
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("+44 1234") == "'+44 1234"
    assert neutralise("-5") == "'-5"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("Zoë") == "Zoë" and neutralise(None) == "" and neutralise(3) == "3"
    path = tmp_path / "x.csv"
    write_csv(path, ["A", "B"], [['=HYPERLINK("http://x")', "plain"]])
    text = path.read_text(encoding="utf-8-sig")
    assert text.splitlines()[1].startswith("\"'=HYPERLINK") or text.splitlines()[1].startswith(
        "'=HYPERLINK"
    )


def test_the_cli_signs_in_with_user_and_password_from_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "a.db"
    assert main(["demo", "--db", str(db), "--young-people", "20"]) == 0
    assert "Created one account per role" in capsys.readouterr().out
    out = tmp_path / "trail.csv"
    monkeypatch.setenv("DIVERSION_PASSWORD", "wrong-password-entirely")
    assert main(["audit", "--db", str(db), "--user", "supervisor", "--csv", str(out), *FOR]) == 1
    assert "not right" in capsys.readouterr().err
    assert not out.exists()
    monkeypatch.setenv("DIVERSION_PASSWORD", "demo-officer-pass")
    assert main(["audit", "--db", str(db), "--user", "officer", "--csv", str(out), *FOR]) == 1
    assert "permission to read the audit trail" in capsys.readouterr().err
    monkeypatch.setenv("DIVERSION_PASSWORD", "demo-supervisor-pass")
    args = ["audit", "--db", str(db), "--user", "supervisor", "--csv", str(out), *FOR]
    assert main([*args, "--for-user", "officer"]) == 0
    assert "audit events" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert main(["audit", "--db", str(db), "--csv", str(out), *FOR]) == 2  # --user is required
    assert main(["audit", "--db", str(db), "--user", "supervisor", "--csv", str(out)]) == 2
    assert main(["check", "--db", str(db)]) == 0


def test_the_cli_asks_for_the_password_when_not_in_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "a.db"
    assert main(["demo", "--db", str(db), "--young-people", "20"]) == 0
    asked: list[str] = []

    def fake_getpass(prompt: str) -> str:
        asked.append(prompt)
        return "demo-admin-pass"

    monkeypatch.delenv("DIVERSION_PASSWORD", raising=False)
    monkeypatch.setattr("getpass.getpass", fake_getpass)
    out = tmp_path / "t.csv"
    assert main(["audit", "--db", str(db), "--user", "admin", "--csv", str(out), *FOR]) == 0
    assert asked == ["Password for admin: "]
