"""The quarterly KPI return PDF: each measure's numerator, denominator and percentage
beside the previous quarter, the fairness breakdown, and the definitions at the end.

Built from ``services.reports.kpi_data.KpiReturn`` alone. Any count from 1 to 4 is
printed as "fewer than 5" with its percentage left out (small-cell suppression).
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from diversion_app.domain.kpi import KPI_DEFINITIONS, GroupRow, Measure, suppressed
from diversion_app.domain.timekeeping import format_datetime
from diversion_app.reports.common import (
    BASE_FONT,
    BOLD_FONT,
    NAVY,
    RULE,
    PageFurniture,
    build_pdf,
    markup,
    styles,
)
from diversion_app.services.reports.kpi_data import KpiReturn

TITLE = "Quarterly KPI return"
NOT_KNOWN = "–"


def _small(value: int) -> bool:
    return 0 < value < 5


def measure_cells(measure: Measure) -> tuple[str, str, str]:
    """(numerator, denominator, percentage) as printed, small cells suppressed."""
    if measure.unit == "hours":
        top, bottom = f"{measure.numerator} h", f"{measure.denominator} h"
        if _small(measure.numerator) or _small(measure.denominator):
            return suppressed(measure.numerator), suppressed(measure.denominator), NOT_KNOWN
    else:
        top, bottom = suppressed(measure.numerator), suppressed(measure.denominator)
    percent = measure.percent
    if percent is None or _small(measure.numerator) or _small(measure.denominator):
        return top, bottom, NOT_KNOWN
    return top, bottom, f"{percent:.1f}%"


def group_cells(row: GroupRow) -> tuple[str, str, str]:
    share = row.share
    hidden = _small(row.count) or share is None
    return (
        suppressed(row.count),
        NOT_KNOWN if hidden or share is None else f"{share:.1f}%",
        suppressed(row.completed),
    )


def build_kpi_pdf(report: KpiReturn, path: Path, *, printed_by: str) -> int:
    furniture = PageFurniture(
        TITLE, report.quarter.label, format_datetime(report.generated_at), printed_by
    )
    return build_pdf(
        path, kpi_flowables(report), title=TITLE, furniture=furniture, expected_pages=4
    )


def kpi_flowables(report: KpiReturn) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        Paragraph(TITLE, s["title"]),
        Paragraph(
            f"<b>This quarter:</b> {markup(report.quarter.label)} &nbsp; "
            f"<b>Previous quarter:</b> {markup(report.previous_quarter.label)}",
            s["body"],
        ),
        Paragraph(
            f"Children whose intervention ended in the quarter: "
            f"<b>{suppressed(report.children)}</b>. Figures as at "
            f"{format_datetime(report.generated_at)} (Europe/London). Counts from 1 to 4 are "
            "shown as 'fewer than 5'. Definitions are at the end.",
            s["muted"],
        ),
        Spacer(1, 2 * mm),
    ]
    for kpi, lines in groupby(report.lines, key=lambda line: line.kpi):
        rows: list[list[Any]] = [["Measure", "This quarter", "of", "%", "Previous", "of", "%"]]
        for line in lines:
            rows.append(
                [
                    Paragraph(markup(line.name), s["cell"]),
                    *measure_cells(line.current),
                    *measure_cells(line.previous),
                ]
            )
        story.append(
            KeepTogether(
                [Paragraph(markup(kpi), s["h2"]), _table(rows, [76, 20, 20, 15, 20, 20, 15])]
            )
        )
    story.append(Paragraph("Fairness: who the children were", s["h2"]))
    for breakdown, lines_iter in groupby(report.fairness, key=lambda line: line.breakdown):
        rows = [[breakdown, "Children", "Share", "Completed", "Previous", "Share", "Completed"]]
        for fair in lines_iter:
            rows.append([fair.group, *group_cells(fair.current), *group_cells(fair.previous)])
        story.append(KeepTogether([_table(rows, [52, 22, 20, 24, 22, 20, 24]), Spacer(1, 3 * mm)]))
    story.append(Paragraph("Definitions", s["h2"]))
    for term, meaning in KPI_DEFINITIONS:
        story.append(Paragraph(markup(term), s["term"]))
        story.append(Paragraph(markup(meaning), s["body"]))
    return story


def _table(rows: list[list[Any]], widths_mm: list[int]) -> Table:
    table = Table(rows, colWidths=[w * mm for w in widths_mm], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), BASE_FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("FONTNAME", (0, 0), (-1, 0), BOLD_FONT),
                ("FONTNAME", (1, 1), (1, -1), BOLD_FONT),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("BACKGROUND", (0, 0), (-1, 0), NAVY),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f6f8fa")]),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table
