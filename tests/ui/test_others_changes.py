"""What another user changes shows up within five seconds, without losing a half-typed form."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from diversion_app.app import configure_qt_application
from diversion_app.domain.access_rules import AccessReason
from diversion_app.domain.enums import Role
from diversion_app.persistence.engine import create_engine, session_factory, sqlite_url
from diversion_app.services.base.change_watch import ChangeWatch
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.registry import Services
from diversion_app.ui.main_window import MainWindow
from diversion_app.ui.people.young_people_page import YoungPeoplePage
from diversion_app.ui.people.young_person_dialog import YoungPersonDialog
from tests.factories import add_child, add_user


def _another_program(db_path: Path, services: Services) -> Services:
    """A second set of services on its own engine: another user's copy of the application."""
    engine = create_engine(sqlite_url(db_path))
    return Services.build(
        ServiceContext(session_factory(engine), now_provider=services.ctx.now_provider)
    )


def test_lists_and_open_records_refresh_and_forms_keep_their_typing(
    qtbot: QtBot, services: Services, db_path: Path
) -> None:
    configure_qt_application()
    me = add_user(services.ctx, "sue", "Sue Supervisor", Role.SUPERVISOR)
    first = add_child(services.ctx, date(2011, 5, 5), given="Noor", family="Ali")
    window = MainWindow(services, me, str(db_path))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("Young people")
    assert isinstance(page, YoungPeoplePage)
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1)
    record = page.open_record(first)
    form = YoungPersonDialog(services, me, first)
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.town, "Half-typed")

    other = _another_program(db_path, services)
    colleague = add_user(other.ctx, "ben", "Ben Officer", Role.OFFICER)
    add_child(other.ctx, date(2012, 6, 6), given="Omar", family="Baker")
    other.access.justify(colleague, first, AccessReason.DUTY)  # not a record Ben made
    draft = other.young_person_editor.draft_for(colleague, first)
    other.young_person_editor.update(
        colleague, first, dataclasses.replace(draft, preferred_name="Nono")
    )

    qtbot.waitUntil(lambda: page.list.model.rowCount() == 2, timeout=5000)
    qtbot.waitUntil(lambda: record.details["preferred"].text() == "Nono", timeout=5000)
    assert form.town.text() == "Half-typed"  # the open form was left alone
    other.ctx.sessions.kw["bind"].dispose()


def test_views_sign_ins_and_prints_are_not_changes(services: Services) -> None:
    me = add_user(services.ctx, "sue", "Sue Supervisor", Role.SUPERVISOR)
    person = add_child(services.ctx, date(2011, 5, 5))
    watch = ChangeWatch(services.ctx)
    try:
        assert watch.poll() is None
        services.young_person_record.open(me, person)  # a "viewed" event is written
        assert watch.poll() is None
        draft = services.young_person_editor.draft_for(me, person)
        services.young_person_editor.update(
            me, person, dataclasses.replace(draft, preferred_name="Tee")
        )
        changes = watch.poll()
        assert changes is not None and changes.touches(person)
        assert not changes.touches(person + 1)
        assert watch.poll() is None  # each change is told once
    finally:
        watch.close()
