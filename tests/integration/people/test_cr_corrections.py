"""Correcting and withdrawing a Community Resolution, with a reason, audited; a withdrawn
CR counts nowhere and un-answers the follow-up it had answered automatically."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from diversion_app.domain.closure import ClosureForm
from diversion_app.domain.enums import AuditAction, ClosureOutcome, Role
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.timekeeping import london_today
from diversion_app.persistence.models import AuditEvent, FollowUp
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.registry import Services
from tests.casework_helpers import full_form, make_case
from tests.conftest import MovableClock
from tests.integration.people.test_young_people_workflow import MIA, OFFICER, cr_draft

SUPERVISOR = Actor(None, "sup", "Sam Supervisor", frozenset({Role.SUPERVISOR}))


def _audit(ctx: ServiceContext, cr_id: int) -> list[dict[str, object]]:
    with ctx.read_only() as session:
        return list(
            session.execute(
                sa.select(AuditEvent.changes)
                .where(
                    AuditEvent.entity == "community_resolution",
                    AuditEvent.entity_id == cr_id,
                    AuditEvent.action == AuditAction.CHANGED,
                )
                .order_by(AuditEvent.id)
            ).scalars()
        )


def test_a_cr_is_corrected_with_a_reason_and_the_old_values_kept(services: Services) -> None:
    mia = services.young_person_editor.create(OFFICER, MIA)
    cr = services.community_resolutions.record(OFFICER, cr_draft(mia.id))
    corrected = cr_draft(mia.id, offence_date="02/11/2026", gravity_score=3)
    with pytest.raises(ValidationError) as refused:
        services.cr_changes.correct(OFFICER, cr.id, corrected, "")
    assert "Say why" in refused.value.problems["reason"]
    with pytest.raises(ValidationError) as refused:
        services.cr_changes.correct(
            OFFICER, cr.id, cr_draft(mia.id, offence_date="01/01/2099"), "Typed wrongly"
        )
    assert "offence_date" in refused.value.problems
    services.cr_changes.correct(OFFICER, cr.id, corrected, "Offence was the day after")
    [changes] = _audit(services.ctx, cr.id)
    assert changes["offence_date"] == ["2026-11-01", "2026-11-02"]
    assert changes["gravity_score"] == [2, 3]
    assert changes["reason"] == [None, "Offence was the day after"]


def test_a_withdrawn_cr_counts_nowhere_and_cannot_change(services: Services) -> None:
    mia = services.young_person_editor.create(OFFICER, MIA)
    cr = services.community_resolutions.record(OFFICER, cr_draft(mia.id))
    today = london_today(services.ctx.now())
    before = services.reports.performance(SUPERVISOR, today, today).current.crs_recorded
    assert before == 1
    services.cr_changes.withdraw(OFFICER, cr.id, "Recorded against the wrong child")
    after = services.reports.performance(SUPERVISOR, today, today).current
    assert after.crs_recorded == 0
    record = services.young_person_record.open(OFFICER, mia.id)
    assert record.community_resolutions == 0
    [entry] = [e for e in record.timeline if e.entity == "community_resolution"]
    assert "WITHDRAWN" in entry.detail and "wrong child" in entry.detail
    with pytest.raises(DomainError, match="withdrawn"):
        services.cr_changes.withdraw(OFFICER, cr.id, "Again, by mistake")


def test_withdrawing_a_cr_unanswers_the_follow_up_it_answered(
    ctx: ServiceContext, services: Services, clock: MovableClock
) -> None:
    case = make_case(ctx)
    today = london_today(ctx.now())
    view = services.assessments.complete(
        case.caseworker, case.referral_id, full_form(today - timedelta(days=3))
    )
    services.assessments.sign_off(case.supervisor, view.id or 0)
    form = ClosureForm(ClosureOutcome.PARTLY_COMPLETED, "Some sessions attended.", today)
    closure = services.closures.request(case.caseworker, case.referral_id, form)
    services.closures.approve(case.supervisor, closure.id)
    clock.advance(days=30)
    recorded = services.community_resolutions.record(
        OFFICER, cr_draft(case.young_person_id, offence_date="20/12/2026")
    )
    assert recorded.follow_up_id is not None
    services.cr_changes.withdraw(OFFICER, recorded.id, "Not this young person after all")
    with ctx.read_only() as session:
        assert session.execute(sa.select(FollowUp)).first() is None
