"""Sending a finished PDF to a printer chosen in Qt's print dialog.

Qt cannot draw a PDF without the QtPdf add-on, so the file goes to the operating
system's print spooler: ``lp`` (CUPS, on Linux and macOS) with the printer and copies
chosen in the dialog, or the Windows shell's "print" verb.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


class PrintingUnavailable(Exception):
    """The PDF could not be handed to a printer; the message says what to do instead."""


def spool_pdf(path: Path, printer: str, copies: int) -> None:
    if sys.platform.startswith("win"):
        startfile = getattr(os, "startfile", None)
        if startfile is None:  # pragma: no cover
            raise PrintingUnavailable("Open the PDF and print it from the viewer.")
        startfile(str(path), "print")
        return
    lp = shutil.which("lp")
    if lp is None:
        raise PrintingUnavailable(
            "This computer has no print spooler (lp); open the PDF and print it from the viewer."
        )
    command = [lp, "-n", str(max(1, copies))]
    if printer:
        command += ["-d", printer]
    result = subprocess.run(
        [*command, "--", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    if result.returncode != 0:
        raise PrintingUnavailable(
            "The printer did not accept the report; open the PDF and print it from the viewer."
        )
