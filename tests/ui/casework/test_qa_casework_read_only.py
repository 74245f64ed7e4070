"""QA: the casework forms offer no Save to someone who may not work the referral.

An officer, or a caseworker looking at a colleague's referral, may read the assessment,
programme and closure, but the buttons that the services would refuse are not shown.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from diversion_app.domain.access_rules import AccessReason
from diversion_app.domain.enums import Role
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import PermissionDenied
from diversion_app.services.registry import Services
from diversion_app.ui.casework.assessment_form import AssessmentDialog
from diversion_app.ui.casework.closure_form import ClosureDialog
from diversion_app.ui.casework.programme_form import ProgrammeDialog
from tests.casework_helpers import add_user, full_form, make_case


def test_an_officer_and_another_caseworker_read_the_casework_forms_without_save(
    qtbot: QtBot, ctx: ServiceContext, services: Services
) -> None:
    case = make_case(ctx)
    services.assessments.complete(case.caseworker, case.referral_id, full_form(ctx.now().date()))
    officer = add_user(ctx, "pc.one", "PC One", Role.OFFICER)
    colleague = add_user(ctx, "cw.two", "Other Worker", Role.CASEWORKER)
    # an officer reads no case notes at all (need to know); a colleague, with a reason
    for read in (services.assessments, services.programmes, services.closures):
        with pytest.raises(PermissionDenied, match="read case notes"):
            read.for_referral(officer, case.referral_id)
    services.access.justify(colleague, case.young_person_id, AccessReason.COVERING)
    for reader in (colleague,):
        assessment = AssessmentDialog(services, reader, case.referral_id)
        qtbot.addWidget(assessment)
        assessment.show()
        assert assessment.read_only.isVisible()
        assert not assessment.save_button.isVisible()
        assert not assessment.complete_button.isVisible()
        programme = ProgrammeDialog(services, reader, case.referral_id)
        qtbot.addWidget(programme)
        programme.show()
        assert programme.read_only.isVisible()
        assert not programme.goals.isEnabled()
        closure = ClosureDialog(services, reader, case.referral_id)
        qtbot.addWidget(closure)
        closure.show()
        assert closure.read_only.isVisible()
        assert not closure.request_box.isVisible()

    # the allocated caseworker still has everything
    programme = ProgrammeDialog(services, case.caseworker, case.referral_id)
    qtbot.addWidget(programme)
    programme.show()
    assert not programme.read_only.isVisible()
    assert programme.goals.isEnabled()
    closure = ClosureDialog(services, case.caseworker, case.referral_id)
    qtbot.addWidget(closure)
    closure.show()
    assert closure.request_box.isVisible() and not closure.read_only.isVisible()


def test_the_referrals_toolbar_offers_casework_only_to_those_who_do_it(
    qtbot: QtBot, ctx: ServiceContext, services: Services
) -> None:
    from diversion_app.ui.referrals.referrals_page import ReferralsPage

    case = make_case(ctx)
    officer = add_user(ctx, "pc.two", "PC Two", Role.OFFICER)
    for actor, offered in ((officer, False), (case.caseworker, True), (case.supervisor, True)):
        page = ReferralsPage(services, actor)
        qtbot.addWidget(page)
        page.show()
        assert page.casework.isVisible() is offered, actor.username


def test_a_follow_up_on_a_colleagues_caseload_is_read_only(
    qtbot: QtBot, demo_services: Services
) -> None:
    from diversion_app.services.base.listing import PageRequest
    from diversion_app.ui.casework.follow_up_form import FollowUpDialog

    caseworker = demo_services.accounts.sign_in("caseworker", "demo-caseworker-pass")
    rows = demo_services.follow_ups.page_due(caseworker, PageRequest(limit=200))
    theirs = next(row for row in rows if row.caseworker_id != caseworker.user_id)
    own = next(row for row in rows if row.caseworker_id == caseworker.user_id)
    from diversion_app.ui.casework.follow_ups_panel import FollowUpsPanel

    panel = FollowUpsPanel(demo_services, caseworker)  # opened from the list, as a person does
    qtbot.addWidget(panel)
    other = panel.record(theirs)  # a colleague's young person: asked why (answered by conftest)
    assert other is not None
    other.show()
    assert other.read_only.isVisible()
    assert not other.record_button.isVisible() and not other.details.isEnabled()
    mine = FollowUpDialog(demo_services, caseworker, own)
    qtbot.addWidget(mine)
    mine.show()
    assert not mine.read_only.isVisible() and mine.record_button.isVisible()
