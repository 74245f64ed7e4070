"""The caseload summary PDF: landscape A4, totals first, then each caseworker's open cases.

Built from ``services.reports_caseload.CaseloadReport`` alone. Each caseworker's table
splits across pages with its header row repeated; overdue and due-soon cases come first
and the clock is always in words as well as colour.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from diversion_app.domain.clock import ClockState
from diversion_app.domain.timekeeping import format_date, format_datetime
from diversion_app.reports.common import (
    BASE_FONT,
    BOLD_FONT,
    GREY,
    LANDSCAPE_A4,
    LIGHT,
    NAVY,
    RULE,
    PageFurniture,
    Progress,
    build_pdf,
    markup,
    styles,
)
from diversion_app.reports.note_list import Note, NoteList
from diversion_app.reports.row_table import Row, RowTable, fit_lines
from diversion_app.services.reports.caseload_data import (
    CaseloadLine,
    CaseloadReport,
    CaseloadTotals,
    CaseworkerCaseload,
)

TITLE = "Caseload summary"
ROWS_PER_PAGE = 16

CLOCK_COLOURS: dict[ClockState, tuple[Any, Any]] = {
    ClockState.OVERDUE: (colors.HexColor("#8b0000"), colors.HexColor("#fbe3e3")),
    ClockState.DUE_SOON: (colors.HexColor("#7a4a00"), colors.HexColor("#fff1d6")),
    ClockState.MISSED: (colors.HexColor("#8b0000"), None),
    ClockState.MET: (colors.HexColor("#1d5e2a"), None),
    ClockState.ON_TRACK: (colors.black, None),
    ClockState.STOPPED: (colors.HexColor("#5f6b7a"), None),
}

COLUMNS: list[tuple[str, float]] = [
    ("Ref.", 12),
    ("Young person", 44),
    ("Pathway", 18),
    ("Status", 18),
    ("48-hour clock", 31),
    ("Due / met", 23),
    ("Days\nopen", 11),
    ("Last contact", 21),
    ("Next visit", 21),
    ("Assessment", 34),
    ("Programme progress", 40),
]
WIDTHS = [width * mm for _, width in COLUMNS]
REPEATING_COLUMNS = frozenset({2, 3, 6, 9, 10})
"""Pathway, status, days open, assessment and programme: the same few texts again and again."""


def build_caseload_pdf(
    report: CaseloadReport,
    path: Path,
    *,
    printed_by: str,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    audit_head: str = "",
    prepared_for: str = "",
) -> int:
    """Write the caseload summary to ``path``; returns the number of pages."""
    lines = sum(len(group.lines) for group in report.caseworkers)
    furniture = PageFurniture(
        TITLE,
        report.scope_label,
        format_datetime(report.generated_at),
        printed_by,
        audit_head=audit_head,
        prepared_for=prepared_for,
    )
    return build_pdf(
        path,
        caseload_flowables(report),
        title=TITLE,
        furniture=furniture,
        page_size=LANDSCAPE_A4,
        expected_pages=1 + lines // ROWS_PER_PAGE + len(report.caseworkers),
        progress=progress,
        cancelled=cancelled,
    )


def caseload_flowables(report: CaseloadReport) -> list[Flowable]:
    s = styles()
    at = (
        f"as of {format_date(report.as_of)}"
        if report.as_at != report.generated_at
        else f"as of {format_datetime(report.as_at)}"
    )
    story: list[Flowable] = [
        Paragraph(TITLE, s["title"]),
        Paragraph(f"{markup(report.scope_label)} — open referrals {at}", s["body"]),
        Paragraph(
            "Overdue and due-soon 48-hour clocks are listed first. Times are Europe/London.",
            s["muted"],
        ),
        Spacer(1, 3 * mm),
        Paragraph("Totals", s["h2"]),
        _totals_table(report),
    ]
    for group in report.caseworkers:
        story.extend(_caseworker_section(group))
    return story


def _totals_table(report: CaseloadReport) -> Table:
    s = styles()
    header = ["Caseworker", "Open", "Overdue", "Due soon", "On track", "Met", "Missed"]
    rows: list[list[Any]] = [header]
    for group in report.caseworkers:
        rows.append([Paragraph(markup(group.caseworker), s["cell"]), *_numbers(group.totals)])
    rows.append([Paragraph("<b>Total</b>", s["cell"]), *_numbers(report.totals)])
    table = Table(rows, colWidths=[70 * mm] + [22 * mm] * 6, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                *_header_style(),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("FONTNAME", (0, -1), (-1, -1), BOLD_FONT),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, NAVY),
            ]
        )
    )
    return table


def _numbers(totals: CaseloadTotals) -> list[str]:
    return [
        str(totals.open_referrals),
        str(totals.overdue),
        str(totals.due_soon),
        str(totals.on_track),
        str(totals.met),
        str(totals.missed),
    ]


def _caseworker_section(group: CaseworkerCaseload) -> list[Flowable]:
    s = styles()
    t = group.totals
    count = f"{t.open_referrals} open referral{'s' if t.open_referrals != 1 else ''}"
    heading = Paragraph(
        f"{markup(group.caseworker)} — {count}: {t.overdue} overdue, {t.due_soon} due soon",
        s["h2"],
    )
    if not group.lines:
        return [KeepTogether([heading, Paragraph("No open referrals.", s["muted"])])]
    table = RowTable(
        [title for title, _ in COLUMNS],
        WIDTHS,
        [_line_row(line) for line in group.lines],
        right_aligned=frozenset({6}),
        repeating=REPEATING_COLUMNS,
    )
    return [heading, table, *_reasons(group)]


def _reasons(group: CaseworkerCaseload) -> list[Flowable]:
    """The reasons given for overdue and missed clocks, in full, after the table.

    Free text of any length flows here, a note per referral, splitting across pages
    between lines, rather than inside a table row that could grow taller than a page.
    """
    s = styles()
    explained = [line for line in group.lines if line.clock_reason]
    if not explained:
        return []
    notes = [
        Note(
            str(line.referral_id),
            f"{line.young_person} ({line.clock.state.label.lower()}): {line.clock_reason}",
        )
        for line in explained
    ]
    return [
        Paragraph("Reasons recorded for overdue and missed clocks", s["term"]),
        NoteList(notes),
    ]


def _line_row(line: CaseloadLine) -> Row:
    clock = line.clock
    when = (
        f"Met {_when(clock.met_at)}" if clock.met_at is not None else f"Due {_when(clock.due_at)}"
    )
    fg, bg = CLOCK_COLOURS[clock.state]
    w = WIDTHS
    person = fit_lines(_clip(line.young_person), w[1]) + fit_lines(
        _label(line.area), w[1], size=6.5, leading=8, colour=GREY
    )
    cells = (
        fit_lines(str(line.referral_id), w[0], wrap=False),
        person,
        fit_lines(_label(line.pathway), w[2], wrap=False),
        fit_lines(_label(line.status), w[3], wrap=False),
        fit_lines(f"{_label(clock.state)}\n{clock.summary}", w[4], colour=fg, wrap=False),
        fit_lines(when.replace(" ", "\n", 1), w[5], wrap=False),
        fit_lines(str(line.days_open), w[6], wrap=False),
        fit_lines(_when(line.last_contact).replace(" ", "\n") or "None", w[7], wrap=False),
        fit_lines(_when(line.next_visit).replace(" ", "\n") or "None booked", w[8], wrap=False),
        fit_lines(line.assessment, w[9]),
        fit_lines(line.programme, w[10]),
    )
    backgrounds = (None, None, None, None, bg if bg is not None else False)
    return Row(cells, backgrounds)


@functools.cache
def _label(value: Any) -> str:
    """A closed list's label, looked up once per value (not once per printed cell)."""
    return str(value.label)


_when = functools.lru_cache(maxsize=50_000)(format_datetime)
"""``format_datetime``, remembered: many cases share a due time or a visit slot."""


def _clip(text: str, limit: int = 300) -> str:
    """Keep a table cell shorter than a page (names are at most 100 characters anyway)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _header_style() -> list[tuple[Any, ...]]:
    return [
        ("FONTNAME", (0, 0), (-1, -1), BASE_FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("LEADING", (0, 0), (-1, -1), 9),
        ("FONTNAME", (0, 0), (-1, 0), BOLD_FONT),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("BACKGROUND", (0, 0), (-1, 0), NAVY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("LINEABOVE", (0, 1), (-1, 1), 0.8, NAVY),
        ("INNERGRID", (0, 0), (-1, 0), 0.25, LIGHT),
    ]
