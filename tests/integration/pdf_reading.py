"""Reading printed reports back (pypdf) the way a reader would: page text, figures, rows."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

CASE_ROW = re.compile(
    r"^(\d+)\n(.+?)\n(South|East|West)\n(Diversion|Prevention)\n([A-Z][a-z ]+)\n"
    r"(Overdue|Due soon|On track|Met|Missed|Stopped)\n",
    re.MULTILINE,
)


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def all_text(path: Path) -> str:
    return "\n".join(page_texts(path))


def case_rows(path: Path) -> dict[int, tuple[str, str, str]]:
    """Referral id -> (young person, status, clock state) for every case row printed."""
    rows: dict[int, tuple[str, str, str]] = {}
    for text in page_texts(path):
        for match in CASE_ROW.finditer(text):
            referral_id = int(match.group(1))
            assert referral_id not in rows, f"referral {referral_id} printed twice"
            rows[referral_id] = (match.group(2), match.group(5), match.group(6))
    return rows


def figures(path: Path, sections: list[str]) -> dict[tuple[str, str], tuple[str, str]]:
    """(section, figure) -> (this period, previous) as printed in the figure tables."""
    lines = [line.strip() for line in all_text(path).splitlines()]
    found: dict[tuple[str, str], tuple[str, str]] = {}
    section: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        if line in sections:
            section = line
        elif line == "Definitions":
            break
        elif (
            section is not None
            and index + 2 < len(lines)
            and re.fullmatch(r"[\d,.]+( h|%)?|–", lines[index + 1])
            and re.fullmatch(r"[\d,.]+( h|%)?|–", lines[index + 2])
            and not re.fullmatch(r"[\d,.+\-]+( h|%| pts)?|–", line)
        ):
            found[(section, line)] = (lines[index + 1], lines[index + 2])
            index += 3
            continue
        index += 1
    return found
