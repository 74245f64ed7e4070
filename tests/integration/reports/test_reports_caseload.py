"""The caseload summary read back from the PDF: exactly the right cases, clocks and furniture."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from diversion_app.domain.enums import Area, AuditAction, Role
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import NotFound, PermissionDenied, ValidationError
from diversion_app.services.registry import Services
from diversion_app.services.reports.caseload_data import CaseloadScope
from tests.conftest import FIXED_NOW, FOR_TESTS
from tests.integration.pdf_reading import case_rows, page_texts

OPEN = ("received", "allocated", "contacted", "assessed", "programme")


def _instant(text: str | None) -> datetime | None:
    if text is None:
        return None
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def expected_state(due: datetime, met: datetime | None, now: datetime) -> str:
    """The 48-hour clock of an open referral, worked out from DOMAIN.md's words."""
    if met is not None:
        return "Met" if met <= due else "Missed"
    if now > due:
        return "Overdue"
    if due - now <= timedelta(hours=12):
        return "Due soon"
    return "On track"


def expected_cases(db: Path, where: str, params: tuple[object, ...]) -> dict[int, str]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT r.id, r.clock_due_at, r.clock_met_at FROM referrals r "
            "JOIN young_people yp ON yp.id = r.young_person_id "
            "LEFT JOIN users u ON u.id = r.caseworker_id "
            f"WHERE r.status IN {OPEN} AND {where}",
            params,
        ).fetchall()
    return {
        ref: expected_state(_instant(due), _instant(met), FIXED_NOW)  # type: ignore[arg-type]
        for ref, due, met in rows
    }


def _db(services: Services) -> Path:
    url = str(services.ctx.sessions.kw["bind"].url)
    return Path(url.removeprefix("sqlite:///"))


def test_one_caseworker_lists_exactly_their_open_referrals_with_the_right_clocks(
    demo_services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    out = tmp_path / "caseload.pdf"
    written = demo_services.reports.write_caseload_pdf(
        supervisor, out, CaseloadScope(caseworker_username="caseworker3"), for_whom=FOR_TESTS
    )
    expected = expected_cases(_db(demo_services), "u.username = ?", ("caseworker3",))
    assert len(expected) >= 10  # the seeded caseload is worth testing
    printed = case_rows(out)
    assert set(printed) == set(expected)
    assert {ref: state for ref, (_, _, state) in printed.items()} == expected
    assert written.rows == len(expected)
    states = [printed[ref][2] for ref in printed]
    first_calm = next((i for i, s in enumerate(states) if s not in ("Overdue", "Due soon")), None)
    if first_calm is not None:  # overdue and due-soon first
        assert all(s not in ("Overdue", "Due soon") for s in states[first_calm:])


def test_every_page_is_marked_and_numbered_and_the_metadata_names_no_one(
    demo_services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    out = tmp_path / "team.pdf"
    demo_services.reports.write_caseload_pdf(supervisor, out, CaseloadScope(), for_whom=FOR_TESTS)
    pages = page_texts(out)
    assert len(pages) > 3  # the tables split across pages
    for number, text in enumerate(pages, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2, number
        assert f"Page {number} of {len(pages)}" in text
        assert "Printed 28/11/2026 14:30 by Test Supervisor" in text
    for text in pages[2:]:  # the header row repeats on continuation pages
        assert "Young person" in text and "48-hour clock" in text
    metadata = PdfReader(out).metadata
    assert metadata is not None
    assert metadata.title == "Caseload summary" and metadata.author == "Diversion"
    with sqlite3.connect(_db(demo_services)) as connection:
        names = {n for (n,) in connection.execute("SELECT family_name FROM young_people")}
    assert not any(name in str(dict(metadata)) for name in names)


def test_the_whole_team_and_an_area(demo_services: Services, supervisor: Actor) -> None:
    team = demo_services.reports.caseload(supervisor, CaseloadScope())
    db = _db(demo_services)
    assert set(team.referral_ids) == set(expected_cases(db, "1 = 1", ()))
    assert team.totals.open_referrals == len(team.referral_ids)
    assert team.totals.overdue == sum(g.totals.overdue for g in team.caseworkers)
    assert team.caseworkers[0].caseworker == "Unallocated"
    west = demo_services.reports.caseload(supervisor, CaseloadScope(area=Area.WEST))
    assert set(west.referral_ids) == set(expected_cases(db, "yp.area = ?", ("west",)))
    assert west.scope_label == "Area: West"


def test_an_as_of_date_in_the_past_shows_what_was_open_then(
    demo_services: Services, supervisor: Actor
) -> None:
    day = date(2026, 9, 30)
    report = demo_services.reports.caseload(supervisor, CaseloadScope(), as_of=day)
    end = datetime(2026, 9, 30, 23, 0, tzinfo=UTC)  # midnight London (BST)
    with sqlite3.connect(_db(demo_services)) as connection:
        expected = {
            ref
            for (ref,) in connection.execute(
                f"SELECT id FROM referrals WHERE received_at <= ? AND "
                f"(status IN {OPEN} OR ended_at > ?)",
                (end.replace(tzinfo=None).isoformat(" "), end.replace(tzinfo=None).isoformat(" ")),
            )
        }
    assert set(report.referral_ids) == expected
    assert all(
        line.clock.state.label in ("Overdue", "Met", "Missed", "On track", "Due soon")
        for group in report.caseworkers
        for line in group.lines
    )
    with pytest.raises(ValidationError):
        demo_services.reports.caseload(supervisor, CaseloadScope(), as_of=date(2027, 1, 1))


def test_printing_is_audited_as_a_disclosure_and_refused_without_permission(
    demo_services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    demo_services.reports.write_caseload_pdf(
        supervisor,
        tmp_path / "a.pdf",
        CaseloadScope(caseworker_username="caseworker"),
        for_whom=FOR_TESTS,
    )
    with sqlite3.connect(_db(demo_services)) as connection:
        action, entity, username = connection.execute(
            "SELECT action, entity, username FROM audit_events ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert (action, entity, username) == (
        AuditAction.DISCLOSED.value,
        "caseload_summary",
        "test.supervisor",
    )
    officer = Actor(None, "pc", "PC Test", frozenset({Role.OFFICER}))
    with pytest.raises(PermissionDenied):
        demo_services.reports.write_caseload_pdf(
            officer, tmp_path / "b.pdf", CaseloadScope(), for_whom=FOR_TESTS
        )
    assert not (tmp_path / "b.pdf").exists()
    with pytest.raises(NotFound, match="no caseworker with the username 'nobody'"):
        demo_services.reports.caseload(supervisor, CaseloadScope(caseworker_username="nobody"))
