"""QA: the diary's "New visit…" button (and Ctrl+N) opens the form to choose a referral.

Qt passes the button's ``checked`` flag to a connected slot; ``new_visit(referral_id)``
took it as referral 0 and failed with "That referral no longer exists." out of the slot.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.ui.casework.diary_page import DiaryPage
from diversion_app.ui.casework.visit_form import VisitForm
from tests.visit_helpers import add_caseworker, add_family, add_referral


def test_clicking_new_visit_opens_the_form_with_the_open_referrals(
    qtbot: QtBot, services: Services, everyone: Actor
) -> None:
    worker = add_caseworker(services.ctx)
    family = add_family(services.ctx)
    add_referral(services.ctx, everyone, family.young_person_id, caseworker_id=worker.user_id)
    page = DiaryPage(services, worker)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    form = page.dialog
    assert isinstance(form, VisitForm)
    assert form.referral.isVisible() and form.referral.count() == 1
    assert form.context is not None and form.context.young_person_id == family.young_person_id
    form.reject()


def test_an_officer_reads_the_team_diary_rather_than_an_empty_one_of_their_own(
    qtbot: QtBot, services: Services, everyone: Actor
) -> None:
    from diversion_app.domain.enums import Role
    from tests.casework_helpers import add_user

    worker = add_caseworker(services.ctx)
    officer = add_user(services.ctx, "pc.diary", "PC Diary", Role.OFFICER)
    page = DiaryPage(services, officer)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    names = [page.caseworker.itemText(i) for i in range(page.caseworker.count())]
    assert names == ["Whole team", "Casey Worker"]
    assert page.caseworker.isEnabled()
    assert page.caseworker.findData(officer.user_id) < 0
    assert not page.new_button.isVisible()  # officers book no visits
    assert worker.user_id is not None


def test_an_officer_reading_a_visit_is_not_offered_outcome_or_reschedule(
    qtbot: QtBot, demo_services: Services
) -> None:
    from datetime import timedelta

    from diversion_app.domain.access_rules import AccessReason
    from diversion_app.domain.enums import VisitStatus
    from diversion_app.services.base.errors import PermissionDenied
    from diversion_app.ui.casework.visit_details import VisitDetailsDialog

    caseworker = demo_services.accounts.sign_in("caseworker", "demo-caseworker-pass")
    officer = demo_services.accounts.sign_in("officer", "demo-officer-pass")
    colleague = demo_services.accounts.sign_in("caseworker3", "demo-caseworker-pass")
    now = demo_services.ctx.now()
    visits = demo_services.diary.visits(
        caseworker, now - timedelta(days=7), now + timedelta(days=7), caseworker.user_id
    )
    scheduled = next(v for v in visits if v.status is VisitStatus.SCHEDULED)
    with pytest.raises(PermissionDenied, match="read case notes"):  # visits are case notes
        demo_services.visits.visit(officer, scheduled.id)
    person = demo_services.visits.referral_for_visit(caseworker, scheduled.referral_id)
    demo_services.access.justify(colleague, person.young_person_id, AccessReason.COVERING)
    for actor, offered in ((colleague, False), (caseworker, True)):
        dialog = VisitDetailsDialog(demo_services, actor, scheduled.id)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.outcome_button.isVisible() is offered, actor.username
        assert dialog.reschedule_button.isVisible() is offered, actor.username
