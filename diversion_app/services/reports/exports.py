"""CSV exports: the referral list, the caseload and the period figures.

Files are UTF-8 with a byte-order mark, so Excel reads names like Zoë or Siobhán
correctly, and every text cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return) gets a leading single quote, so a spreadsheet shows it rather than
running it as a formula. Numbers are written as numbers and are never changed.
Each export is one user action, audited as a disclosure.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from diversion_app.domain.access_rules import Recipient
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import format_date, format_datetime
from diversion_app.persistence.models import Referral
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.listing import PageRequest, ordered
from diversion_app.services.base.permissions import require
from diversion_app.services.referrals.referral_list import ReferralFilter, ReferralListService
from diversion_app.services.reports.caseload_data import CaseloadScope
from diversion_app.services.reports.printing import (
    ReportService,
    WrittenReport,
    record_disclosure,
    require_recipient,
    write_atomically,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ENCODING = "utf-8-sig"
BATCH = 900


def neutralise(value: Any) -> Any:
    """A cell value safe to open in a spreadsheet (text only; numbers pass unchanged)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write the rows (neutralised) with a header; returns the number of data rows."""
    count = 0
    with open(path, "w", encoding=ENCODING, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([neutralise(cell) for cell in header])
        for row in rows:
            writer.writerow([neutralise(cell) for cell in row])
            count += 1
    return count


REFERRAL_HEADER = [
    "Referral",
    "Young person",
    "Pathway",
    "Source",
    "Status",
    "Received",
    "Caseworker",
    "48-hour clock",
    "Clock detail",
    "Due",
]

CASELOAD_HEADER = [
    "Caseworker",
    "Referral",
    "Young person",
    "Area",
    "Pathway",
    "Status",
    "48-hour clock",
    "Clock detail",
    "Due",
    "Met",
    "Days open",
    "Last contact",
    "Next visit",
    "Assessment",
    "Programme progress",
]

PERFORMANCE_HEADER = [
    "Section",
    "Figure",
    "Unit",
    "This period",
    "Previous period",
    "Change",
    "Change %",
]


def _rounded(value: float | None, unit: str = "count") -> float | int | str:
    """A count as a whole number; hours and percentages always with one decimal place, so
    a column reads alike (27.0 beside 20.0, never 27 beside 20.0)."""
    if value is None:
        return ""
    if unit == "count" and float(value).is_integer():
        return int(value)
    return f"{float(value):.1f}"


class ExportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.listing = ReferralListService(ctx)
        self.reports = ReportService(ctx)

    def referral_list_csv(
        self,
        actor: Actor,
        path: Path,
        text: str = "",
        filter_: ReferralFilter | None = None,
        *,
        for_whom: Recipient | None = None,
    ) -> WrittenReport:
        """Every referral the list would show for ``text`` and ``filter_``, newest first."""
        require(self.ctx, actor, Permission.EXPORT_DATA)
        recipient = require_recipient(for_whom)
        people: set[int] = set()
        chosen = filter_ or ReferralFilter()
        statement = (
            ordered(
                self.listing._filtered(text, chosen),
                PageRequest(text=text),
                self.listing.sort_columns,
                [Referral.received_at.desc()],
                Referral.id,
            )
            .limit(None)
            .offset(None)
        )

        def rows() -> Iterable[list[Any]]:
            with self.ctx.read_only() as session:
                ids = list(session.execute(statement).scalars())
                for start in range(0, len(ids), BATCH):
                    for row in self.listing.rows_for(session, ids[start : start + BATCH]):
                        people.add(row.young_person_id)
                        yield [
                            row.id,
                            row.young_person,
                            row.pathway.label,
                            row.source.label,
                            row.status.label,
                            format_datetime(row.received_at),
                            row.caseworker,
                            row.clock.state.label,
                            row.clock.summary,
                            row.clock.due_text,
                        ]

        count = write_atomically(
            path,
            lambda target: write_csv(target, REFERRAL_HEADER, rows()),
            ctx=self.ctx,
            before_rename=lambda written: record_disclosure(
                self.ctx,
                actor,
                "referral_list",
                {
                    "format": "csv",
                    "rows": written,
                    "open_only": chosen.open_only,
                    "search": bool(text),
                },
                for_whom=recipient,
                young_person_ids=people,
            ),
        )
        return WrittenReport(Path(path), 0, count)

    def caseload_csv(
        self,
        actor: Actor,
        path: Path,
        scope: CaseloadScope,
        as_of: date | None = None,
        *,
        for_whom: Recipient | None = None,
    ) -> WrittenReport:
        require(self.ctx, actor, Permission.EXPORT_DATA)
        recipient = require_recipient(for_whom)
        report = self.reports.caseload(actor, scope, as_of)
        rows = [
            [
                group.caseworker,
                line.referral_id,
                line.young_person,
                line.area.label,
                line.pathway.label,
                line.status.label,
                line.clock.state.label,
                line.clock.summary,
                format_datetime(line.clock.due_at),
                format_datetime(line.clock.met_at),
                line.days_open,
                format_datetime(line.last_contact),
                format_datetime(line.next_visit),
                line.assessment,
                line.programme,
            ]
            for group in report.caseworkers
            for line in group.lines
        ]
        count = write_atomically(
            path,
            lambda target: write_csv(target, CASELOAD_HEADER, rows),
            ctx=self.ctx,
            before_rename=lambda written: record_disclosure(
                self.ctx,
                actor,
                "caseload_summary",
                {
                    "format": "csv",
                    "scope": report.scope_label,
                    "as_of": report.as_of,
                    "rows": written,
                    "referral_ids": report.referral_ids,
                },
                for_whom=recipient,
                young_person_ids=report.young_person_ids,
            ),
        )
        return WrittenReport(Path(path), 0, count)

    def performance_csv(
        self,
        actor: Actor,
        path: Path,
        start: date | None,
        end: date | None,
        *,
        for_whom: Recipient | None = None,
    ) -> WrittenReport:
        require(self.ctx, actor, Permission.EXPORT_DATA)
        recipient = require_recipient(for_whom)
        report = self.reports.performance(actor, start, end)
        cur, prev = report.current.period, report.previous.period
        rows: list[list[Any]] = [
            ["Period", "This period", "", format_date(cur.start), format_date(prev.start), "", ""],
            ["Period", "Until", "", format_date(cur.end), format_date(prev.end), "", ""],
        ]
        for section in report.sections():
            for row in section.rows:
                rows.append(
                    [
                        section.title,
                        row.label,
                        row.unit,
                        _rounded(row.current, row.unit),
                        _rounded(row.previous, row.unit),
                        _rounded(row.change, row.unit),
                        _rounded(row.change_percent, "percent"),
                    ]
                )
        for label, now, before in zip(
            report.current.bucket_labels,
            report.current.referrals_by_bucket,
            report.previous.referrals_by_bucket,
            strict=False,
        ):
            rows.append(["Referrals over time", label, "count", now, before, now - before, ""])
        count = write_atomically(
            path,
            lambda target: write_csv(target, PERFORMANCE_HEADER, rows),
            ctx=self.ctx,
            before_rename=lambda _written: record_disclosure(
                self.ctx,
                actor,
                "performance_report",
                {"format": "csv", "from": cur.start, "to": cur.end, "personal_data": False},
                for_whom=recipient,
            ),
        )
        return WrittenReport(Path(path), 0, count)
