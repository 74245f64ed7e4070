"""Subject access requests: recorded with their one-month due date, listed until answered,
and answered with a pack (a PDF for the requester and the same data as JSON), which is
itself audited as a disclosure. Supervisors only (``SUBJECT_ACCESS``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from diversion_app.domain.access_rules import DisclosurePurpose, Recipient
from diversion_app.domain.enums import AuditAction
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.permissions import Permission
from diversion_app.domain.subject_access import (
    PARENT_OR_CARER,
    RequestDraft,
    Requester,
    RequestStatus,
    check_request,
    reply_due,
)
from diversion_app.domain.timekeeping import london_today
from diversion_app.persistence.models import HouseholdMember, SubjectAccessRequest, YoungPerson
from diversion_app.reports.errors import Progress, ReportCancelled
from diversion_app.services.base import access, audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.audit_checkpoints import checkpoint_if_due
from diversion_app.services.base.audited_read import log_view
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import NotFound
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.base.permissions import require
from diversion_app.services.people.subject_access_decisions import RequestDecisions
from diversion_app.services.people.subject_access_pack import Gatherer
from diversion_app.services.reports.printing import record_disclosure, write_atomically


@dataclass(frozen=True)
class RequestRow:
    id: int
    young_person_id: int
    young_person: str
    requester: str
    received_on: date
    due_on: date
    status: RequestStatus
    sent_at: datetime | None
    extended: bool = False
    """The reply's due date was moved by the one two-month extension."""

    def days_left(self, today: date) -> int:
        return (self.due_on - today).days


@dataclass(frozen=True)
class ParentChoice:
    id: int
    name: str
    relationship: str


@dataclass(frozen=True)
class PackWritten:
    pdf: Path
    json: Path
    pages: int
    referrals: int


def _requester_words(row: SubjectAccessRequest) -> str:
    if row.requester is Requester.YOUNG_PERSON:
        return "the young person"
    return f"{row.requester_name} ({row.requester.label.lower()})"


class SubjectAccessService(RequestDecisions):
    """Requests, the decisions on them (``RequestDecisions``) and the pack."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def parents(self, actor: Actor, young_person_id: int) -> list[ParentChoice]:
        """The young person's parents and carers, who may ask on their behalf (what the
        request form shows of the family: its opening is one "viewed" event)."""
        require(self.ctx, actor, Permission.SUBJECT_ACCESS)
        with self.ctx.read_only() as session:
            person = session.get(YoungPerson, young_person_id)
            if person is None:
                raise NotFound("That young person no longer exists.")
            reason = access.view_reason(session, actor, young_person_id)
            members = session.execute(
                sa.select(HouseholdMember)
                .where(HouseholdMember.household_id == person.household_id)
                .order_by(HouseholdMember.id)
            ).scalars()
            choices = [
                ParentChoice(
                    mem.id, f"{mem.given_name} {mem.family_name}", mem.relationship_to_child.label
                )
                for mem in members
                if mem.relationship_to_child in PARENT_OR_CARER
            ]
        log_view(
            self.ctx,
            actor,
            "subject_access_form",
            young_person_id,
            young_person_id=young_person_id,
            changes=reason,
        )
        return choices

    def record_request(self, actor: Actor, draft: RequestDraft) -> int:
        """Record a request as received; its reply is due one calendar month later."""
        require(self.ctx, actor, Permission.SUBJECT_ACCESS)
        now = self.ctx.now()
        check_request(draft, london_today(now))
        assert draft.received_on is not None and draft.requester is not None
        with self.ctx.unit_of_work() as session:
            person = session.get(YoungPerson, draft.young_person_id)
            if person is None:
                raise NotFound("That young person no longer exists.")
            name = " ".join(draft.requester_name.split())
            if draft.requester is Requester.PARENT_CARER:
                member = session.get(HouseholdMember, draft.parent_member_id)
                if (
                    member is None
                    or member.household_id != person.household_id
                    or member.relationship_to_child not in PARENT_OR_CARER
                ):
                    raise ValidationError(
                        {"parent_member_id": "Choose one of the young person's parents or carers."}
                    )
                name = f"{member.given_name} {member.family_name}"
            elif draft.requester is Requester.YOUNG_PERSON:
                name = f"{person.given_name} {person.family_name}"
            request = SubjectAccessRequest(
                young_person_id=person.id,
                requester=draft.requester,
                requester_name=name,
                parent_member_id=draft.parent_member_id
                if draft.requester is Requester.PARENT_CARER
                else None,
                received_on=draft.received_on,
                due_on=reply_due(draft.received_on),
                status=RequestStatus.OPEN,
                notes=draft.notes.strip() or None,
                created_at=now,
                created_by_id=actor.user_id,
            )
            session.add(request)
            session.flush()
            audit.record(
                session,
                actor,
                AuditAction.CREATED,
                "subject_access_request",
                request.id,
                at=now,
                young_person_id=person.id,
                changes={
                    "requester": draft.requester.label,
                    "received_on": draft.received_on,
                    "due_on": request.due_on,
                },
            )
            return request.id

    def _statement(self, open_only: bool) -> Any:
        statement: Any = sa.select(
            SubjectAccessRequest, YoungPerson.given_name, YoungPerson.family_name
        ).join(YoungPerson, YoungPerson.id == SubjectAccessRequest.young_person_id)
        if open_only:
            statement = statement.where(SubjectAccessRequest.status == RequestStatus.OPEN)
        return statement

    def count(self, actor: Actor, *, open_only: bool = True) -> int:
        """How many requests the list shows (the list is audited as a search)."""
        require(self.ctx, actor, Permission.SUBJECT_ACCESS)
        with self.ctx.unit_of_work() as session:
            listed = int(
                session.execute(
                    sa.select(sa.func.count()).select_from(self._statement(open_only).subquery())
                ).scalar_one()
            )
            access.search(
                session, actor, "subject_access_requests", listed=listed, at=self.ctx.now()
            )
            return listed

    def requests(
        self, actor: Actor, request: PageRequest, *, open_only: bool = True
    ) -> list[RequestRow]:
        """The requests, the soonest due first (SQL paging)."""
        require(self.ctx, actor, Permission.SUBJECT_ACCESS)
        statement = (
            self._statement(open_only)
            .order_by(SubjectAccessRequest.due_on, SubjectAccessRequest.id)
            .offset(request.offset)
            .limit(request.limit)
        )
        with self.ctx.read_only() as session:
            return [
                RequestRow(
                    id=row.id,
                    young_person_id=row.young_person_id,
                    young_person=f"{given} {family}",
                    requester=_requester_words(row),
                    received_on=row.received_on,
                    due_on=row.due_on,
                    status=row.status,
                    sent_at=row.sent_at,
                    extended=row.due_on > reply_due(row.received_on),
                )
                for row, given, family in session.execute(statement)
            ]

    def open_request_for(self, actor: Actor, young_person_id: int) -> int | None:
        require(self.ctx, actor, Permission.SUBJECT_ACCESS)
        with self.ctx.read_only() as session:
            return session.execute(
                sa.select(SubjectAccessRequest.id)
                .where(
                    SubjectAccessRequest.young_person_id == young_person_id,
                    SubjectAccessRequest.status == RequestStatus.OPEN,
                )
                .order_by(SubjectAccessRequest.id)
                .limit(1)
            ).scalar_one_or_none()

    def gather(self, actor: Actor, request_id: int) -> dict[str, Any]:
        """Everything held about the request's young person, as the pack shows it."""
        require(self.ctx, actor, Permission.SUBJECT_ACCESS)
        now = self.ctx.now()
        with self.ctx.read_only() as session:
            request = session.get(SubjectAccessRequest, request_id)
            if request is None:
                raise NotFound("That subject access request no longer exists.")
            words = {
                "number": request.id,
                "requester": _requester_words(request)
                if request.requester is not Requester.REPRESENTATIVE
                else f"{request.requester_name} (acting for the young person)",
                "received_on": request.received_on.isoformat(),
                "due_on": request.due_on.isoformat(),
            }
            return Gatherer(session, request.young_person_id).pack(words, now)

    def make_pack(
        self,
        actor: Actor,
        request_id: int,
        folder: Path,
        *,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> PackWritten:
        """Write the pack's PDF and JSON into ``folder``, audit it, mark the request sent.

        ``progress(done, expected)`` follows the PDF's pages; ``cancelled()`` is asked as
        it goes, and a cancel (``ReportCancelled``) or failure leaves neither file behind,
        no disclosure recorded and the request open."""
        from diversion_app.reports.subject_access import build_subject_access_pdf

        folder = usable_folder(folder)
        data = self.gather(actor, request_id)
        request_row = self._status(request_id)
        if request_row is not RequestStatus.OPEN:
            raise ValidationError(
                {"status": f"This request is already {request_row.label.lower()}."}
            )
        stem = f"subject-access-{request_id}-{london_today(self.ctx.now()).isoformat()}"
        head = checkpoint_if_due(self.ctx)
        requester = str(data["request"]["requester"])
        for_whom = Recipient(requester, DisclosurePurpose.SUBJECT_ACCESS)
        pdf = folder / f"{stem}.pdf"
        pages = write_atomically(
            pdf,
            lambda target: build_subject_access_pdf(
                data,
                target,
                printed_by=actor.display_name,
                audit_head=head.footer_text(),
                prepared_for=for_whom.words(),
                progress=progress,
                cancelled=cancelled,
            ),
        )
        json_path = folder / f"{stem}.json"
        if cancelled is not None and cancelled():
            pdf.unlink(missing_ok=True)
            raise ReportCancelled()

        def write_json(target: Path) -> None:
            with target.open("w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, indent=2)
                handle.flush()
                os.fsync(handle.fileno())

        try:
            write_atomically(json_path, write_json)
        except BaseException:
            pdf.unlink(missing_ok=True)  # never one file of the two
            raise
        young_person_id = int(data["young_person"]["id"])
        record_disclosure(
            self.ctx,
            actor,
            "subject_access_pack",
            {"format": "pdf and json", "request": request_id, "pages": pages},
            for_whom=for_whom,
            young_person_ids=[young_person_id],
        )
        with self.ctx.unit_of_work() as session:
            request = session.get(SubjectAccessRequest, request_id)
            assert request is not None
            request.status = RequestStatus.SENT
            request.sent_at = self.ctx.now()
            audit.record(
                session,
                actor,
                AuditAction.CHANGED,
                "subject_access_request",
                request_id,
                at=self.ctx.now(),
                young_person_id=young_person_id,
                changes={"status": ["open", "sent"]},
            )
        return PackWritten(pdf, json_path, pages, len(data["referrals"]))

    def _status(self, request_id: int) -> RequestStatus:
        with self.ctx.read_only() as session:
            request = session.get(SubjectAccessRequest, request_id)
            if request is None:
                raise NotFound("That subject access request no longer exists.")
            return request.status


def usable_folder(folder: Path) -> Path:
    """``folder`` if the pack can be written there; else ``ValidationError`` in plain words."""
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise ValidationError({"folder": f"{folder} is a file, not a folder: choose a folder."})
    if not folder.is_dir():
        raise ValidationError({"folder": f"There is no folder {folder}: choose another."})
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValidationError(
            {"folder": f"The folder {folder} cannot be written to: choose another."}
        )
    return folder
