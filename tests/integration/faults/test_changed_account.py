"""An account changed by the administrator stops working at the next call, not the next sign-in."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from diversion_app.domain.contact_rules import ContactDraft
from diversion_app.domain.enums import AuditAction, ContactMethod, ContactOutcome, Role
from diversion_app.services.accounts.accounts import AccountDraft
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import PermissionDenied
from diversion_app.services.base.permissions import ACCOUNT_STOPPED
from diversion_app.services.registry import Services
from tests.factories import add_child, referral_draft

PASSWORD = "Quiet-Harbour-Fern-42"


@pytest.fixture
def admin(services: Services) -> Actor:
    return services.accounts.create_first_administrator(
        AccountDraft("first.admin", "First Admin", "Bright-Cedar-Owl-93", frozenset())
    )


def _signed_in_caseworker(services: Services, admin: Actor) -> tuple[Actor, int]:
    user_id = services.accounts.create_account(
        admin,
        AccountDraft(
            "cw.one", "Casey One", PASSWORD, frozenset({Role.CASEWORKER, Role.SUPERVISOR})
        ),
    )
    actor = services.accounts.sign_in("cw.one", PASSWORD)
    made = services.referral_record.make(
        actor,
        referral_draft(
            add_child(services.ctx, date(2012, 2, 2)), services.ctx.now() - timedelta(hours=1)
        ),
    )
    services.allocation.allocate(actor, made.id, user_id)
    return actor, made.id


def _contact(referral_id: int, services: Services) -> ContactDraft:
    return ContactDraft(
        referral_id=referral_id,
        occurred_at=services.ctx.now() - timedelta(minutes=5),
        method=ContactMethod.PHONE,
        outcome=ContactOutcome.NO_ANSWER,
        with_young_person=True,
    )


def test_a_disabled_account_can_no_longer_open_or_record(services: Services, admin: Actor) -> None:
    worker, referral_id = _signed_in_caseworker(services, admin)
    services.referral_record.record(worker, referral_id)  # works while the account is active
    assert worker.user_id is not None
    services.accounts.disable(admin, worker.user_id)

    with pytest.raises(PermissionDenied) as refused:
        services.referral_record.record(worker, referral_id)
    assert str(refused.value) == ACCOUNT_STOPPED
    with pytest.raises(PermissionDenied):
        services.contacts.record(worker, _contact(referral_id, services))
    with services.ctx.read_only() as session:
        from diversion_app.persistence.models import AuditEvent, Contact

        assert session.query(Contact).count() == 0
        last = session.query(AuditEvent).order_by(AuditEvent.id.desc()).first()
        assert last is not None and last.action is AuditAction.REFUSED

    services.accounts.enable(admin, worker.user_id)
    services.referral_record.record(worker, referral_id)


def test_a_role_taken_away_stops_working_at_once(services: Services, admin: Actor) -> None:
    worker, referral_id = _signed_in_caseworker(services, admin)
    assert worker.user_id is not None
    services.accounts.set_roles(admin, worker.user_id, [Role.OFFICER])

    services.referral_record.record(worker, referral_id)  # viewing: an officer may
    with pytest.raises(PermissionDenied, match="permission to work on this referral"):
        services.contacts.record(worker, _contact(referral_id, services))
    with pytest.raises(PermissionDenied, match="allocate"):
        services.allocation.caseworkers(worker)
