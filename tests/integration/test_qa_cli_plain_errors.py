"""QA: signed-in commands do not create a database at a mistyped path, and a missing
password (no terminal, no DIVERSION_PASSWORD) is one plain line, not an "unexpected" error."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from diversion_app.cli import main


@pytest.mark.parametrize(
    "command",
    [
        [
            "audit",
            "--db",
            "DB",
            "--user",
            "admin",
            "--csv",
            "out.csv",
            "--for",
            "the test suite",
            "--purpose",
            "supervision",
        ],
        [
            "report",
            "caseload",
            "--db",
            "DB",
            "--user",
            "admin",
            "--out",
            "out.pdf",
            "--for",
            "the test suite",
            "--purpose",
            "supervision",
        ],
    ],
)
def test_a_mistyped_database_path_is_named_and_no_file_is_made(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    monkeypatch.setenv("DIVERSION_PASSWORD", "demo-admin-pass")
    missing = tmp_path / "typo.db"
    assert main([str(missing) if part == "DB" else part for part in command]) != 0
    err = capsys.readouterr().err
    assert err.strip() == f"diversion-app: There is no database at {missing}."
    assert not missing.exists()


def test_no_password_at_all_is_a_plain_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "d.db"
    assert main(["demo", "--db", str(db), "--young-people", "10"]) == 0
    capsys.readouterr()
    monkeypatch.delenv("DIVERSION_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.setattr("getpass.getpass", lambda prompt: input(prompt))
    code = main(
        [
            "audit",
            "--db",
            str(db),
            "--user",
            "admin",
            "--csv",
            str(tmp_path / "a.csv"),
            "--for",
            "the test suite",
            "--purpose",
            "supervision",
        ]
    )
    err = capsys.readouterr().err
    assert code != 0
    assert "No password was given" in err and "unexpected" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_database_that_cannot_be_created_is_named_plainly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["demo", "--db", "/proc/diversion-qa.db", "--young-people", "2"]) != 0
    err = capsys.readouterr().err
    assert err.startswith("diversion-app: /proc/diversion-qa.db cannot be written: the file or")
    assert "sqlite:" not in err and "OperationalError" not in err
    assert len(err.strip().splitlines()) == 1
