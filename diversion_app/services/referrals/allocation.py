"""Allocation: a supervisor gives each unallocated referral to a caseworker.

Unallocated referrals come oldest first; each caseworker is offered with their open
caseload and overdue clocks beside the name, lightest caseload first. Several referrals
can be allocated to one caseworker in one action (``allocate_many``): all or none.
Allocation and reallocation are kept in the referral's history (``ReferralEvent`` kind
"allocation") and as dated ``AllocationPeriod`` facts (who held it from when until when:
a reallocation closes one period and opens the next, never overwriting the first), and
audited; the first allocation moves the status from received to allocated through
``referral_core.change_status``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.enums import ReferralStatus, Role
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.permissions import Permission
from diversion_app.persistence.models import AllocationPeriod, Referral, User, UserRole
from diversion_app.services.base import access
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import NotFound
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.base.open_referrals import referral_is_open
from diversion_app.services.base.permissions import require
from diversion_app.services.base.stale import StaleRecord, last_change
from diversion_app.services.referrals.core import change_status, record_referral_event
from diversion_app.services.referrals.referral_list import (
    ReferralFilter,
    ReferralListService,
    ReferralRow,
)

UNALLOCATED = ReferralFilter(unallocated_only=True)


class Unchecked(Enum):
    """Allocate whoever holds the referral now (for scripts; screens say what they read)."""

    UNCHECKED = "unchecked"


UNCHECKED = Unchecked.UNCHECKED


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
        listed = self._list.count(actor, text, UNALLOCATED)
        with self.ctx.unit_of_work() as session:  # the list shown is audited as a search
            access.search(session, actor, "unallocated_referrals", listed=listed, at=self.ctx.now())
        return listed

    def caseworkers(self, actor: Actor) -> list[CaseworkerOption]:
        """Active caseworkers, lightest open caseload first (then by name), each with the
        number of open referrals they hold and how many of those are overdue."""
        require(self.ctx, actor, Permission.ALLOCATE)
        now = self.ctx.now()
        caseload = (
            sa.select(sa.func.count(Referral.id))
            .where(
                Referral.caseworker_id == User.id,
                referral_is_open(),
            )
            .scalar_subquery()
        )
        overdue = (
            sa.select(sa.func.count(Referral.id))
            .where(
                Referral.caseworker_id == User.id,
                referral_is_open(),
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

    def allocate_many(
        self,
        actor: Actor,
        referral_ids: list[int],
        caseworker_id: int,
        *,
        expected: Mapping[int, int | None] | None = None,
    ) -> int:
        """One user action: allocate several referrals to one caseworker, all or none.

        A referral that cannot be allocated (closed meanwhile, already theirs, or allocated
        by someone else since the screen read it: ``expected`` maps each referral to who held
        it then) refuses the whole action with a sentence naming it; nothing is changed.
        Returns how many.
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
                held: int | Unchecked | None = UNCHECKED
                if expected is not None and referral_id in expected:
                    held = expected[referral_id]
                try:
                    self._allocate_in(session, actor, referral_id, worker, now, held)
                except StaleRecord:
                    refused.append(f"Referral {referral_id} was allocated by someone else since.")
                except DomainError as error:
                    refused.append(str(error))
            if refused:  # the unit of work rolls back every allocation above
                raise ValidationError({"referrals": "Nothing was allocated. " + " ".join(refused)})
        return len(set(referral_ids))

    def allocate(
        self,
        actor: Actor,
        referral_id: int,
        caseworker_id: int,
        *,
        expected_caseworker_id: int | Unchecked | None = UNCHECKED,
    ) -> None:
        """One user action: allocate (or reallocate) a referral to a caseworker.

        ``expected_caseworker_id`` is who held the referral when the screen read it (None:
        unallocated). If someone else allocated it since, the allocation is refused
        (``StaleRecord`` naming them), so two supervisors allocating at once never both
        win. The referral's version guards the same on PostgreSQL, where two transactions
        can read the same state at once.
        """
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
            self._allocate_in(session, actor, referral_id, worker, now, expected_caseworker_id)

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
        self,
        session: Session,
        actor: Actor,
        referral_id: int,
        worker: User,
        now: datetime,
        expected_caseworker_id: int | Unchecked | None = UNCHECKED,
    ) -> None:
        """Allocate one referral inside the caller's transaction (periods, history, audit,
        status), refusing it if its holder is no longer the one the screen read."""
        referral = session.get(Referral, referral_id)
        if referral is None:
            raise DomainError(f"Referral {referral_id} no longer exists.")
        if not referral.status.is_open:
            raise DomainError(
                f"Referral {referral_id} is {referral.status.label.lower()}; "
                "it cannot be allocated."
            )
        moved_on = referral.caseworker_id != expected_caseworker_id
        if expected_caseworker_id is not UNCHECKED and moved_on:
            changed_by, changed_at = last_change(
                session, [("referral", referral.id)], young_person_id=referral.young_person_id
            )
            raise StaleRecord("referral's allocation", changed_by, changed_at)
        if referral.caseworker_id == worker.id:
            raise DomainError(f"This referral is already allocated to {worker.display_name}.")
        before = referral.caseworker
        _close_open_periods(session, referral.id, now)
        session.add(
            AllocationPeriod(
                referral_id=referral.id,
                caseworker_id=worker.id,
                held_from=now,
                held_until=None,
                allocated_by_id=actor.user_id,
            )
        )
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


def _close_open_periods(session: Session, referral_id: int, now: datetime) -> None:
    """End the current holder's period at ``now`` (a reallocation keeps their history)."""
    session.execute(
        sa.update(AllocationPeriod)
        .where(AllocationPeriod.referral_id == referral_id, AllocationPeriod.held_until.is_(None))
        .values(held_until=now)
    )
