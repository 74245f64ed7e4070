"""Ending a session (Sign out, Switch user) is in the audit trail, like the sign-in."""

from __future__ import annotations

import sqlalchemy as sa

from diversion_app.domain.enums import AuditAction, Role
from diversion_app.persistence.models import AuditEvent
from diversion_app.services.accounts.accounts import AccountDraft
from diversion_app.services.registry import Services
from tests.conftest import MovableClock

PASSWORD = "Tidal-Orchard-Basil-17"


def _events(services: Services) -> list[tuple[AuditAction, int | None, int | None, dict]]:  # type: ignore[type-arg]
    with services.ctx.read_only() as session:
        return [
            (row.action, row.user_id, row.entity_id, dict(row.changes or {}))
            for row in session.execute(sa.select(AuditEvent).order_by(AuditEvent.id)).scalars()
        ]


def test_sign_out_and_switch_user_are_recorded_for_the_person(
    services: Services, clock: MovableClock
) -> None:
    admin = services.accounts.create_first_administrator(
        AccountDraft("boss", "The Boss", PASSWORD, frozenset({Role.ADMINISTRATOR}))
    )
    before = len(_events(services))
    clock.advance(minutes=30)
    services.accounts.sign_out(admin, switching_user=True)
    again = services.accounts.sign_in("boss", PASSWORD)
    services.accounts.sign_out(again)
    events = _events(services)[before:]
    assert events == [
        (AuditAction.SIGNED_OUT, admin.user_id, admin.user_id, {"how": "switch user"}),
        (AuditAction.SIGNED_IN, admin.user_id, admin.user_id, {"how": "sign in"}),
        (AuditAction.SIGNED_OUT, admin.user_id, admin.user_id, {"how": "sign out"}),
    ]
    with services.ctx.read_only() as session:
        at = (
            session.execute(
                sa.select(AuditEvent.at).where(AuditEvent.action == AuditAction.SIGNED_OUT)
            )
            .scalars()
            .first()
        )
    assert at is not None and at.replace(tzinfo=None) == clock().replace(tzinfo=None)
    assert AuditAction.SIGNED_OUT.label == "Signed out"


def test_an_actor_with_no_account_has_no_session_to_end(services: Services, supervisor) -> None:  # type: ignore[no-untyped-def]
    services.accounts.sign_out(supervisor)
    assert _events(services) == []
