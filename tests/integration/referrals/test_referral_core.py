"""Making a referral and keeping its clock, through the shared referral core."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from diversion_app.domain.enums import (
    ContactMethod,
    ContactOutcome,
    Pathway,
    ReferralStatus,
)
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.referral_rules import ReferralDraft
from diversion_app.persistence.models import AuditEvent, Contact, Referral
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import Conflict
from diversion_app.services.referrals.core import change_status, make_referral, sync_clock
from tests.factories import add_child, referral_draft


def _child(ctx: ServiceContext, born: date) -> int:
    return add_child(ctx, born)


def _draft(person_id: int, ctx: ServiceContext, **changes: object) -> ReferralDraft:
    return referral_draft(person_id, ctx.now() - timedelta(hours=1), **changes)


def test_make_referral_starts_the_clock_and_is_audited(
    ctx: ServiceContext, everyone: Actor
) -> None:
    person = _child(ctx, date(2013, 5, 1))
    made = make_referral(ctx, everyone, _draft(person, ctx))
    assert made.due_at == ctx.now() - timedelta(hours=1) + timedelta(hours=48)
    with ctx.read_only() as session:
        assert session.execute(sa.select(AuditEvent.entity)).scalars().all() == ["referral"]


def test_second_open_referral_on_the_same_pathway_is_refused(
    ctx: ServiceContext, everyone: Actor
) -> None:
    person = _child(ctx, date(2013, 5, 1))
    first = make_referral(ctx, everyone, _draft(person, ctx))
    with pytest.raises(Conflict) as refused:
        make_referral(ctx, everyone, _draft(person, ctx))
    assert refused.value.existing_id == first.id
    assert "already has an open prevention referral" in str(refused.value)
    make_referral(
        ctx,
        everyone,
        _draft(
            person,
            ctx,
            pathway=Pathway.DIVERSION,
            offence_details="Theft",
            offence_date=date(2026, 11, 20),
        ),
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"received_at_hours": -2}, "received_at"),
        ({"referrer_name": "  "}, "referrer_name"),
        ({"reasons": ()}, "reasons"),
        (
            {
                "pathway": Pathway.DIVERSION,
                "offence_details": "Theft",
                "offence_date": date(2026, 11, 20),
                "born": date(2018, 1, 1),
            },
            "pathway",
        ),
    ],
)
def test_bad_referrals_are_refused_with_plain_words(
    ctx: ServiceContext, everyone: Actor, changes: dict[str, object], field: str
) -> None:
    born = changes.pop("born", date(2013, 5, 1))
    person = _child(ctx, born)  # type: ignore[arg-type]
    if "received_at_hours" in changes:
        changes["received_at"] = ctx.now() - timedelta(hours=changes.pop("received_at_hours"))  # type: ignore[operator]
    with pytest.raises(ValidationError) as refused:
        make_referral(ctx, everyone, _draft(person, ctx, **changes))
    assert field in refused.value.problems
    with ctx.read_only() as session:
        assert session.execute(sa.select(sa.func.count()).select_from(Referral)).scalar_one() == 0


def test_clock_met_only_when_child_and_carer_reached(ctx: ServiceContext, everyone: Actor) -> None:
    person = _child(ctx, date(2013, 5, 1))
    made = make_referral(ctx, everyone, _draft(person, ctx))
    now = ctx.now()
    with ctx.unit_of_work() as session:
        referral = session.get(Referral, made.id)
        assert referral is not None
        session.add(
            Contact(
                referral_id=made.id,
                occurred_at=now,
                method=ContactMethod.PHONE,
                outcome=ContactOutcome.MADE_CONTACT,
                with_young_person=True,
                with_carer=False,
                created_at=now,
            )
        )
        session.flush()
        sync_clock(session, everyone, referral, now)
        assert referral.clock_met_at is None and referral.status is ReferralStatus.RECEIVED
        later = now + timedelta(hours=2)
        session.add(
            Contact(
                referral_id=made.id,
                occurred_at=later,
                method=ContactMethod.HOME_VISIT,
                outcome=ContactOutcome.MADE_CONTACT,
                with_young_person=False,
                with_carer=True,
                created_at=later,
            )
        )
        session.flush()
        sync_clock(session, everyone, referral, later)
        assert referral.clock_met_at == later and referral.status is ReferralStatus.CONTACTED
        with pytest.raises(DomainError, match="cannot go back"):
            change_status(session, everyone, referral, ReferralStatus.ALLOCATED, later)
        with pytest.raises(DomainError, match="reason"):
            change_status(session, everyone, referral, ReferralStatus.DECLINED, later)
