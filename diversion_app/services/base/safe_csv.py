"""Writing CSV files that open safely in a spreadsheet.

UTF-8 with a byte-order mark (so Excel reads names like Zoë and Siobhán correctly),
and every cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
prefixed with an apostrophe, so a spreadsheet shows it as text instead of running it
as a formula. Control characters (an ESC, a BEL, a text-direction override) stored before
they were refused at input become spaces, so a spreadsheet shows what was typed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from diversion_app.domain.text_input import without_control_characters

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> str:
    text = without_control_characters("" if cell is None else str(cell))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write ``rows`` under ``header``; returns the number of rows written."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([neutralise(cell) for cell in header])
        for row in rows:
            writer.writerow([neutralise(cell) for cell in row])
            count += 1
    return count
