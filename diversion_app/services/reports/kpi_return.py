"""Printing the quarterly KPI return: the figures, the PDF (small cells suppressed) and the
CSV for the YJB's web forms (exact figures). Each file is written under a temporary name
and its disclosure recorded in the audit trail.
"""

from __future__ import annotations

import csv
from pathlib import Path

from diversion_app.domain.access_rules import Recipient
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import london_today
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.permissions import require
from diversion_app.services.reports.kpi_data import (
    KpiReturn,
    build_return,
    csv_rows,
    load_cases,
    validate_quarter,
)
from diversion_app.services.reports.printing import (
    WrittenReport,
    record_disclosure,
    require_recipient,
    write_atomically,
)


class KpiService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def quarterly_return(self, actor: Actor, quarter_text: str) -> KpiReturn:
        require(self.ctx, actor, Permission.PRINT_REPORTS)
        now = self.ctx.now()
        quarter = validate_quarter(quarter_text, london_today(now))
        with self.ctx.read_only() as session:
            current = load_cases(session, quarter)
            previous = load_cases(session, quarter.previous())
        return build_return(current, previous, quarter, now)

    def write_pdf(
        self, actor: Actor, path: Path, quarter_text: str, *, for_whom: Recipient | None = None
    ) -> WrittenReport:
        """Print the return (small cells suppressed); the disclosure, with who it is for and
        why, is recorded before the file takes its name."""
        from diversion_app.reports.kpi import build_kpi_pdf

        recipient = require_recipient(for_whom)
        report = self.quarterly_return(actor, quarter_text)
        pages = write_atomically(
            path,
            lambda target: build_kpi_pdf(report, target, printed_by=actor.display_name),
            ctx=self.ctx,
            before_rename=lambda _pages: record_disclosure(
                self.ctx,
                actor,
                "kpi_return",
                {"format": "pdf", "quarter": report.quarter.code, "personal_data": False},
                for_whom=recipient,
            ),
        )
        return WrittenReport(Path(path), pages, len(report.lines))

    def write_csv(
        self, actor: Actor, path: Path, quarter_text: str, *, for_whom: Recipient | None = None
    ) -> WrittenReport:
        """The exact figures as CSV for the YJB's web forms (disclosure recorded)."""
        require(self.ctx, actor, Permission.EXPORT_DATA)
        recipient = require_recipient(for_whom)
        report = self.quarterly_return(actor, quarter_text)
        rows = csv_rows(report)

        def write(target: Path) -> int:
            with target.open("w", newline="", encoding="utf-8") as handle:
                csv.writer(handle).writerows(rows)
            return len(rows) - 1

        count = write_atomically(
            path,
            write,
            ctx=self.ctx,
            before_rename=lambda _count: record_disclosure(
                self.ctx,
                actor,
                "kpi_return",
                {"format": "csv", "quarter": report.quarter.code, "personal_data": False},
                for_whom=recipient,
            ),
        )
        return WrittenReport(Path(path), 0, count)
