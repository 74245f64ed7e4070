"""``diversion-app report``: the PDFs from the command line, and one-line errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from diversion_app.cli import main
from tests.integration.pdf_reading import page_texts


@pytest.fixture
def db(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    monkeypatch.setenv("DIVERSION_PASSWORD", "demo-supervisor-pass")
    return path


SIGN_IN = ["--user", "supervisor"]
FOR = ["--for", "the test suite", "--purpose", "supervision"]


def test_caseload_and_performance_from_the_command_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "caseload.pdf"
    where = ["--db", str(db), *SIGN_IN, *FOR]
    code = main(["report", "caseload", *where, "--out", str(out), "--caseworker", "caseworker2"])
    assert code == 0, capsys.readouterr().err
    assert "Caseload summary written to" in capsys.readouterr().out
    assert "Caseworker: Caseworker Birch" in page_texts(out)[0]
    area = tmp_path / "east.pdf"
    east = ["--area", "east", "--as-of", "2026-10-01"]
    assert main(["report", "caseload", *where, "--out", str(area), *east]) == 0
    assert "Area: East — open referrals as of 01/10/2026" in page_texts(area)[0]
    perf = tmp_path / "perf.pdf"
    period = ["--from", "01/06/2025", "--to", "2026-05-31", "--out", str(perf)]
    assert main(["report", "performance", *where, *period]) == 0
    assert "This period: 01/06/2025 to 31/05/2026" in page_texts(perf)[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["caseload", "--out", "{tmp}/a-file/x.pdf"], "is a file, not a folder"),
        (["caseload", "--out", "{tmp}/nowhere/x.pdf"], "does not exist"),
        (["caseload", "--out", "{tmp}/x.pdf", "--caseworker", "nobody"], "no caseworker"),
        (["caseload", "--out", "{tmp}/x.pdf", "--as-of", "31/02/2026"], "not a real date"),
        (["caseload", "--out", "{tmp}/x.pdf", "--as-of", "01/01/2099"], "future"),
        (
            ["performance", "--from", "01/06/2026", "--to", "01/05/2026", "--out", "{tmp}/x.pdf"],
            "on or after the first day",
        ),
        (["performance", "--to", "01/05/2026", "--out", "{tmp}/x.pdf"], "--from"),
    ],
)
def test_bad_input_gives_one_plain_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (tmp_path / "a-file").write_text("a file")
    filled = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert main(["report", *filled, "--db", str(db), *SIGN_IN, *FOR]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_a_wrong_password_prints_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIVERSION_PASSWORD", "not-the-password")
    out = tmp_path / "x.pdf"
    assert main(["report", "caseload", *SIGN_IN, *FOR, "--db", str(db), "--out", str(out)]) != 0
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not out.exists()


def test_an_officer_may_not_print_reports(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIVERSION_PASSWORD", "demo-officer-pass")
    out = tmp_path / "x.pdf"
    args = ["report", "caseload", "--user", "officer", "--db", str(db), "--out", str(out), *FOR]
    assert main(args) != 0
    assert "permission to print reports" in capsys.readouterr().err
    assert not out.exists()


def test_the_kpi_return_from_the_command_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf, sheet = tmp_path / "kpi.pdf", tmp_path / "kpi.csv"
    where = ["--db", str(db), *SIGN_IN, *FOR]
    code = main(
        ["report", "kpi", *where, "--quarter", "2026Q3", "--out", str(pdf), "--csv", str(sheet)]
    )
    assert code == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "KPI return (2026Q3) written to" in out and "as CSV" in out
    text = page_texts(pdf)[0]
    assert "Quarterly KPI return" in text and "2026Q3 (01/07/2026 to 30/09/2026)" in text
    assert sheet.read_text(encoding="utf-8").startswith("section,measure,unit,quarter")
    assert main(["report", "kpi", *where, "--quarter", "2026-7", "--out", str(pdf)]) != 0
    assert "like 2026Q3" in capsys.readouterr().err
