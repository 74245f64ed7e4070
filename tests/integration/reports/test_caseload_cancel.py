"""Cancelling the team caseload while its figures are still being read: nothing written or told."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from diversion_app.reports.errors import ReportCancelled
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.id_lists import SQLITE_BATCH as BATCH
from diversion_app.services.registry import Services
from diversion_app.services.reports.caseload_data import CaseloadScope
from tests.conftest import FIXED_NOW, FOR_TESTS
from tests.integration.report_seeding import seed_caseload


def _disclosures(services: Services) -> int:
    url = str(services.ctx.sessions.kw["bind"].url)
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        return int(
            connection.execute(
                "SELECT count(*) FROM audit_events WHERE entity = 'caseload_summary'"
            ).fetchone()[0]
        )


@pytest.mark.parametrize("asked_after", [0, 1])
def test_cancel_during_the_reading_stops_before_any_page_and_leaves_nothing(
    services: Services, supervisor: Actor, tmp_path: Path, asked_after: int
) -> None:
    seed_caseload(services.ctx, cases=BATCH + 50, now=FIXED_NOW)  # two batches of referrals
    questions: list[bool] = []

    def cancelled() -> bool:
        questions.append(True)
        return len(questions) > asked_after

    pages: list[int] = []
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "team.pdf"
    with pytest.raises(ReportCancelled):
        services.reports.write_caseload_pdf(
            supervisor,
            out,
            CaseloadScope(),
            progress=lambda done, _expected: pages.append(done),
            cancelled=cancelled,
            for_whom=FOR_TESTS,
        )
    assert pages == []  # stopped while reading, before the first page
    assert list(folder.iterdir()) == []  # no report, no partial file
    assert _disclosures(services) == 0  # nothing left the application


def test_not_cancelled_the_same_reading_prints_every_case(
    services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    seed_caseload(services.ctx, cases=BATCH + 50, now=FIXED_NOW)
    pages: list[int] = []
    written = services.reports.write_caseload_pdf(
        supervisor,
        tmp_path / "team.pdf",
        CaseloadScope(),
        progress=lambda done, _expected: pages.append(done),
        cancelled=lambda: False,
        for_whom=FOR_TESTS,
    )
    assert written.rows == BATCH + 50
    assert pages == list(range(1, written.pages + 1))
    assert _disclosures(services) == 1
