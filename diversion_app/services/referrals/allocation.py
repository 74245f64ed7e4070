"""Allocation: a supervisor gives each unallocated referral to a caseworker.

Unallocated referrals come oldest first; each caseworker is offered with their open
caseload and overdue clocks beside the name, lightest caseload first. Several referrals
can be allocated to one caseworker in one action (``allocate_many``): all or none.
Allocation and reallocation are kept in the referral's history (``ReferralEvent`` kind
"allocation") and audited; the first allocation moves the status from received to
allocated through ``referral_core.change_status``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.enums import OPEN_REFERRAL_STATUSES, ReferralStatus, Role
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.permissions import Permission
from diversion_app.persistence.models import Referral, User, UserRole
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import NotFound
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.base.permissions import require
from diversion_app.services.referrals.core import change_status, record_referral_event
from diversion_app.services.referrals.referral_list import (
    ReferralFilter,
    ReferralListService,
    ReferralRow,
)

UNALLOCATED = ReferralFilter(unallocated_only=True)


@dataclass(frozen=True)
class CaseworkerOption:
    id: int
    name: str
    open_caseload: int
    overdue: int = 0
    """Their open referrals whose 48-hour clock is overdue."""

    @property
    def label(self) -> str:
        cases = "open case" if self.open_caseload == 1 else "open cases"
        return f"{self.name} ({self.open_caseload} {cases}, {self.overdue} overdue)"


class AllocationService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._list = ReferralListService(ctx)

    def unallocated(self, actor: Actor, request: PageRequest) -> list[ReferralRow]:
        """Referrals waiting for a caseworker, oldest first (unless another sort is asked)."""
        require(self.ctx, actor, Permission.ALLOCATE)
        if request.sort is None:
            request = PageRequest(request.offset, request.limit, "received_at", False, request.text)
        return self._list.page(actor, request, UNALLOCATED)

    def count_unallocated(self, actor: Actor, text: str = "") -> int:
        require(self.ctx, actor, Permission.ALLOCATE)
        return self._list.count(actor, text, UNALLOCATED)

    def caseworkers(self, actor: Actor) -> list[CaseworkerOption]:
        """Active caseworkers, lightest open caseload first (then by name), each with the
        number of open referrals they hold and how many of those are overdue."""
        require(self.ctx, actor, Permission.ALLOCATE)
        now = self.ctx.now()
        caseload = (
            sa.select(sa.func.count(Referral.id))
            .where(
                Referral.caseworker_id == User.id,
                Referral.status.in_(OPEN_REFERRAL_STATUSES),
            )
            .scalar_subquery()
        )
        overdue = (
            sa.select(sa.func.count(Referral.id))
            .where(
                Referral.caseworker_id == User.id,
                Referral.status.in_(OPEN_REFERRAL_STATUSES),
                Referral.clock_met_at.is_(None),
                Referral.clock_due_at < now,
            )
            .scalar_subquery()
        )
        statement = (
            sa.select(User.id, User.display_name, caseload.label("caseload"), overdue)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.CASEWORKER, User.active.is_(True))
            .order_by(sa.literal_column("caseload"), User.display_name, User.id)
        )
        with self.ctx.read_only() as session:
            return [
                CaseworkerOption(row[0], row[1], int(row[2]), int(row[3]))
                for row in session.execute(statement)
            ]

    def allocate_many(self, actor: Actor, referral_ids: list[int], caseworker_id: int) -> int:
        """One user action: allocate several referrals to one caseworker, all or none.

        A referral that cannot be allocated (closed meanwhile, already theirs) refuses the
        whole action with a sentence naming it; nothing is changed. Returns how many.
        """
        if not referral_ids:
            raise ValidationError({"referrals": "Select the referrals to allocate first."})
        for referral_id in referral_ids:
            require(self.ctx, actor, Permission.ALLOCATE, entity="referral", entity_id=referral_id)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            worker = self._worker(session, caseworker_id)
            refused: list[str] = []
            for referral_id in dict.fromkeys(referral_ids):
                try:
                    self._allocate_in(session, actor, referral_id, worker, now)
                except DomainError as error:
                    refused.append(str(error))
            if refused:  # the unit of work rolls back every allocation above
                raise ValidationError({"referrals": "Nothing was allocated. " + " ".join(refused)})
        return len(set(referral_ids))

    def allocate(self, actor: Actor, referral_id: int, caseworker_id: int) -> None:
        """One user action: allocate (or reallocate) a referral to a caseworker."""
        require(self.ctx, actor, Permission.ALLOCATE, entity="referral", entity_id=referral_id)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            referral = session.get(Referral, referral_id)
            if referral is None:
                raise NotFound("That referral no longer exists.")
            if not referral.status.is_open:
                raise DomainError(
                    f"This referral is {referral.status.label.lower()}; it cannot be allocated."
                )
            worker = self._worker(session, caseworker_id)
            self._allocate_in(session, actor, referral_id, worker, now)

    def _worker(self, session: Session, caseworker_id: int) -> User:
        worker = session.get(User, caseworker_id)
        is_caseworker = (
            worker is not None
            and session.execute(
                sa.select(UserRole.user_id).where(
                    UserRole.user_id == caseworker_id, UserRole.role == Role.CASEWORKER
                )
            ).first()
        )
        if worker is None or not worker.active or not is_caseworker:
            raise ValidationError({"caseworker": "Choose an active caseworker."})
        return worker

    def _allocate_in(
        self, session: Session, actor: Actor, referral_id: int, worker: User, now: datetime
    ) -> None:
        """Allocate one referral inside the caller's transaction (history, audit, status)."""
        referral = session.get(Referral, referral_id)
        if referral is None:
            raise DomainError(f"Referral {referral_id} no longer exists.")
        if not referral.status.is_open:
            raise DomainError(
                f"Referral {referral_id} is {referral.status.label.lower()}; "
                "it cannot be allocated."
            )
        if referral.caseworker_id == worker.id:
            raise DomainError(f"This referral is already allocated to {worker.display_name}.")
        before = referral.caseworker
        referral.caseworker_id = worker.id
        referral.allocated_at = now
        record_referral_event(
            session,
            actor,
            referral,
            now,
            kind="allocation",
            from_value=before.display_name if before else None,
            to_value=worker.display_name,
            changes={"caseworker_id": [before.id if before else None, worker.id]},
        )
        if referral.status is ReferralStatus.RECEIVED:
            change_status(session, actor, referral, ReferralStatus.ALLOCATED, now)
