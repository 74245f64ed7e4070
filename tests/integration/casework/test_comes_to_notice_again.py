"""Comes to notice again (DOMAIN.md): a new offence recorded as a diversion referral, or a
CR recorded while a closure awaited approval, answers the 12-month follow-up; a referral
ended as not engaged gets its follow-up like any closure. Each failed before the fix."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from diversion_app.domain.closure import ClosureForm, follow_up_due
from diversion_app.domain.enums import ClosureOutcome, ClosureStatus, Pathway, ReferralStatus
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.timekeeping import london_today
from diversion_app.persistence.models import Closure, FollowUp, Referral
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.casework.follow_ups import FollowUpFilter
from diversion_app.services.referrals.core import make_referral
from diversion_app.services.registry import Services
from tests.casework_helpers import Case, add_cr, full_form, make_case
from tests.conftest import MovableClock
from tests.factories import referral_draft


def _close(services: Services, case: Case, *, approve: bool = True) -> int:
    today = london_today(services.ctx.now())
    view = services.assessments.complete(
        case.caseworker, case.referral_id, full_form(today - timedelta(days=3))
    )
    services.assessments.sign_off(case.supervisor, view.id or 0)
    form = ClosureForm(ClosureOutcome.PARTLY_COMPLETED, "Some sessions attended.", today)
    pending = services.closures.request(case.caseworker, case.referral_id, form)
    if approve:
        services.closures.approve(case.supervisor, pending.id)
    return pending.id


def _follow_up(ctx: ServiceContext, closure_id: int) -> FollowUp | None:
    with ctx.read_only() as session:
        row = session.execute(
            sa.select(FollowUp).where(FollowUp.closure_id == closure_id)
        ).scalar_one_or_none()
        if row is not None:
            session.expunge(row)
        return row


def test_a_new_offence_recorded_as_a_diversion_referral_answers_the_follow_up(
    ctx: ServiceContext, services: Services, clock: MovableClock
) -> None:
    case = make_case(ctx)
    closure_id = _close(services, case)
    clock.advance(days=60)
    offence = london_today(ctx.now()) - timedelta(days=2)
    made = make_referral(
        ctx,
        case.supervisor,
        referral_draft(
            case.young_person_id,
            ctx.now() - timedelta(hours=1),
            pathway=Pathway.DIVERSION,
            offence_details="Criminal damage to a bus shelter.",
            offence_date=offence,
        ),
    )
    follow_up = _follow_up(ctx, closure_id)
    assert follow_up is not None and follow_up.came_to_notice and follow_up.automatic
    assert follow_up.new_referral_id == made.id
    assert "diversion referral" in (follow_up.details or "")


def test_a_cr_recorded_while_the_closure_awaited_approval_is_picked_up_on_approval(
    ctx: ServiceContext, services: Services, clock: MovableClock
) -> None:
    case = make_case(ctx)
    closure_id = _close(services, case, approve=False)
    clock.advance(days=5)
    cr = add_cr(ctx, case.young_person_id, london_today(ctx.now()) - timedelta(days=1), "CR/9")
    assert _follow_up(ctx, closure_id) is None
    services.closures.approve(case.supervisor, closure_id)
    follow_up = _follow_up(ctx, closure_id)
    assert follow_up is not None and follow_up.came_to_notice
    assert follow_up.community_resolution_id == cr


def test_a_referral_ended_not_engaged_gets_its_twelve_month_follow_up(
    ctx: ServiceContext, services: Services, clock: MovableClock
) -> None:
    case = make_case(ctx)
    services.referral_record.end(
        case.caseworker, case.referral_id, ReferralStatus.NOT_ENGAGED, "Three visits, no answer."
    )
    today = london_today(ctx.now())
    with ctx.read_only() as session:
        closure = session.execute(
            sa.select(Closure).where(Closure.referral_id == case.referral_id)
        ).scalar_one()
        session.expunge(closure)
        status = session.execute(
            sa.select(Referral.status).where(Referral.id == case.referral_id)
        ).scalar_one()
    assert status is ReferralStatus.NOT_ENGAGED
    assert closure.outcome is ClosureOutcome.DID_NOT_ENGAGE
    assert closure.status is ClosureStatus.APPROVED
    assert closure.follow_up_due_on == follow_up_due(today)
    clock.advance(days=366)
    due = services.follow_ups.page_due(case.supervisor, PageRequest(limit=10), FollowUpFilter())
    assert [row.closure_id for row in due] == [closure.id]
    figures = services.reports.performance(case.supervisor, today, today).current
    assert figures.closures_by_outcome == {ClosureOutcome.DID_NOT_ENGAGE: 1}


@pytest.mark.parametrize(
    ("offence_days_ahead", "words"),
    [(None, "Give the offence date"), (1, "cannot be in the future")],
)
def test_a_diversion_referral_needs_an_offence_date_not_in_the_future(
    ctx: ServiceContext, services: Services, offence_days_ahead: int | None, words: str
) -> None:
    case = make_case(ctx)
    offence = (
        None
        if offence_days_ahead is None
        else london_today(ctx.now()) + timedelta(days=offence_days_ahead)
    )
    with pytest.raises(ValidationError) as refused:
        make_referral(
            ctx,
            case.supervisor,
            referral_draft(
                case.young_person_id,
                ctx.now(),
                pathway=Pathway.DIVERSION,
                offence_details="Theft from a shop.",
                offence_date=offence,
            ),
        )
    assert words in refused.value.problems["offence_date"]


def test_diversion_age_is_judged_on_the_offence_date(
    ctx: ServiceContext, services: Services
) -> None:
    """Jamie (born 01/03/2012) was 9 on an offence in February 2021: not eligible, even
    though Jamie is 14 on the day the referral is received."""
    case = make_case(ctx)
    with pytest.raises(ValidationError) as refused:
        make_referral(
            ctx,
            case.supervisor,
            referral_draft(
                case.young_person_id,
                ctx.now(),
                pathway=Pathway.DIVERSION,
                offence_details="Theft from a shop.",
                offence_date=london_today(ctx.now()).replace(year=2021, month=2, day=20),
            ),
        )
    assert "pathway" in refused.value.problems
