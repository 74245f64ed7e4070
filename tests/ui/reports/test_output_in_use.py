"""Saving a report over a file another program holds open: one plain sentence, file kept."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from diversion_app.app import configure_qt_application
from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.ui.reports.reports_page import ReportsPage
from tests.integration.faults import processes


@pytest.mark.skipif(sys.platform == "win32", reason="Windows refuses at the rename")
def test_a_pdf_over_a_report_open_elsewhere_is_refused_in_one_sentence(
    qtbot: QtBot, services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    out = tmp_path / "caseload.pdf"
    out.write_bytes(b"%PDF-1.4 last week's caseload, open in a viewer\n")
    before = out.read_bytes()
    configure_qt_application()
    page = ReportsPage(services, supervisor)
    qtbot.addWidget(page)
    page.ask_save_path = lambda *_args: out  # type: ignore[method-assign]
    page.show()
    page.activate()
    holder = processes.start("hold-file", str(out), "flock", "60")
    try:
        processes.wait_for_line(holder, "held")
        qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "in use by another program" in page.status.text(), timeout=60_000)
    finally:
        holder.kill()
        processes.finish(holder)
    assert "Traceback" not in page.status.text() and len(page.status.text()) < 300
    assert "Saved" not in page.status.text()
    assert out.read_bytes() == before
    assert not [path for path in tmp_path.iterdir() if path.name.endswith(".part")]
