"""The period performance report PDF: each figure beside the previous period, a chart, definitions.

Built from ``services.reports_performance.PerformanceReport`` alone (portrait A4).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from diversion_app.domain.kpi import suppressed
from diversion_app.domain.timekeeping import format_date, format_datetime
from diversion_app.reports.common import (
    BASE_FONT,
    BOLD_FONT,
    GREY,
    LIGHT,
    NAVY,
    RULE,
    PageFurniture,
    Progress,
    build_pdf,
    markup,
    styles,
)
from diversion_app.services.reports.performance_data import (
    DEFINITIONS,
    FigureRow,
    PerformanceReport,
    Period,
)

TITLE = "Period performance report"
CURRENT_COLOUR = NAVY
PREVIOUS_COLOUR = colors.HexColor("#9fb3c8")
NOT_KNOWN = "–"


def period_text(period: Period) -> str:
    return f"{format_date(period.start)} to {format_date(period.end)}"


def build_performance_pdf(
    report: PerformanceReport,
    path: Path,
    *,
    printed_by: str,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    audit_head: str = "",
    prepared_for: str = "",
) -> int:
    """Write the period report to ``path``; returns the number of pages."""
    furniture = PageFurniture(
        TITLE,
        period_text(report.current.period),
        format_datetime(report.generated_at),
        printed_by,
        audit_head=audit_head,
        prepared_for=prepared_for,
    )
    return build_pdf(
        path,
        performance_flowables(report),
        title=TITLE,
        furniture=furniture,
        expected_pages=4,
        progress=progress,
        cancelled=cancelled,
    )


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return NOT_KNOWN
    if unit == "small_count":
        return suppressed(round(value))
    if unit == "percent":
        return f"{value:.1f}%"
    if unit == "hours":
        return f"{value:.1f} h"
    return f"{round(value):,}"


def format_change(row: FigureRow) -> tuple[str, str]:
    """The change as (difference, percentage of the previous figure)."""
    change = row.change
    if change is None:
        return NOT_KNOWN, ""
    if row.unit == "small_count":
        return "", ""  # a change would give small cells away
    if row.unit == "percent":
        difference = f"{change:+.1f} pts"
    elif row.unit == "hours":
        difference = f"{change:+.1f} h"
    else:
        difference = f"{round(change):+,}"
    percent = row.change_percent
    if percent is None:
        return difference, ""
    return difference, "0%" if round(percent) == 0 else f"{percent:+.0f}%"


def performance_flowables(report: PerformanceReport) -> list[Flowable]:
    s = styles()
    current, previous = report.current, report.previous
    story: list[Flowable] = [
        Paragraph(TITLE, s["title"]),
        Paragraph(
            f"<b>This period:</b> {period_text(current.period)} ({current.period.days} days)"
            f" &nbsp; <b>Previous period:</b> {period_text(previous.period)}",
            s["body"],
        ),
        Paragraph(
            f"Figures as at {format_datetime(report.generated_at)} (Europe/London). "
            "Definitions are at the end.",
            s["muted"],
        ),
        Spacer(1, 3 * mm),
        _headline(report),
        Spacer(1, 2 * mm),
        KeepTogether([Paragraph("Referrals received over time", s["h2"]), _chart(report)]),
    ]
    for section in report.sections():
        story.append(
            KeepTogether([Paragraph(markup(section.title), s["h2"]), _figures_table(section.rows)])
        )
    story.append(Paragraph("Definitions", s["h2"]))
    for term, meaning in DEFINITIONS:
        story.append(Paragraph(markup(term), s["term"]))
        story.append(Paragraph(markup(meaning), s["body"]))
    return story


def _headline(report: PerformanceReport) -> Table:
    s = styles()
    cur, prev = report.current, report.previous
    label_style = ParagraphStyle("tile_label", parent=s["small"], textColor=GREY)
    value_style = ParagraphStyle(
        "tile_value",
        parent=s["body"],
        fontName=BOLD_FONT,
        fontSize=15,
        leading=19,
        textColor=NAVY,
    )
    cells: list[list[Flowable]] = []
    for label, now, before, unit in (
        ("Referrals received", cur.referrals, prev.referrals, "count"),
        ("Made by police officers", cur.police_share, prev.police_share, "percent"),
        ("48-hour clock met", cur.clock_met_rate, prev.clock_met_rate, "percent"),
        (
            "Median hours to contact",
            cur.median_hours_to_contact,
            prev.median_hours_to_contact,
            "hours",
        ),
    ):
        cells.append(
            [
                Paragraph(label, label_style),
                Paragraph(format_value(now, unit), value_style),
                Paragraph(f"previous {format_value(before, unit)}", label_style),
            ]
        )
    table = Table([cells], colWidths=[46 * mm] * 4, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
                ("LINEAFTER", (0, 0), (-2, -1), 2, colors.white),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def _chart(report: PerformanceReport) -> Drawing:
    cur, prev = report.current, report.previous
    width, height = 184 * mm, 68 * mm
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 16 * mm
    chart.width, chart.height = width - 20 * mm, height - 30 * mm
    count = len(cur.referrals_by_bucket)
    previous = list(prev.referrals_by_bucket[:count])
    previous += [0] * (count - len(previous))
    chart.data = [previous, list(cur.referrals_by_bucket)]
    chart.bars[0].fillColor = PREVIOUS_COLOUR
    chart.bars[1].fillColor = CURRENT_COLOUR
    chart.bars.strokeColor = None
    chart.groupSpacing = 4
    chart.barSpacing = 0.5
    chart.valueAxis.valueMin = 0
    top = max([*chart.data[0], *chart.data[1], 1])
    chart.valueAxis.valueMax = _nice_ceiling(top)
    chart.valueAxis.valueStep = chart.valueAxis.valueMax / 4
    chart.valueAxis.labels.fontName = BASE_FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.labelTextFormat = "{:,.0f}".format
    chart.categoryAxis.categoryNames = list(cur.bucket_labels)
    chart.categoryAxis.labels.fontName = BASE_FONT
    chart.categoryAxis.labels.fontSize = 6.5 if count > 8 else 7.5
    chart.categoryAxis.labels.angle = 30 if count > 8 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if count > 8 else "n"
    chart.categoryAxis.labels.dy = -2
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 16 * mm, height - 2 * mm
    legend.fontName = BASE_FONT
    legend.fontSize = 7.5
    legend.alignment = "right"
    legend.columnMaximum = 2
    legend.dx, legend.dy = 8, 8
    legend.deltay = 10
    legend.colorNamePairs = [
        (CURRENT_COLOUR, f"This period ({period_text(cur.period)})"),
        (PREVIOUS_COLOUR, f"Previous period ({period_text(prev.period)})"),
    ]
    drawing.add(legend)
    drawing.add(
        String(
            width - 2 * mm,
            2 * mm,
            "Bars: referrals received per " + ("month" if cur.period.days >= 63 else "week"),
            fontName=BASE_FONT,
            fontSize=6.5,
            fillColor=GREY,
            textAnchor="end",
        )
    )
    return drawing


def _nice_ceiling(value: float) -> float:
    step = 1.0
    while step * 10 < value:
        step *= 10
    for multiple in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if multiple * step >= value:
            return float(multiple * step)
    return float(10 * step)


def _figures_table(rows: tuple[FigureRow, ...]) -> Table:
    s = styles()
    data: list[list[Any]] = [["Figure", "This period", "Previous", "Change", "Change %"]]
    for row in rows:
        difference, percent = format_change(row)
        label = ("&nbsp;&nbsp;&nbsp;&nbsp;" if row.indent else "") + markup(row.label)
        data.append(
            [
                Paragraph(label, s["cell"]),
                format_value(row.current, row.unit),
                format_value(row.previous, row.unit),
                difference,
                percent,
            ]
        )
    table = Table(
        data, colWidths=[82 * mm, 26 * mm, 26 * mm, 26 * mm, 22 * mm], repeatRows=1, hAlign="LEFT"
    )
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
