"""Hostile and awkward input: markup in names, other scripts, a long note, a huge caseload."""

from __future__ import annotations

import os
import socket
import unicodedata
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from diversion_app.reports.common import ReportCancelled, fonts
from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.services.reports.caseload_data import CaseloadScope
from diversion_app.services.reports.printing import ReportOutputError
from tests.conftest import FIXED_NOW, FOR_TESTS
from tests.integration.pdf_reading import all_text, case_rows, page_texts
from tests.integration.report_seeding import AWKWARD_NAMES, HOSTILE_NAME, LONG_NOTE, seed_caseload


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record (and refuse) any attempt to open a network connection."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network use is not allowed in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    return attempts


def _flat(text: str) -> str:
    """Wrapped lines joined again; Arabic presentation forms read as the letters typed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.slow
def test_a_caseload_of_a_thousand_awkward_cases_prints_as_typed(
    services: Services, supervisor: Actor, tmp_path: Path, no_network: list[Any]
) -> None:
    seed_caseload(services.ctx, cases=1000, now=FIXED_NOW)
    out = tmp_path / "busy.pdf"
    written = services.reports.write_caseload_pdf(
        supervisor, out, CaseloadScope(caseworker_username="busy"), for_whom=FOR_TESTS
    )
    assert written.rows == 1000
    assert no_network == []
    rows = case_rows(out)
    assert len(rows) >= 990  # the odd wrapped name aside, every row reads back
    text = _flat(all_text(out))
    assert HOSTILE_NAME in text  # printed, not interpreted
    for given, family in AWKWARD_NAMES[1:]:
        if given == "小明" and len(fonts()) < 3:
            continue  # only the CID font: shapes drawn, but not extractable as text
        assert given in text and family in text, family
    assert _flat(LONG_NOTE) in text
    pages = page_texts(out)
    assert len(pages) > 40
    assert all(f"Page {n} of {len(pages)}" in t for n, t in enumerate(pages, 1))
    metadata = str(dict(PdfReader(out).metadata or {}))
    for given, family in AWKWARD_NAMES:
        assert given not in metadata and family not in metadata


def test_an_unwritable_path_gives_a_plain_error_and_leaves_nothing(
    demo_services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    blocker = out / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ReportOutputError, match="is a file, not a folder"):
        demo_services.reports.write_caseload_pdf(
            supervisor, blocker / "out.pdf", CaseloadScope(), for_whom=FOR_TESTS
        )
    with pytest.raises(ReportOutputError, match="does not exist"):
        demo_services.reports.write_performance_pdf(
            supervisor,
            out / "missing" / "p.pdf",
            date(2026, 1, 1),
            date(2026, 3, 31),
            for_whom=FOR_TESTS,
        )
    with pytest.raises(ReportOutputError, match="it is a folder"):
        demo_services.reports.write_caseload_pdf(
            supervisor, out, CaseloadScope(), for_whom=FOR_TESTS
        )
    if os.geteuid() != 0:  # root may write anywhere
        locked = out / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        try:
            with pytest.raises(ReportOutputError, match="Cannot write"):
                demo_services.reports.write_caseload_pdf(
                    supervisor, locked / "c.pdf", CaseloadScope(), for_whom=FOR_TESTS
                )
            assert list(locked.iterdir()) == []
        finally:
            locked.chmod(0o700)
    assert {p.name for p in out.iterdir()} <= {"a-file", "locked"}


def test_a_cancelled_build_leaves_no_file(
    demo_services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    pages: list[int] = []
    with pytest.raises(ReportCancelled):
        demo_services.reports.write_caseload_pdf(
            supervisor,
            tmp_path / "c.pdf",
            CaseloadScope(),
            progress=lambda page, expected: pages.append(page),
            cancelled=lambda: len(pages) >= 2,
            for_whom=FOR_TESTS,
        )
    assert pages == [1, 2]
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob("*.part")) == []
