"""``audit-key export`` and ``import``: the administrator's backup of the key, and its use
on a computer that does not have it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from diversion_app.cli import main


def test_export_then_import_on_a_computer_without_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "a.db"
    assert main(["demo", "--db", str(db), "--young-people", "10"]) == 0
    key_file = tmp_path / "backup.key"
    monkeypatch.setenv("DIVERSION_PASSWORD", "demo-supervisor-pass")
    args = ["audit-key", "export", "--db", str(db), "--out", str(key_file)]
    assert main([*args, "--user", "supervisor"]) == 1
    assert "permission to manage user accounts" in capsys.readouterr().err
    assert not key_file.exists()
    monkeypatch.setenv("DIVERSION_PASSWORD", "demo-admin-pass")
    assert main([*args, "--user", "admin"]) == 0
    assert "Keep it somewhere safe" in capsys.readouterr().out
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

    monkeypatch.setenv("DIVERSION_AUDIT_KEY_DIR", str(tmp_path / "new-computer"))
    assert main(["check", "--db", str(db)]) == 1
    assert "audit key for this database is not on this computer" in capsys.readouterr().out
    not_a_key = tmp_path / "notes.txt"
    not_a_key.write_text("hello", encoding="utf-8")
    assert main(["audit-key", "import", "--db", str(db), str(not_a_key)]) == 1
    assert "not an audit key exported by Diversion" in capsys.readouterr().err
    assert main(["audit-key", "import", "--db", str(db), str(key_file)]) == 0
    assert "The audit key is loaded" in capsys.readouterr().out
    assert main(["check", "--db", str(db)]) == 0
    assert stat.S_IMODE(next((tmp_path / "new-computer").glob("*.key")).stat().st_mode) == 0o600


def test_a_key_from_another_database_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "one.db", tmp_path / "two.db"
    for db in (first, second):
        assert main(["demo", "--db", str(db), "--young-people", "5"]) == 0
    monkeypatch.setenv("DIVERSION_PASSWORD", "demo-admin-pass")
    key_file = tmp_path / "one.key"
    assert (
        main(["audit-key", "export", "--db", str(first), "--out", str(key_file), "--user", "admin"])
        == 0
    )
    capsys.readouterr()
    assert main(["audit-key", "import", "--db", str(second), str(key_file)]) == 1
    assert "belongs to another Diversion database" in capsys.readouterr().err
