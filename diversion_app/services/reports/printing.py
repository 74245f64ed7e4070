"""Printing reports: the caseload summary and the period performance report, as data or PDF.

Each public call is one user action: check the permission, read the figures, and (for a
PDF) write the file and record its disclosure in the audit trail. Files are written to a
temporary name beside the target and renamed into place, so a cancelled or failed build
never leaves half a report behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from diversion_app.domain.enums import AuditAction
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import london_today
from diversion_app.reports.errors import ReportCancelled
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.base.permissions import require
from diversion_app.services.reports.caseload_data import (
    CaseloadReport,
    CaseloadScope,
    load_caseload,
)
from diversion_app.services.reports.performance_data import (
    PerformanceReport,
    load_period,
    validate_period,
)

__all__ = ["ReportCancelled", "ReportOutputError", "ReportService", "WrittenReport"]

T = TypeVar("T")
Progress = Callable[[int, int], None]


class ReportOutputError(ServiceError):
    """The report could not be written where the person asked."""


@dataclass(frozen=True)
class WrittenReport:
    path: Path
    pages: int
    rows: int


def write_atomically(path: Path, write: Callable[[Path], T]) -> T:
    """Run ``write`` on a temporary file beside ``path``, then move it into place."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise ReportOutputError(f"Cannot write to {path}: it is a folder; give a file name.")
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise ReportOutputError(f"Cannot write to {path}: {folder} is a file, not a folder.")
    if not folder.is_dir():
        raise ReportOutputError(f"Cannot write to {path}: the folder {folder} does not exist.")
    try:
        handle, temporary = tempfile.mkstemp(prefix=".diversion-", suffix=".part", dir=folder)
    except OSError as error:
        reason = (error.strerror or "it is not writable").lower()
        raise ReportOutputError(f"Cannot write to the folder {folder}: {reason}.") from None
    os.close(handle)
    temporary_path = Path(temporary)
    try:
        result = write(temporary_path)
        os.replace(temporary_path, path)
    except OSError as error:
        reason = (error.strerror or "it is not writable").lower()
        raise ReportOutputError(f"Cannot write to {path}: {reason}.") from None
    finally:
        with contextlib.suppress(OSError):
            temporary_path.unlink()
    return result


def record_disclosure(
    ctx: ServiceContext, actor: Actor, what: str, details: dict[str, Any]
) -> None:
    """One audit event for a report or export that left the application."""
    with ctx.unit_of_work() as session:
        audit.record(
            session, actor, AuditAction.DISCLOSED, what, None, at=ctx.now(), changes=details
        )


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
        require(self.ctx, actor, Permission.PRINT_REPORTS)
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
    ) -> WrittenReport:
        """Print the caseload summary to ``path`` (raises ReportCancelled if cancelled)."""
        from diversion_app.reports.caseload import build_caseload_pdf

        report = self.caseload(actor, scope, as_of, cancelled=cancelled)
        if cancelled is not None and cancelled():  # asked while the figures were read
            raise ReportCancelled()
        pages = write_atomically(
            path,
            lambda target: build_caseload_pdf(
                report,
                target,
                printed_by=actor.display_name,
                progress=progress,
                cancelled=cancelled,
            ),
        )
        ids = report.referral_ids
        record_disclosure(
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
    ) -> WrittenReport:
        from diversion_app.reports.performance import build_performance_pdf

        report = self.performance(actor, start, end)
        pages = write_atomically(
            path,
            lambda target: build_performance_pdf(
                report,
                target,
                printed_by=actor.display_name,
                progress=progress,
                cancelled=cancelled,
            ),
        )
        record_disclosure(
            self.ctx,
            actor,
            "performance_report",
            {
                "format": "pdf",
                "from": report.current.period.start,
                "to": report.current.period.end,
                "personal_data": False,
            },
        )
        return WrittenReport(Path(path), pages, 0)
