"""The record window as people in different roles meet it: asked why, the access log, the
record number and the audit trail action; and a print that no one is named for."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from diversion_app.domain.access_rules import AccessReason, Justification
from diversion_app.domain.enums import AuditAction
from diversion_app.persistence.models import AuditEvent, Referral
from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.ui.main_window import MainWindow
from diversion_app.ui.people.young_person_record import YoungPersonRecordWindow
from diversion_app.ui.reports.reports_page import ReportsPage
from diversion_app.ui.widgets import reason_dialogs


def _signed_in(services: Services, username: str) -> Actor:
    return services.accounts.sign_in(username, f"demo-{username.rstrip('0123456789')}-pass")


def _colleagues_child(services: Services, caseworker: Actor) -> int:
    with services.ctx.read_only() as session:
        mine = sa.select(Referral.young_person_id).where(
            Referral.caseworker_id == caseworker.user_id
        )
        return int(
            session.execute(
                sa.select(Referral.young_person_id)
                .where(
                    Referral.caseworker_id.is_not(None),
                    Referral.caseworker_id != caseworker.user_id,
                    Referral.young_person_id.not_in(mine),
                )
                .order_by(Referral.id)
                .limit(1)
            ).scalar_one()
        )


def _views(services: Services, person: int) -> list[dict[str, str]]:
    with services.ctx.read_only() as session:
        return [
            dict(changes or {})
            for changes in session.execute(
                sa.select(AuditEvent.changes).where(
                    AuditEvent.young_person_id == person, AuditEvent.action == AuditAction.VIEWED
                )
            ).scalars()
        ]


def test_a_caseworker_is_asked_why_and_no_reason_means_no_record(
    qtbot: QtBot, demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    caseworker = _signed_in(demo_services, "caseworker")
    person = _colleagues_child(demo_services, caseworker)
    asked: list[object] = []

    def cancel(parent: object) -> None:
        asked.append(parent)
        return None

    monkeypatch.setattr(reason_dialogs, "ask_justification", cancel)
    window = YoungPersonRecordWindow(demo_services, caseworker, person)
    qtbot.addWidget(window)
    assert len(asked) == 1
    assert "not opened" in window.heading.text()
    assert window.record is None and not window.edit_button.isEnabled()
    assert _views(demo_services, person) == []

    monkeypatch.setattr(
        reason_dialogs,
        "ask_justification",
        lambda _parent: Justification(AccessReason.SAFEGUARDING, "call from school"),
    )
    window = YoungPersonRecordWindow(demo_services, caseworker, person)
    qtbot.addWidget(window)
    assert window.record is not None and window.details["number"].text() == str(person)
    assert window.access_log is None  # not their young person
    assert not window.audit_button.isVisibleTo(window)
    [view] = _views(demo_services, person)
    assert view["reason"] == "Safeguarding concern" and view["note"] == "call from school"


def test_the_supervisor_reads_the_access_log_and_opens_the_childs_audit_trail(
    qtbot: QtBot, demo_services: Services
) -> None:
    caseworker = _signed_in(demo_services, "caseworker")
    person = _colleagues_child(demo_services, caseworker)
    demo_services.access.justify(caseworker, person, AccessReason.COVERING, "Birch away")
    demo_services.young_person_record.open(caseworker, person)

    supervisor = _signed_in(demo_services, "supervisor")
    main = MainWindow(demo_services, supervisor, "demo.db")
    qtbot.addWidget(main)
    window = YoungPersonRecordWindow(demo_services, supervisor, person, main)
    qtbot.addWidget(window)
    assert window.access_log is not None
    rows = window.access_log.shown_rows()
    assert rows[0][1:3] == ("Demo Team Manager", "Opened the record")
    assert ("Caseworker Ash", "Opened the record") in [(r[1], r[2]) for r in rows]
    assert any("Birch away" in r[3] for r in rows)

    qtbot.mouseClick(window.audit_button, Qt.MouseButton.LeftButton)
    page = main.current_page()
    assert page.title == "Audit trail"
    assert page.young_person.text() == str(person)  # type: ignore[attr-defined]
    assert page.filter.young_person_id == person  # type: ignore[attr-defined]


def test_nothing_is_printed_for_no_one(
    qtbot: QtBot, demo_services: Services, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pathlib import Path

    supervisor = _signed_in(demo_services, "supervisor")
    page = ReportsPage(demo_services, supervisor)
    qtbot.addWidget(page)
    target = Path(str(tmp_path)) / "caseload.pdf"
    page.ask_save_path = lambda *_args: target  # type: ignore[method-assign]
    monkeypatch.setattr(reason_dialogs, "ask_recipient", lambda _parent, _what: None)
    page.show()
    page.activate()
    page.choose_and_build_pdf()
    assert not target.exists() and not page.job.is_running()
