"""Printing reports: the caseload summary and the period performance report, as data or PDF.

Each public call is one user action: check the permission, read the figures, and (for a
PDF) write the file and record its disclosure in the audit trail. Files are written to a
temporary name beside the target and renamed into place only after the disclosure is in
the audit trail, so a cancelled or failed build never leaves half a report behind and no
report appears unaudited; the database and its backups are never written over.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from diversion_app.domain.access_rules import Recipient
from diversion_app.domain.enums import AuditAction
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import london_today
from diversion_app.reports.errors import ReportCancelled
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.audit_checkpoints import checkpoint_if_due
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.permissions import require
from diversion_app.services.base.safe_output import OutputRefused, write_then_rename
from diversion_app.services.reports.caseload_data import (
    CaseloadReport,
    CaseloadScope,
    load_caseload,
    resolve_scope,
)
from diversion_app.services.reports.performance_data import (
    PerformanceReport,
    load_period,
    validate_period,
)

__all__ = ["ReportCancelled", "ReportOutputError", "ReportService", "WrittenReport"]

T = TypeVar("T")
Progress = Callable[[int, int], None]


class ReportOutputError(OutputRefused):
    """The report could not be written where the person asked."""


@dataclass(frozen=True)
class WrittenReport:
    path: Path
    pages: int
    rows: int


def write_atomically(
    path: Path,
    write: Callable[[Path], T],
    *,
    ctx: ServiceContext | None = None,
    before_rename: Callable[[T], None] | None = None,
) -> T:
    """Run ``write`` on a temporary file beside ``path``; ``before_rename`` (the audit event)
    is committed before the file is moved into place (``safe_output.write_then_rename``)."""
    return write_then_rename(
        ctx, path, write, before_rename=before_rename, refusal=ReportOutputError
    )


def record_disclosure(
    ctx: ServiceContext,
    actor: Actor,
    what: str,
    details: dict[str, Any],
    *,
    for_whom: Recipient | None = None,
    young_person_ids: Iterable[int] = (),
) -> None:
    """One audit event for a report or export that left the application: who it was for and
    why, and a link to every young person it included (their access log shows it)."""
    if for_whom is not None:
        details = {**details, **for_whom.audit_details()}
    with ctx.unit_of_work() as session:
        event = audit.record(
            session, actor, AuditAction.DISCLOSED, what, None, at=ctx.now(), changes=details
        )
        audit.link_people(session, event.id, young_person_ids)


def require_recipient(for_whom: Recipient | None) -> Recipient:
    """Every print and export states its recipient and purpose (DPA 2018 section 62)."""
    if for_whom is None:
        raise ValidationError(
            {"recipient": "Say who this is for and why before printing or exporting."}
        )
    return for_whom


class ReportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- the figures ----------------------------------------------------------------------
    def caseload(
        self,
        actor: Actor,
        scope: CaseloadScope,
        as_of: date | None = None,
        *,
        cancelled: Callable[[], bool] | None = None,
    ) -> CaseloadReport:
        """A caseworker reads their own caseload; anyone else's, an area's or the whole
        team's needs the team permission (supervisors)."""
        require(self.ctx, actor, Permission.PRINT_REPORTS)
        with self.ctx.read_only() as session:
            resolved, _ = resolve_scope(session, scope)
        own = resolved.kind == "caseworker" and resolved.caseworker_id == actor.user_id
        if not own or actor.user_id is None:
            require(self.ctx, actor, Permission.PRINT_TEAM_CASELOAD)
        with self.ctx.read_only() as session:
            return load_caseload(session, scope, as_of, self.ctx.now(), cancelled=cancelled)

    def performance(self, actor: Actor, start: date | None, end: date | None) -> PerformanceReport:
        require(self.ctx, actor, Permission.PRINT_REPORTS)
        now = self.ctx.now()
        period = validate_period(start, end, london_today(now))
        with self.ctx.read_only() as session:
            current = load_period(session, period, now)
            previous = load_period(session, period.previous(), now)
        return PerformanceReport(current, previous, now)

    # --- the PDFs -------------------------------------------------------------------------
    def write_caseload_pdf(
        self,
        actor: Actor,
        path: Path,
        scope: CaseloadScope,
        as_of: date | None = None,
        *,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        for_whom: Recipient | None = None,
    ) -> WrittenReport:
        """Print the caseload summary to ``path`` (raises ReportCancelled if cancelled)."""
        from diversion_app.reports.caseload import build_caseload_pdf

        recipient = require_recipient(for_whom)
        report = self.caseload(actor, scope, as_of, cancelled=cancelled)
        if cancelled is not None and cancelled():  # asked while the figures were read
            raise ReportCancelled()
        ids = report.referral_ids
        head = checkpoint_if_due(self.ctx)
        pages = write_atomically(
            path,
            lambda target: build_caseload_pdf(
                report,
                target,
                printed_by=actor.display_name,
                progress=progress,
                cancelled=cancelled,
                audit_head=head.footer_text(),
                prepared_for=recipient.words(),
            ),
            ctx=self.ctx,
            before_rename=lambda _pages: record_disclosure(
                self.ctx,
                actor,
                "caseload_summary",
                {
                    "format": "pdf",
                    "scope": report.scope_label,
                    "as_of": report.as_of,
                    "rows": len(ids),
                    "referral_ids": ids,
                },
                for_whom=recipient,
                young_person_ids=report.young_person_ids,
            ),
        )
        return WrittenReport(Path(path), pages, len(ids))

    def write_performance_pdf(
        self,
        actor: Actor,
        path: Path,
        start: date | None,
        end: date | None,
        *,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        for_whom: Recipient | None = None,
    ) -> WrittenReport:
        from diversion_app.reports.performance import build_performance_pdf

        recipient = require_recipient(for_whom)
        report = self.performance(actor, start, end)
        head = checkpoint_if_due(self.ctx)
        pages = write_atomically(
            path,
            lambda target: build_performance_pdf(
                report,
                target,
                printed_by=actor.display_name,
                progress=progress,
                cancelled=cancelled,
                audit_head=head.footer_text(),
                prepared_for=recipient.words(),
            ),
            ctx=self.ctx,
            before_rename=lambda _pages: record_disclosure(
                self.ctx,
                actor,
                "performance_report",
                {
                    "format": "pdf",
                    "from": report.current.period.start,
                    "to": report.current.period.end,
                    "personal_data": False,
                },
                for_whom=recipient,
            ),
        )
        return WrittenReport(Path(path), pages, 0)
