"""The review queue and its decisions: keep (with a reason and a review date) or dispose of.

A supervisor sees the young people whose every record is past its retention period,
oldest first, with what would go. Nobody with an open referral, an unanswered 12-month
follow-up, an open school concern or a legal hold is offered, and ``dispose`` checks all
of that again inside its own transaction. A disposal erases the personal data and free
text (``erasure``), keeps the counted rows, and is logged twice: as a decision row (what
kinds went, when, who, why, which backups still hold the data) and as an audit event.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.enums import Area, AuditAction
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.names import normalise_name
from diversion_app.domain.permissions import Permission
from diversion_app.domain.retention import (
    DisposalType,
    RecordDue,
    RetentionPeriods,
    ReviewDecision,
    due_on,
    records_due,
    validate_keep,
    validate_reason,
)
from diversion_app.domain.timekeeping import format_date, london_today, to_london
from diversion_app.persistence.models import RetentionDecision, YoungPerson
from diversion_app.persistence.secure_delete import database_backups, overwrite_freed_pages
from diversion_app.services.base import access, audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import Conflict, NotFound
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.base.permissions import require
from diversion_app.services.retention.erasure import erase_young_person
from diversion_app.services.retention.last_actions import candidates, held_back, last_actions
from diversion_app.services.retention.periods import load_periods
from diversion_app.services.retention.review_stamp import refuse_if_decided_since, review_stamps


@dataclass(frozen=True)
class QueueRow:
    young_person_id: int
    name: str
    date_of_birth: date
    area: Area
    due_since: date
    last_action: date
    records: tuple[tuple[DisposalType, int], ...]
    edit_stamp: str = ""
    """The row as shown (``review_stamp``): hand it back with the decision."""

    @property
    def id(self) -> int:
        """What identifies the row across reloads (a list keeps it chosen)."""
        return self.young_person_id

    @property
    def what_would_go(self) -> str:
        return ", ".join(f"{kind.label} x{count}" for kind, count in self.records) or (
            "The young person's record (no casework)"
        )


@dataclass(frozen=True)
class QueuePage:
    rows: tuple[QueueRow, ...]
    total: int
    held_back: dict[str, int]
    """Past the dates but held back, by kind of open work (referral, follow-up, school)."""


@dataclass(frozen=True)
class DecisionRow:
    id: int
    young_person_id: int
    decision: ReviewDecision
    decided_at: datetime
    decided_by: str
    reason: str
    review_on: date | None
    records: tuple[tuple[str, int], ...]
    backups: tuple[str, ...]

    @property
    def backups_holding(self) -> int:
        return len(self.backups)


@dataclass(frozen=True)
class HoldRow:
    young_person_id: int
    name: str
    date_of_birth: date
    reason: str
    edit_stamp: str = ""
    """The hold as shown (``review_stamp``): hand it back to ``release_hold``."""


@dataclass(frozen=True)
class DisposalOutcome:
    decision_id: int
    records: tuple[tuple[DisposalType, int], ...]
    backups: tuple[str, ...]


def _display_name(person: YoungPerson) -> str:
    given = person.preferred_name or person.given_name
    return f"{given} {person.family_name}".strip()


def _summary(records: list[RecordDue]) -> tuple[tuple[DisposalType, int], ...]:
    counts: dict[DisposalType, int] = {}
    for record in records:
        counts[record.kind] = counts.get(record.kind, 0) + 1
    return tuple((kind, counts[kind]) for kind in DisposalType if kind in counts)


_WORD = re.compile(r"\w+")


def naming_problem(reason: str, person: YoungPerson) -> dict[str, str]:
    """The reason outlives the records: it must not name the child or give their birthday."""
    words = {normalise_name(word) for word in _WORD.findall(reason)}
    names = {
        normalise_name(part)
        for name in (person.given_name, person.family_name, person.preferred_name or "")
        for part in _WORD.findall(name)
    }
    named = {name for name in names if len(name) > 1} & words
    born = format_date(person.date_of_birth)
    if named or born in reason or person.date_of_birth.isoformat() in reason:
        return {
            "reason": "Do not name the young person or give their date of birth in the reason: "
            "it is kept after their records are erased."
        }
    return {}


class RetentionReviewService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- the queue ----------------------------------------------------------------------------
    def queue(self, actor: Actor, request: PageRequest | None = None) -> QueuePage:
        """Everyone due for review, oldest first (a page of them), and how many are held back."""
        require(self.ctx, actor, Permission.REVIEW_RETENTION, entity="retention_review")
        request = request or PageRequest()
        today = london_today(self.ctx.now())
        with self.ctx.read_only() as session:
            periods = load_periods(session)
            rows = self._due(session, periods, today, None)
            waiting = held_back(session, today, min(periods.years.values()))
        rows.sort(key=lambda row: (row.due_since, row.young_person_id))
        start = max(0, request.offset)
        shown = tuple(rows[start : start + max(1, request.limit)])
        with self.ctx.unit_of_work() as session:  # the children listed: who, when, how many
            access.search(session, actor, "retention_review", listed=len(shown), at=self.ctx.now())
        return QueuePage(rows=shown, total=len(rows), held_back=waiting)

    def _due(
        self, session: Session, periods: RetentionPeriods, today: date, only: int | None
    ) -> list[QueueRow]:
        ids = candidates(session, today, min(periods.years.values()), only=only)
        actions = last_actions(session, ids)
        longest = max(periods.years.values())
        rows: list[QueueRow] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            people = list(
                session.execute(sa.select(YoungPerson).where(YoungPerson.id.in_(chunk))).scalars()
            )
            stamps = review_stamps(session, people)
            for person in people:
                by_kind = actions.get(person.id, {})
                pairs = [(kind, day) for kind, days in by_kind.items() for day in days]
                if not pairs:  # a record with no casework: kept as long as the longest period
                    created = to_london(person.created_at).date()
                    pairs_due = records_due(
                        [(DisposalType.DIVERSION_REFERRAL, created)],
                        RetentionPeriods(dict.fromkeys(DisposalType, longest)),
                        person.date_of_birth,
                    )
                    due = due_on(pairs_due, person.date_of_birth)
                    summary: tuple[tuple[DisposalType, int], ...] = ()
                    last = created
                else:
                    due_records = records_due(pairs, periods, person.date_of_birth)
                    due = due_on(due_records, person.date_of_birth)
                    summary = _summary(due_records)
                    last = max(day for _kind, day in pairs)
                if due > today:
                    continue
                rows.append(
                    QueueRow(
                        young_person_id=person.id,
                        name=_display_name(person),
                        date_of_birth=person.date_of_birth,
                        area=person.area,
                        due_since=due,
                        last_action=last,
                        records=summary,
                        edit_stamp=stamps[person.id],
                    )
                )
            session.expunge_all()
        return rows

    # --- decisions ----------------------------------------------------------------------------
    def keep(
        self,
        actor: Actor,
        young_person_id: int,
        reason: str,
        review_on: date | None,
        *,
        edit_stamp: str = "",
    ) -> int:
        """Keep the records until ``review_on``; returns the decision's id. ``edit_stamp``
        is the queue row's: a row someone decided or held since is refused."""
        require(
            self.ctx,
            actor,
            Permission.REVIEW_RETENTION,
            entity="retention_review",
            young_person_id=young_person_id,
        )
        now = self.ctx.now()
        problems = validate_keep(reason, review_on, london_today(now))
        if problems:
            raise ValidationError(problems)
        with self.ctx.unit_of_work() as session:
            person = self._living(session, young_person_id)
            refuse_if_decided_since(session, edit_stamp, person, decision="Not kept")
            problems = naming_problem(reason, person)
            if problems:
                raise ValidationError(problems)
            periods = load_periods(session)
            rows = self._due(session, periods, london_today(now), young_person_id)
            records = rows[0].records if rows else ()
            person = self._living(session, young_person_id)
            person.retention_review_on = review_on
            decision = self._decision(
                session, actor, person.id, ReviewDecision.KEEP, reason, now, review_on, records, ()
            )
            audit.record(
                session,
                actor,
                AuditAction.CHANGED,
                "retention_review",
                decision.id,
                at=now,
                young_person_id=person.id,
                changes={"decision": "keep", "review_on": review_on, "reason": reason.strip()},
            )
            return decision.id

    def dispose(
        self, actor: Actor, young_person_id: int, reason: str, *, edit_stamp: str = ""
    ) -> DisposalOutcome:
        """Erase the young person's personal data and free text, in one transaction.

        Refused unless they are in the queue now (every record past its period, no open
        work, no hold), and (``edit_stamp``, the queue row's) if someone decided or held
        the row since it was read. The file still holds erased bytes until
        ``overwrite_erased`` runs.
        """
        require(
            self.ctx,
            actor,
            Permission.REVIEW_RETENTION,
            entity="retention_review",
            young_person_id=young_person_id,
        )
        problems = validate_reason(reason, "the records are disposed of")
        if problems:
            raise ValidationError(problems)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            person = self._living(session, young_person_id)
            refuse_if_decided_since(session, edit_stamp, person, decision="Not disposed of")
            problems = naming_problem(reason, person)
            if problems:
                raise ValidationError(problems)
            periods = load_periods(session)
            rows = self._due(session, periods, london_today(now), young_person_id)
            if not rows:
                raise Conflict(
                    "These records are not due for disposal: they are not all past their "
                    "retention period, or there is open work or a legal hold. Nothing was "
                    "erased."
                )
            person = self._living(session, young_person_id)
            records = rows[0].records
            backups = tuple(path.name for path in database_backups(session.get_bind().engine))
            erased = erase_young_person(session, person, now)
            decision = self._decision(
                session,
                actor,
                person.id,
                ReviewDecision.DISPOSE,
                reason,
                now,
                None,
                records,
                backups,
            )
            audit.record(
                session,
                actor,
                AuditAction.ERASED,
                "young_person",
                person.id,
                at=now,
                young_person_id=person.id,
                changes={
                    "decision": "dispose",
                    "decision_id": decision.id,
                    "reason": reason.strip(),
                    "records": {kind.value: count for kind, count in records},
                    "audit_events_erased": erased.audit_events,
                    "backups_still_holding_data": len(backups),
                },
            )
            return DisposalOutcome(decision.id, records, backups)

    def overwrite_erased(
        self, actor: Actor, progress: Callable[[int, int], None] | None = None
    ) -> bool:
        """Rebuild the database file so erased bytes are gone (slow: off the GUI thread)."""
        require(self.ctx, actor, Permission.REVIEW_RETENTION, entity="retention_review")
        engine = self.ctx.sessions.kw["bind"]
        return overwrite_freed_pages(engine, progress)

    def backups(self, actor: Actor) -> list[str]:
        """The backup files beside the database (each holds everything as it was then)."""
        require(self.ctx, actor, Permission.REVIEW_RETENTION, entity="retention_review")
        return [path.name for path in database_backups(self.ctx.sessions.kw["bind"])]

    # --- legal holds --------------------------------------------------------------------------
    def place_hold(
        self, actor: Actor, young_person_id: int, reason: str, *, edit_stamp: str = ""
    ) -> None:
        """Hold the records (``edit_stamp``: the queue row's, refused if decided since)."""
        self._set_hold(actor, young_person_id, reason, placing=True, stamp=edit_stamp)

    def release_hold(
        self, actor: Actor, young_person_id: int, reason: str, *, edit_stamp: str = ""
    ) -> None:
        """End a hold (``edit_stamp``: the hold row's, refused if changed since)."""
        self._set_hold(actor, young_person_id, reason, placing=False, stamp=edit_stamp)

    def _set_hold(
        self, actor: Actor, young_person_id: int, reason: str, *, placing: bool, stamp: str
    ) -> None:
        require(
            self.ctx,
            actor,
            Permission.REVIEW_RETENTION,
            entity="legal_hold",
            young_person_id=young_person_id,
        )
        what = "the records are held" if placing else "the hold ends"
        problems = validate_reason(reason, what)
        if problems:
            raise ValidationError(problems)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            person = self._living(session, young_person_id)
            refuse_if_decided_since(
                session,
                stamp,
                person,
                decision="No hold placed" if placing else "Hold not released",
            )
            old = person.legal_hold_reason
            if placing and old is not None:
                raise Conflict("These records are already under a legal hold.")
            if not placing and old is None:
                raise Conflict("These records are not under a legal hold.")
            person.legal_hold_reason = reason.strip() if placing else None
            audit.record(
                session,
                actor,
                AuditAction.CHANGED,
                "legal_hold",
                person.id,
                at=now,
                young_person_id=person.id,
                changes={"legal_hold": [old, person.legal_hold_reason], "reason": reason.strip()},
            )

    def holds(self, actor: Actor) -> list[HoldRow]:
        require(self.ctx, actor, Permission.REVIEW_RETENTION, entity="legal_hold")
        with self.ctx.read_only() as session:
            people = list(
                session.execute(
                    sa.select(YoungPerson)
                    .where(YoungPerson.legal_hold_reason.is_not(None))
                    .order_by(YoungPerson.family_name_key, YoungPerson.id)
                ).scalars()
            )
            stamps = review_stamps(session, people)
            held = [
                HoldRow(
                    p.id, _display_name(p), p.date_of_birth, p.legal_hold_reason or "", stamps[p.id]
                )
                for p in people
            ]
        with self.ctx.unit_of_work() as session:  # the children listed: who, when, how many
            access.search(session, actor, "legal_holds", listed=len(held), at=self.ctx.now())
        return held

    # --- the log ------------------------------------------------------------------------------
    def decisions(self, actor: Actor, request: PageRequest | None = None) -> list[DecisionRow]:
        """Every review decision, newest first (a page of them)."""
        require(self.ctx, actor, Permission.REVIEW_RETENTION, entity="retention_review")
        request = request or PageRequest()
        with self.ctx.read_only() as session:
            rows = session.execute(
                sa.select(RetentionDecision)
                .order_by(RetentionDecision.decided_at.desc(), RetentionDecision.id.desc())
                .offset(max(0, request.offset))
                .limit(max(1, request.limit))
            ).scalars()
            return [
                DecisionRow(
                    id=row.id,
                    young_person_id=row.young_person_id,
                    decision=ReviewDecision(row.decision),
                    decided_at=row.decided_at,
                    decided_by=row.decided_by,
                    reason=row.reason,
                    review_on=row.review_on,
                    records=tuple(
                        (DisposalType(kind).label, int(count))
                        for kind, count in (row.records or {}).items()
                    ),
                    backups=tuple(row.backups or ()),
                )
                for row in rows
            ]

    def decision_count(self, actor: Actor) -> int:
        require(self.ctx, actor, Permission.REVIEW_RETENTION, entity="retention_review")
        with self.ctx.read_only() as session:
            return int(
                session.execute(
                    sa.select(sa.func.count()).select_from(RetentionDecision)
                ).scalar_one()
            )

    # --- helpers ------------------------------------------------------------------------------
    def _living(self, session: Session, young_person_id: int) -> YoungPerson:
        person = session.get(YoungPerson, young_person_id)
        if person is None:
            raise NotFound("That young person's record does not exist.")
        if person.disposed_at is not None:
            raise Conflict("These records have already been disposed of.")
        return person

    def _decision(
        self,
        session: Session,
        actor: Actor,
        young_person_id: int,
        decision: ReviewDecision,
        reason: str,
        now: datetime,
        review_on: date | None,
        records: tuple[tuple[DisposalType, int], ...],
        backups: tuple[str, ...],
    ) -> RetentionDecision:
        row = RetentionDecision(
            young_person_id=young_person_id,
            decision=decision.value,
            decided_at=now,
            decided_by_id=actor.user_id,
            decided_by=actor.username,
            reason=reason.strip(),
            review_on=review_on,
            records={kind.value: count for kind, count in records},
            backups=list(backups),
        )
        session.add(row)
        session.flush()
        return row
