"""The decisions on a subject access request besides the pack, each in one transaction
with its audit event (in the young person's trail): the one two-month extension,
withdrawing or closing it, and marking it answered outside the application. The rules are
``domain/subject_access_decisions``; supervisors only (``SUBJECT_ACCESS``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from diversion_app.domain.enums import AuditAction
from diversion_app.domain.permissions import Permission
from diversion_app.domain.subject_access import RequestStatus
from diversion_app.domain.subject_access_decisions import (
    ExtensionGround,
    RequestState,
    check_answered,
    check_extension,
    check_withdrawal,
)
from diversion_app.domain.timekeeping import london_to_utc, london_today
from diversion_app.persistence.models import SubjectAccessRequest
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import NotFound
from diversion_app.services.base.permissions import require

ANSWERED_AT = time(12)
"""A reply marked as sent on an earlier day is recorded at midday London time that day."""


class RequestDecisions:
    """Part of ``SubjectAccessService``: the decisions after a request is recorded."""

    ctx: ServiceContext

    def _decide(
        self,
        actor: Actor,
        request_id: int,
        decide: Callable[[SubjectAccessRequest, RequestState], dict[str, Any]],
    ) -> None:
        """Apply one decision to the request in one transaction, with its audit event."""
        require(
            self.ctx,
            actor,
            Permission.SUBJECT_ACCESS,
            entity="subject_access_request",
            entity_id=request_id,
        )
        with self.ctx.unit_of_work() as session:
            request = session.get(SubjectAccessRequest, request_id)
            if request is None:
                raise NotFound("That subject access request no longer exists.")
            state = RequestState(request.status, request.received_on, request.due_on)
            changes = decide(request, state)
            audit.record(
                session,
                actor,
                AuditAction.CHANGED,
                "subject_access_request",
                request_id,
                at=self.ctx.now(),
                young_person_id=request.young_person_id,
                changes=changes,
            )

    def extend(
        self, actor: Actor, request_id: int, ground: ExtensionGround | None, reason: str
    ) -> date:
        """Extend the reply's deadline once by two months (complex or numerous requests
        only, decided within the first month); returns the new due date. Audited."""
        today = london_today(self.ctx.now())
        moved: list[date] = []

        def decide(request: SubjectAccessRequest, state: RequestState) -> dict[str, Any]:
            new_due = check_extension(state, ground, reason, today)
            assert ground is not None
            before, request.due_on = request.due_on, new_due
            moved.append(new_due)
            return {
                "due_on": [before, new_due],
                "extension": ground.label,
                "reason": " ".join(reason.split()),
            }

        self._decide(actor, request_id, decide)
        return moved[0]

    def withdraw(self, actor: Actor, request_id: int, reason: str) -> None:
        """Close an open request without a pack (withdrawn by the requester, or closed for
        another reason given in words). Audited with the reason."""

        def decide(request: SubjectAccessRequest, state: RequestState) -> dict[str, Any]:
            check_withdrawal(state, reason)
            request.status = RequestStatus.WITHDRAWN
            return {"status": ["open", "withdrawn"], "reason": " ".join(reason.split())}

        self._decide(actor, request_id, decide)

    def mark_answered(
        self, actor: Actor, request_id: int, answered_on: date | None, how: str
    ) -> None:
        """Record that the reply was sent outside the application (by post, in person),
        on ``answered_on``, saying how. Audited."""
        now = self.ctx.now()
        today = london_today(now)

        def decide(request: SubjectAccessRequest, state: RequestState) -> dict[str, Any]:
            check_answered(state, answered_on, how, today)
            assert answered_on is not None
            request.status = RequestStatus.SENT
            request.sent_at = (
                now
                if answered_on == today
                else london_to_utc(datetime.combine(answered_on, ANSWERED_AT))
            )
            return {
                "status": ["open", "sent"],
                "answered_on": answered_on,
                "how": " ".join(how.split()),
            }

        self._decide(actor, request_id, decide)
