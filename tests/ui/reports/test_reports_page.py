"""The Reports page driven as a person would: choose, build off the GUI thread, open, export."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from diversion_app.app import configure_qt_application
from diversion_app.domain.enums import Role
from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.ui.reports.reports_page import PERFORMANCE, ReportsPage
from tests.conftest import FIXED_NOW
from tests.integration.pdf_reading import page_texts
from tests.integration.report_seeding import seed_caseload


def _page(qtbot: QtBot, services: Services, actor: Actor, save_to: Path) -> ReportsPage:
    configure_qt_application()
    page = ReportsPage(services, actor)
    qtbot.addWidget(page)
    page.ask_save_path = lambda *_args: save_to  # type: ignore[method-assign]
    page.show()
    page.activate()
    return page


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    urls: list[str] = []

    def record(url: QUrl) -> bool:
        urls.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(record))
    yield urls


def test_build_a_caseworkers_caseload_then_open_it(
    qtbot: QtBot, demo_services: Services, supervisor: Actor, tmp_path: Path, opened: list[str]
) -> None:
    out = tmp_path / "caseload.pdf"
    page = _page(qtbot, demo_services, supervisor, out)
    assert page.list.model.rowCount() == 8
    index = page.whose.findText("Caseworker Cedar")
    assert index > 0
    page.whose.setCurrentIndex(index)
    assert not page.open_button.isEnabled()
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text().startswith("Saved"), timeout=60_000)
    assert "caseload.pdf" in page.status.text() and "pages" in page.status.text()
    assert "Caseworker: Caseworker Cedar" in page_texts(out)[0]
    assert page.progress.isHidden() and page.cancel_button.isHidden()
    assert page.open_button.isEnabled() and page.print_button.isEnabled()
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(out)]


def test_the_window_keeps_turning_while_a_thousand_cases_print(
    qtbot: QtBot, services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    seed_caseload(services.ctx, cases=1000, now=FIXED_NOW)
    out = tmp_path / "big.pdf"
    page = _page(qtbot, services, supervisor, out)
    page.whose.setCurrentIndex(page.whose.findText("Busy Caseworker"))
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    progress_seen: list[int] = []
    page.job.progressed.connect(lambda done, _expected: progress_seen.append(done))
    started = time.perf_counter()
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    assert not page.pdf_button.isEnabled() and page.progress.isVisible()
    qtbot.waitUntil(lambda: page.status.text().startswith("Saved"), timeout=180_000)
    build_seconds = time.perf_counter() - started
    timer.stop()
    assert out.exists()
    assert len(progress_seen) > 40 and progress_seen == sorted(progress_seen)
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    # a 20 ms timer keeps ticking through the build (generous for a loaded 2-core machine);
    # a build on the GUI thread would give one tick before and one after, nothing between
    assert len(ticks) >= max(10, int(build_seconds / 0.02 / 10)), (len(ticks), build_seconds)
    # a GUI thread doing the work would stall for the whole build; allow for a busy machine
    # and no pause anywhere near the length of the whole build
    assert max(gaps) < build_seconds * 0.8, (max(gaps), build_seconds)


def test_cancel_stops_the_build_and_saves_nothing(
    qtbot: QtBot, services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    seed_caseload(services.ctx, cases=600, now=FIXED_NOW)
    out = tmp_path / "cancelled.pdf"
    page = _page(qtbot, services, supervisor, out)
    # Cancel as soon as the build has started: the build now reads and draws so fast that a
    # click queued after its second page could land after the file was finished.
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    assert page.cancel_button.isVisible()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text() == "Cancelled; nothing was saved.", timeout=60_000)
    assert not out.exists() and list(tmp_path.glob("*.part")) == []
    assert page.pdf_button.isEnabled() and not page.open_button.isEnabled()


def test_the_period_report_and_its_csv(
    qtbot: QtBot, demo_services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    out = tmp_path / "period.pdf"
    page = _page(qtbot, demo_services, supervisor, out)
    page.report_choice.setCurrentText(PERFORMANCE)
    assert page.options.currentIndex() == 1
    page.period_from.set_value(date(2025, 6, 1))
    page.period_to.set_value(date(2026, 5, 31))
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text().startswith("Saved"), timeout=60_000)
    assert "This period: 01/06/2025 to 31/05/2026" in page_texts(out)[0]
    csv_out = tmp_path / "period.csv"
    page.ask_save_path = lambda *_args: csv_out  # type: ignore[method-assign]
    qtbot.mouseClick(page.csv_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text().startswith("Saved period.csv"), timeout=60_000)
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert not page.print_button.isEnabled()  # a CSV is opened, not printed


def test_a_bad_period_and_an_unwritable_path_are_explained(
    qtbot: QtBot, demo_services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    page = _page(qtbot, demo_services, supervisor, tmp_path / "nowhere" / "x.pdf")
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "does not exist" in page.status.text(), timeout=60_000)
    page.ask_save_path = lambda *_args: tmp_path / "p.pdf"  # type: ignore[method-assign]
    page.report_choice.setCurrentText(PERFORMANCE)
    page.period_from.set_value(date(2026, 6, 1))
    page.period_to.set_value(date(2026, 5, 1))
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "on or after the first day" in page.status.text(), timeout=60_000)
    assert not (tmp_path / "p.pdf").exists()


def test_a_caseworker_may_print_but_not_export(
    qtbot: QtBot, demo_services: Services, tmp_path: Path
) -> None:
    caseworker = Actor(None, "cw", "A Caseworker", frozenset({Role.CASEWORKER}))
    page = _page(qtbot, demo_services, caseworker, tmp_path / "x.pdf")
    assert page.pdf_button.isVisible()
    assert not page.csv_button.isVisible() and not page.referrals_csv_button.isVisible()
    assert page.as_of.text() == "28/11/2026"
    assert page.period_to.value() == date(2026, 11, 28)
