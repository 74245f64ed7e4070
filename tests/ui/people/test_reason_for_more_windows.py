"""The windows that now ask why, driven as a person would: a caseworker opening a
colleague's 12-month follow-up from the list, a SPOC opening another area's school
referral from the Schools page. No reason: the window does not open and nothing is
recorded as seen; a reason: one view, carrying it."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from pytestqt.qtbot import QtBot

from diversion_app.domain.access_rules import AccessReason, Justification
from diversion_app.domain.enums import AuditAction
from diversion_app.persistence.models import AuditEvent, SchoolReferral, Spoc
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.registry import Services
from diversion_app.ui.widgets import reason_dialogs


def _views_since(services: Services, since: int) -> list[tuple[str, dict[str, Any]]]:
    with services.ctx.read_only() as session:
        return [
            (entity, dict(changes or {}))
            for entity, changes in session.execute(
                sa.select(AuditEvent.entity, AuditEvent.changes).where(
                    AuditEvent.id > since, AuditEvent.action == AuditAction.VIEWED
                )
            )
        ]


def _last_id(services: Services) -> int:
    with services.ctx.read_only() as session:
        return int(session.execute(sa.select(sa.func.max(AuditEvent.id))).scalar_one())


class Answers:
    """Stands in for the "Why are you opening this record?" dialog."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.asked = 0
        self.answer: Justification | None = None
        monkeypatch.setattr(reason_dialogs, "ask_justification", self)

    def __call__(self, _parent: object) -> Justification | None:
        self.asked += 1
        return self.answer


def test_a_colleagues_follow_up_asks_why(
    qtbot: QtBot, demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diversion_app.ui.casework.follow_ups_panel import FollowUpsPanel

    caseworker = demo_services.accounts.sign_in("caseworker", "demo-caseworker-pass")
    rows = demo_services.follow_ups.page_due(caseworker, PageRequest(limit=200))
    theirs = next(
        row
        for row in rows
        if row.caseworker_id != caseworker.user_id
        and demo_services.access.needs_reason(caseworker, row.young_person_id)
    )
    answers = Answers(monkeypatch)
    panel = FollowUpsPanel(demo_services, caseworker)
    qtbot.addWidget(panel)
    before = _last_id(demo_services)
    assert panel.record(theirs) is None  # no reason given: not opened
    assert answers.asked == 1 and _views_since(demo_services, before) == []

    answers.answer = Justification(AccessReason.COVERING, "Birch is on leave")
    dialog = panel.record(theirs)
    assert dialog is not None and dialog.isVisible()
    assert answers.asked == 2
    [(entity, changes)] = _views_since(demo_services, before)
    assert entity == "follow_up_form" and changes["note"] == "Birch is on leave"
    dialog.reject()
    panel.record(theirs)  # the same sign-in: not asked again
    assert answers.asked == 2


def test_another_areas_school_referral_asks_a_spoc_why(
    qtbot: QtBot, demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diversion_app.ui.schools.school_referral_form import SchoolReferralDialog
    from diversion_app.ui.schools.schools_page import SchoolsPage

    spoc = demo_services.accounts.sign_in("spoc.east", "demo-spoc-pass")
    with demo_services.ctx.read_only() as session:
        areas = set(
            session.execute(sa.select(Spoc.area).where(Spoc.user_id == spoc.user_id)).scalars()
        )
        candidates = session.execute(
            sa.select(SchoolReferral.id, SchoolReferral.young_person_id).order_by(SchoolReferral.id)
        ).all()
    elsewhere = next(
        record_id
        for record_id, pupil in candidates
        if demo_services.school_work.school_referral(
            demo_services.accounts.sign_in("supervisor", "demo-supervisor-pass"), record_id
        ).area
        not in areas
        and demo_services.access.needs_reason(spoc, pupil)
    )
    spoc = demo_services.accounts.sign_in("spoc.east", "demo-spoc-pass")
    answers = Answers(monkeypatch)
    page = SchoolsPage(demo_services, spoc)
    qtbot.addWidget(page)
    before = _last_id(demo_services)
    page.open_school_referral(elsewhere)
    assert answers.asked == 1
    assert not isinstance(page.dialog, SchoolReferralDialog) or page.dialog.record.id != elsewhere
    assert _views_since(demo_services, before) == []

    answers.answer = Justification(AccessReason.PARTNER_REQUEST, "DSL asked about a move")
    page.open_school_referral(elsewhere)
    assert isinstance(page.dialog, SchoolReferralDialog) and page.dialog.record.id == elsewhere
    [(entity, changes)] = _views_since(demo_services, before)
    assert entity == "school_referral" and changes["note"] == "DSL asked about a move"


def test_the_community_resolution_forms_record_one_view_each(
    qtbot: QtBot, demo_services: Services
) -> None:
    from diversion_app.persistence.models import CommunityResolution
    from diversion_app.ui.people.community_resolution_dialog import CommunityResolutionDialog
    from diversion_app.ui.people.cr_correction_dialog import CorrectCrDialog
    from diversion_app.ui.people.young_person_record import YoungPersonRecordWindow

    supervisor = demo_services.accounts.sign_in("supervisor", "demo-supervisor-pass")
    with demo_services.ctx.read_only() as session:
        cr_id, person = session.execute(
            sa.select(CommunityResolution.id, CommunityResolution.young_person_id).limit(1)
        ).one()
    window = YoungPersonRecordWindow(demo_services, supervisor, person)
    qtbot.addWidget(window)
    before = _last_id(demo_services)
    window.record_cr()
    assert isinstance(window.dialog, CommunityResolutionDialog)
    assert [entity for entity, _ in _views_since(demo_services, before)] == [
        "community_resolution_form"
    ]
    window.dialog.reject()

    before = _last_id(demo_services)
    correction = CorrectCrDialog(demo_services, supervisor, cr_id, "A Person")
    qtbot.addWidget(correction)
    assert [entity for entity, _ in _views_since(demo_services, before)] == [
        "community_resolution"
    ]  # one opening, one event: the form it is built on does not add another


def test_choosing_someone_off_ones_list_in_the_referral_form_asks_why(
    qtbot: QtBot, demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diversion_app.persistence.models import YoungPerson
    from diversion_app.ui.referrals.referral_form import ReferralForm

    officer = demo_services.accounts.sign_in("officer2", "demo-officer-pass")
    with demo_services.ctx.read_only() as session:
        people = session.execute(
            sa.select(YoungPerson.id, YoungPerson.given_name, YoungPerson.family_name)
        ).all()
    person, given, family = next(
        row for row in people if demo_services.access.needs_reason(officer, row[0])
    )
    answers = Answers(monkeypatch)
    form = ReferralForm(demo_services, officer)
    qtbot.addWidget(form)
    form.show()
    form.person_search.setText(f"{given} {family}")
    form.search_people()
    rows = [form.people.item(i).text() for i in range(form.people.count())]
    index = next(i for i, text in enumerate(rows) if text.startswith(f"{given} {family}"))
    before = _last_id(demo_services)
    form.people.setCurrentRow(index)  # the person picks them: no reason given
    assert answers.asked == 1
    assert form.selected_person() is None
    assert "Say why" in form.errors.text_for("young_person_id")
    assert _views_since(demo_services, before) == []

    answers.answer = Justification(AccessReason.NEW_INFORMATION, "new CR to refer")
    form.people.setCurrentRow(index)
    assert form.selected_person() == person
    [(entity, changes)] = _views_since(demo_services, before)
    assert entity == "referral_form" and changes["note"] == "new CR to refer"
