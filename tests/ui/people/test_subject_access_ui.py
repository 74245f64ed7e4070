"""The Subject access page as a supervisor uses it: extend a request's deadline, withdraw
one, mark one answered, and make a pack while the window stays usable, with progress and
a Cancel that leaves nothing behind."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from diversion_app.domain.subject_access import RequestDraft, Requester, RequestStatus
from diversion_app.domain.subject_access_decisions import ExtensionGround
from diversion_app.persistence import models as m
from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.ui.people import subject_access_dialog
from diversion_app.ui.people.subject_access_decisions import (
    AnsweredDialog,
    ExtendRequestDialog,
    WithdrawRequestDialog,
)
from diversion_app.ui.people.subject_access_page import SubjectAccessPage
from diversion_app.ui.widgets.form_scaffold import select_data


@pytest.fixture
def supervisor_actor(demo_services: Services) -> Actor:
    return demo_services.accounts.sign_in("supervisor", "demo-supervisor-pass")


@pytest.fixture
def page(qtbot: QtBot, demo_services: Services, supervisor_actor: Actor) -> SubjectAccessPage:
    with demo_services.ctx.unit_of_work() as session:  # only this test's own request listed
        session.execute(sa.update(m.SubjectAccessRequest).values(status=RequestStatus.WITHDRAWN))
        person = session.execute(sa.select(sa.func.min(m.YoungPerson.id))).scalar_one()
    demo_services.subject_access.record_request(
        supervisor_actor, RequestDraft(person, Requester.YOUNG_PERSON, "", date(2026, 11, 20))
    )
    shown = SubjectAccessPage(demo_services, supervisor_actor)
    qtbot.addWidget(shown)
    shown.resize(1366, 700)
    shown.show()
    shown.refresh()
    qtbot.waitUntil(lambda: shown.model.rowCount() == 1)
    shown.list.table.selectRow(0)
    return shown


def _cell(page: SubjectAccessPage, column: str) -> str:
    for index in range(page.model.columnCount()):
        if page.model.headerData(index, Qt.Orientation.Horizontal) == column:
            return str(page.model.index(0, index).data())
    raise AssertionError(column)


def _dialog(page: SubjectAccessPage, kind: type[Any]) -> Any:
    dialog = page.dialog
    assert isinstance(dialog, kind)
    return dialog


def test_extend_the_deadline_from_the_page(qtbot: QtBot, page: SubjectAccessPage) -> None:
    assert _cell(page, "Reply due") == "20/12/2026"
    qtbot.mouseClick(page.extend_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(page, ExtendRequestDialog)
    assert dialog.ok_button.text().replace("&", "") == "Extend to 20/02/2027"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # nothing filled in
    assert dialog.isVisible()
    assert "Choose why more time is needed" in dialog.problems["ground"].text()
    select_data(dialog.ground, ExtensionGround.NUMEROUS)
    qtbot.keyClicks(dialog.reason, "Four requests this month, each for different years.")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert "now due 20/02/2027" in page.message.text()
    qtbot.waitUntil(lambda: _cell(page, "Reply due") == "20/02/2027 (extended)")

    page.list.table.selectRow(0)
    qtbot.mouseClick(page.extend_button, Qt.MouseButton.LeftButton)
    assert page.dialog is dialog  # no second extension dialog opened
    assert "extended only once" in page.message.text()


def test_a_refusal_the_page_could_not_foresee_shows_in_the_dialog(
    qtbot: QtBot, page: SubjectAccessPage, demo_services: Services, supervisor_actor: Actor
) -> None:
    qtbot.mouseClick(page.extend_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(page, ExtendRequestDialog)
    row = page.list.current_row()
    assert row is not None
    demo_services.subject_access.withdraw(
        supervisor_actor, row.id, "Withdrawn at the desk meanwhile."
    )
    select_data(dialog.ground, ExtensionGround.COMPLEX)
    qtbot.keyClicks(dialog.reason, "Many records to read through.")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "already withdrawn" in dialog.summary.text()
    dialog.reject()


def test_withdraw_and_mark_answered(
    qtbot: QtBot, page: SubjectAccessPage, demo_services: Services, supervisor_actor: Actor
) -> None:
    qtbot.mouseClick(page.withdraw_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(page, WithdrawRequestDialog)
    qtbot.keyClicks(dialog.reason, "Withdrawn by the young person by phone on 25/11/2026.")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "closed (withdrawn)" in page.message.text()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)  # the open list no longer has it

    page.all_box.setChecked(True)
    qtbot.waitUntil(lambda: page.model.rowCount() >= 1)
    page.list.table.selectRow(0)
    qtbot.mouseClick(page.answered_button, Qt.MouseButton.LeftButton)
    assert page.dialog is None or not page.dialog.isVisible()
    assert "already withdrawn" in page.message.text()

    with demo_services.ctx.read_only() as session:
        person = session.execute(sa.select(sa.func.min(m.YoungPerson.id))).scalar_one()
    demo_services.subject_access.record_request(
        supervisor_actor, RequestDraft(person, Requester.YOUNG_PERSON, "", date(2026, 11, 21))
    )
    page.all_box.setChecked(False)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.list.table.selectRow(0)
    qtbot.mouseClick(page.answered_button, Qt.MouseButton.LeftButton)
    answered = _dialog(page, AnsweredDialog)
    qtbot.keyClicks(answered.how, "Handed to the young person at the office.")
    qtbot.mouseClick(answered.ok_button, Qt.MouseButton.LeftButton)
    assert "marked answered" in page.message.text()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)


def test_the_pack_is_made_in_the_background_with_progress(
    qtbot: QtBot, page: SubjectAccessPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(subject_access_dialog, "ask_folder", lambda _parent: tmp_path)
    pages_seen: list[str] = []
    page.pack_job.progress.valueChanged.connect(
        lambda _value: pages_seen.append(page.pack_job.progress.format())
    )
    qtbot.mouseClick(page.pack_button, Qt.MouseButton.LeftButton)
    assert page.pack_job.isVisible() and not page.pack_button.isEnabled()
    qtbot.waitUntil(lambda: not page.pack_job.is_running(), timeout=60_000)
    assert "The pack is in" in page.message.text()
    assert sorted(p.suffix for p in tmp_path.glob("subject-access-*")) == [".json", ".pdf"]
    assert any(words.startswith("Page ") for words in pages_seen)
    assert not page.pack_job.isVisible() and page.pack_button.isEnabled()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)  # answered


def test_cancelling_the_pack_leaves_nothing_and_the_request_open(
    qtbot: QtBot,
    page: SubjectAccessPage,
    demo_services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(subject_access_dialog, "ask_folder", lambda _parent: tmp_path)
    release = threading.Event()
    gather = demo_services.subject_access.gather

    def slow_gather(actor: Actor, request_id: int) -> dict[str, Any]:
        release.wait(30)  # still reading the records when Cancel is pressed
        return gather(actor, request_id)

    monkeypatch.setattr(demo_services.subject_access, "gather", slow_gather)
    qtbot.mouseClick(page.pack_button, Qt.MouseButton.LeftButton)
    assert page.pack_job.is_running()
    QApplication.processEvents()  # the window still answers while the pack is made
    qtbot.mouseClick(page.pack_job.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not page.pack_job.is_running(), timeout=60_000)
    assert page.message.text() == "Cancelled: no pack was made and the request is still open."
    assert list(tmp_path.glob("subject-access-*")) == []
    assert page.model.rowCount() == 1
    with demo_services.ctx.read_only() as session:
        statuses = set(
            session.execute(
                sa.select(m.SubjectAccessRequest.status).where(
                    m.SubjectAccessRequest.received_on == date(2026, 11, 20)
                )
            ).scalars()
        )
    assert statuses == {RequestStatus.OPEN}


def test_record_and_make_the_pack_from_the_request_dialog(
    qtbot: QtBot,
    demo_services: Services,
    supervisor_actor: Actor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from diversion_app.ui.people.subject_access_dialog import SubjectAccessDialog

    monkeypatch.setattr(subject_access_dialog, "ask_folder", lambda _parent: tmp_path)
    with demo_services.ctx.read_only() as session:
        person = session.execute(sa.select(sa.func.max(m.YoungPerson.id))).scalar_one()
    dialog = SubjectAccessDialog(demo_services, supervisor_actor, person)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.pack_button, Qt.MouseButton.LeftButton)  # who is asking? not said
    assert dialog.request_id is None and not dialog.pack_job.is_running()
    select_data(dialog.requester, Requester.YOUNG_PERSON)
    qtbot.mouseClick(dialog.pack_button, Qt.MouseButton.LeftButton)
    assert dialog.request_id is not None
    assert dialog.pack_job.isVisible() or dialog.written is not None
    qtbot.waitUntil(lambda: not dialog.pack_job.is_running(), timeout=60_000)
    assert dialog.written is not None and dialog.written.pdf.exists()
    assert dialog.result_label.text().startswith("The pack is in")
    assert not dialog.pack_button.isEnabled() and not dialog.record_button.isEnabled()


def test_closing_the_request_dialog_while_the_pack_is_made_stops_it_then_closes(
    qtbot: QtBot,
    demo_services: Services,
    supervisor_actor: Actor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from diversion_app.ui.people.subject_access_dialog import SubjectAccessDialog

    monkeypatch.setattr(subject_access_dialog, "ask_folder", lambda _parent: tmp_path)
    release = threading.Event()
    gather = demo_services.subject_access.gather

    def slow_gather(actor: Actor, request_id: int) -> dict[str, Any]:
        release.wait(30)  # still reading the records when the dialog is closed
        return gather(actor, request_id)

    monkeypatch.setattr(demo_services.subject_access, "gather", slow_gather)
    with demo_services.ctx.read_only() as session:
        person = session.execute(sa.select(sa.func.max(m.YoungPerson.id))).scalar_one()
    dialog = SubjectAccessDialog(demo_services, supervisor_actor, person)
    qtbot.addWidget(dialog)
    dialog.show()
    select_data(dialog.requester, Requester.YOUNG_PERSON)
    qtbot.mouseClick(dialog.pack_button, Qt.MouseButton.LeftButton)
    assert dialog.pack_job.is_running()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # closed while the pack is being made
    assert dialog.isVisible() and dialog.result_label.text().startswith("Stopping the pack")
    release.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=60_000)  # one close is enough
    assert list(tmp_path.glob("subject-access-*")) == []
    assert dialog.written is None


def test_an_overdue_reply_says_by_how_many_days(
    qtbot: QtBot, page: SubjectAccessPage, demo_services: Services, supervisor_actor: Actor
) -> None:
    assert _cell(page, "Days left") == "22"  # received 20/11/2026, due 20/12/2026
    row = page.list.current_row()
    assert row is not None
    demo_services.subject_access.withdraw(supervisor_actor, row.id, "Replaced by a new one.")
    demo_services.subject_access.record_request(
        supervisor_actor,
        RequestDraft(row.young_person_id, Requester.YOUNG_PERSON, "", date(2026, 10, 27)),
    )
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and _cell(page, "Received") == "27/10/2026")
    assert _cell(page, "Days left") == "Overdue by 1 day"  # due 27/11/2026, today 28/11/2026
