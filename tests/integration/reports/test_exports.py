"""CSV exports: UTF-8 with a BOM, formulas neutralised, the same rows the screens show."""

from __future__ import annotations

import csv
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diversion_app.domain.enums import Role
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import PermissionDenied
from diversion_app.services.referrals.referral_list import ReferralFilter
from diversion_app.services.registry import Services
from diversion_app.services.reports.caseload_data import CaseloadScope
from diversion_app.services.reports.exports import neutralise
from tests.conftest import FIXED_NOW, FOR_TESTS
from tests.integration.report_seeding import HOSTILE_NAME, seed_caseload


def _read(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel looks for
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 7700 900123", "'+44 7700 900123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Zoë", "Zoë"),
        (-5, -5),
        (2.5, 2.5),
        (None, ""),
    ],
)
def test_cells_that_could_run_as_formulas_are_neutralised(value: object, expected: object) -> None:
    assert neutralise(value) == expected


@given(st.text())
def test_no_text_cell_ever_starts_a_formula(text: str) -> None:
    cell = neutralise(text)
    assert not str(cell).startswith(("=", "+", "-", "@", "\t", "\r"))
    assert str(cell).removeprefix("'") == text or cell == text


def test_referral_list_export_has_every_open_referral_with_names_intact(
    demo_services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    out = tmp_path / "referrals.csv"
    written = demo_services.exports.referral_list_csv(
        supervisor, out, filter_=ReferralFilter(open_only=True), for_whom=FOR_TESTS
    )
    rows = _read(out)
    assert rows[0][:3] == ["Referral", "Young person", "Pathway"]
    db = Path(str(demo_services.ctx.sessions.kw["bind"].url).removeprefix("sqlite:///"))
    with sqlite3.connect(db) as connection:
        expected = {
            (ref, f"{given} {family}")
            for ref, given, family in connection.execute(
                "SELECT r.id, yp.given_name, yp.family_name FROM referrals r JOIN young_people yp"
                " ON yp.id = r.young_person_id WHERE r.status IN "
                "('received','allocated','contacted','assessed','programme')"
            )
        }
    assert {(int(r[0]), r[1]) for r in rows[1:]} == expected
    assert written.rows == len(expected)


def test_caseload_and_period_exports(services: Services, supervisor: Actor, tmp_path: Path) -> None:
    seed_caseload(services.ctx, cases=12, now=FIXED_NOW)
    out = tmp_path / "caseload.csv"
    services.exports.caseload_csv(
        supervisor, out, CaseloadScope(caseworker_username="busy"), for_whom=FOR_TESTS
    )
    rows = _read(out)
    assert len(rows) == 13
    names = [row[2] for row in rows[1:]]
    assert f"Test {HOSTILE_NAME}" in names and "小明 王" in names and "ليلى حداد" in names
    perf = tmp_path / "period.csv"
    services.exports.performance_csv(
        supervisor, perf, date(2026, 6, 1), date(2026, 11, 28), for_whom=FOR_TESTS
    )
    figures = {(row[0], row[1]): row for row in _read(perf)[1:]}
    referrals = figures[("Referrals to the YOS", "Referrals received")]
    assert referrals[3:5] == ["12", "0"]
    assert figures[("The 48-hour contact clock", "Met")][3] == "4"


def test_exports_are_for_supervisors_and_audited(
    demo_services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    caseworker = Actor(None, "cw", "Caseworker", frozenset({Role.CASEWORKER}))
    with pytest.raises(PermissionDenied):
        demo_services.exports.referral_list_csv(caseworker, tmp_path / "x.csv", for_whom=FOR_TESTS)
    assert not (tmp_path / "x.csv").exists()
    demo_services.exports.referral_list_csv(supervisor, tmp_path / "y.csv", for_whom=FOR_TESTS)
    db = Path(str(demo_services.ctx.sessions.kw["bind"].url).removeprefix("sqlite:///"))
    with sqlite3.connect(db) as connection:
        last = connection.execute(
            "SELECT action, entity FROM audit_events ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert last == ("disclosed", "referral_list")
