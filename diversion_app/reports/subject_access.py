"""The subject access pack as a PDF for the requester: everything held, in plain tables, and
the information section 45 of the Data Protection Act 2018 asks the reply to give.

Built from the pack's plain data (the same data is written as JSON beside it); every value
goes through ``markup`` before a Paragraph sees it. The metadata names no one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from diversion_app.domain.timekeeping import format_date, format_datetime
from diversion_app.reports.common import (
    LIGHT,
    NAVY,
    RULE,
    PageFurniture,
    Progress,
    build_pdf,
    markup,
    styles,
)

TITLE = "Subject access pack"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
FIELD_WORDS = {
    "id": "Number",
    "pnc_id": "PNC ID",
    "send": "Special educational needs (SEND/EHCP)",
    "child_plan": "Child-in-need or child-protection plan",
    "looked_after": "Looked-after child",
    "carer_member": "Parent or carer",
}


def words(key: str) -> str:
    return FIELD_WORDS.get(key, key.replace("_", " ").capitalize())


def shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(shown(item) for item in value)
    text = str(value)
    if _ISO_DATE.match(text):
        return format_date(date.fromisoformat(text))
    if _ISO_INSTANT.match(text):
        return format_datetime(datetime.fromisoformat(text))
    return text.replace("_", " ") if re.fullmatch(r"[a-z]+(_[a-z]+)+", text) else text


def _record(values: dict[str, Any]) -> Table:
    s = styles()
    rows = [
        [Paragraph(markup(words(key)), s["cell_bold"]), Paragraph(markup(shown(value)), s["cell"])]
        for key, value in values.items()
        if not isinstance(value, dict)
        and not (isinstance(value, list) and value and isinstance(value[0], dict))
    ]
    if not rows:
        rows = [[Paragraph("—", s["cell"]), Paragraph("", s["cell"])]]
    table = Table(rows, colWidths=[55 * mm, 125 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), LIGHT),
                ("GRID", (0, 0), (-1, -1), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def _records(heading: str, items: list[dict[str, Any]], style: str = "term") -> list[Flowable]:
    s = styles()
    if not items:
        return [Paragraph(f"{markup(heading)}: none held.", s["muted"])]
    story: list[Flowable] = []
    for number, item in enumerate(items, start=1):
        title = f"{heading} {number} of {len(items)}" if len(items) > 1 else heading
        story.append(KeepTogether([Paragraph(markup(title), s[style]), _record(item)]))
        for key, value in item.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                story += _records(words(key).rstrip("s").capitalize(), value, "muted")
    return story


def _section(title: str) -> Paragraph:
    return Paragraph(markup(title), styles()["h2"])


def subject_access_flowables(pack: dict[str, Any]) -> list[Flowable]:
    s = styles()
    request = pack["request"]
    person = pack["young_person"]
    story: list[Flowable] = [
        Paragraph(TITLE, s["title"]),
        Paragraph(
            f"Everything this service holds about record number {markup(str(person['id']))}, "
            f"sent in reply to the request from {markup(str(request['requester']))}, received "
            f"{markup(shown(request['received_on']))} (reply due by "
            f"{markup(shown(request['due_on']))}).",
            s["body"],
        ),
        Paragraph(markup(str(pack["withheld"])), s["muted"]),
        Spacer(1, 2 * mm),
        _section("About the young person"),
        _record(person),
        _section("Household"),
        _record(pack["household"]),
        *_records("Household member", pack["household"]["members"]),
        _section("Community Resolutions"),
        *_records("Community Resolution", pack["community_resolutions"]),
        _section("Referrals and the work done with them"),
        *_records("Referral", pack["referrals"]),
        _section("School work"),
        *_records("School referral", pack["school_work"]["school_referrals"]),
        *_records("Restorative justice in school", pack["school_work"]["restorative_justice"]),
        _section("Who has been sent this information"),
    ]
    disclosures = pack["disclosures"]
    if disclosures:
        rows = [["When", "What", "For", "Why"]] + [
            [
                Paragraph(markup(shown(d[k])), s["cell"])
                for k in ("at", "what", "recipient", "purpose")
            ]
            for d in disclosures
        ]
        table = Table(rows, colWidths=[32 * mm, 50 * mm, 50 * mm, 48 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), NAVY),
                    ("TEXTCOLOR", (0, 0), (-1, 0), "white"),
                    ("GRID", (0, 0), (-1, -1), 0.3, RULE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    else:
        story.append(Paragraph("No copy has been printed or sent.", s["muted"]))
    story.append(_section("About this information and your rights"))
    for item in pack["information"]:
        story.append(Paragraph(markup(item["heading"]), s["term"]))
        story.append(Paragraph(markup(item["text"]), s["body"]))
    return story


def build_subject_access_pdf(
    pack: dict[str, Any],
    path: Path,
    *,
    printed_by: str,
    audit_head: str = "",
    prepared_for: str = "",
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the pack's PDF to ``path``; returns the number of pages (``ReportCancelled``
    when ``cancelled()`` turns true between pages)."""
    furniture = PageFurniture(
        TITLE,
        f"Record {pack['young_person']['id']}",
        format_datetime(datetime.fromisoformat(pack["generated_at"])),
        printed_by,
        audit_head=audit_head,
        prepared_for=prepared_for,
    )
    return build_pdf(
        path,
        subject_access_flowables(pack),
        title=TITLE,
        furniture=furniture,
        expected_pages=3 + len(pack["referrals"]) * 2,
        progress=progress,
        cancelled=cancelled,
    )
