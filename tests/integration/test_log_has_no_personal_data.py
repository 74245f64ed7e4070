"""After signing in, editing a young person's case and exporting, the log holds no
password and no personal data: the test greps the log file itself."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from diversion_app import logs
from diversion_app.cli import main
from diversion_app.domain.enums import (
    Area,
    ReferralReason,
    ReferralSource,
)
from diversion_app.domain.errors import ValidationError
from diversion_app.paths import log_dir
from diversion_app.persistence.engine import session_factory, sqlite_url
from diversion_app.persistence.migrate import open_database
from diversion_app.services.accounts.accounts import SignInRefused
from diversion_app.services.accounts.admin_lists import AuditFilter
from diversion_app.services.base import audit
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.registry import Services
from diversion_app.ui.accounts.sign_in import SignInDialog
from tests.conftest import FOR_TESTS
from tests.factories import add_household, child, referral_draft

GIVEN, FAMILY = "Peregrine", "Quillfeather-Abernathy"
BORN = date(2012, 7, 19)
POSTCODE = "ZZ9 9ZZ"
REFERRER = "Ottoline Vandersnoot"
SECRETS = ["demo-supervisor-pass", "demo-officer-pass", "Wrong-Guess-Password-77"]


def test_the_log_has_no_password_and_no_personal_data(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "a.db"
    assert main(["demo", "--db", str(db), "--young-people", "20"]) == 0
    log_file = log_dir() / "diversion.log"
    logs.configure(log_file, level=logging.DEBUG)

    opened = open_database(sqlite_url(db), now=datetime.now(UTC))
    services = Services.build(ServiceContext(session_factory(opened.engine)))

    # sign in through the window, once wrongly
    dialog = SignInDialog(services.accounts)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "supervisor")
    qtbot.keyClicks(dialog.password, "Wrong-Guess-Password-77")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.password, "demo-supervisor-pass")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    actor = dialog.actor
    assert actor is not None
    with pytest.raises(SignInRefused):
        services.accounts.sign_in("officer", "Wrong-Guess-Password-77")

    # a young person's record: added, opened (viewed), changed, referred
    now = services.ctx.now()
    with services.ctx.unit_of_work() as session:
        household = add_household(session, now, "7 Nowhere Mews", postcode=POSTCODE)
        person = child(household.id, now, given=GIVEN, family=FAMILY, born=BORN, area=Area.WEST)
        session.add(person)
        session.flush()
        person_id = person.id
        audit.record_view(session, actor, person_id, at=now)
        person.preferred_name = "Perry"
        audit.record(
            session,
            actor,
            audit.AuditAction.CHANGED,
            "young_person",
            person_id,
            at=now,
            young_person_id=person_id,
            changes={"preferred_name": [None, "Perry"]},
        )
    from diversion_app.services.referrals.core import make_referral

    draft = referral_draft(
        person_id,
        now - timedelta(hours=2),
        source=ReferralSource.PARENT_CARER,
        referrer_name=REFERRER,
        reasons=(ReferralReason.MISSING_EPISODES,),
    )
    make_referral(services.ctx, actor, draft)
    with pytest.raises(ValidationError):
        make_referral(services.ctx, actor, draft.__class__(**{**draft.__dict__, "reasons": ()}))

    # export (a disclosure) from the window's service and from the command line
    services.admin.export_audit_csv(
        actor, AuditFilter(young_person_id=person_id), tmp_path / "trail.csv", for_whom=FOR_TESTS
    )
    assert "Perry" in (tmp_path / "trail.csv").read_text(encoding="utf-8-sig")
    opened.engine.dispose()
    monkeypatch.setenv("DIVERSION_PASSWORD", "demo-supervisor-pass")
    out = tmp_path / "cli.csv"
    args = [
        "audit",
        "--db",
        str(db),
        "--user",
        "supervisor",
        "--csv",
        str(out),
        "--for",
        "the test suite",
        "--purpose",
        "supervision",
    ]
    assert main([*args, "--young-person", str(person_id)]) == 0
    monkeypatch.setenv("DIVERSION_PASSWORD", "demo-officer-pass")
    assert main(args) == 1  # refused: an officer does not read the audit trail

    for handler in logging.getLogger("diversion_app").handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "signed in" in text and "wrong password" in text, "the log was not written"
    with sa.create_engine(sqlite_url(db)).connect() as connection:
        names = connection.execute(
            sa.text("SELECT given_name, family_name FROM young_people")
        ).all()
    forbidden = [
        *SECRETS,
        GIVEN,
        FAMILY,
        "Perry",
        POSTCODE,
        "Nowhere Mews",
        REFERRER,
        BORN.isoformat(),
        "19/07/2012",
        *{name for row in names for name in row if len(name) > 3},
    ]
    lowered = text.lower()
    found = [word for word in forbidden if word.lower() in lowered]
    assert not found, f"personal data or a password in the log: {found}"
