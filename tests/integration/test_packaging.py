"""The wheel carries the migrations and resources, and an installed copy can migrate a database."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from diversion_app.persistence.migrate import head_revision

ROOT = Path(__file__).resolve().parents[2]


def test_installed_wheel_finds_its_migrations_and_resources(tmp_path: Path) -> None:
    out = tmp_path / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
        ],
        check=True,
        cwd=tmp_path,
    )
    wheel = next(out.glob("diversion_app-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "diversion_app/_migrations/env.py" in names
    assert "diversion_app/_migrations/script.py.mako" in names
    assert any(n.startswith("diversion_app/_migrations/versions/0001") for n in names)
    assert "diversion_app/_resources/fonts/DejaVuSans.ttf" in names
    assert "diversion_app/_resources/common-passwords.txt" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from datetime import datetime, UTC;"
        "from diversion_app.paths import migrations_dir, resource;"
        "from diversion_app.persistence.migrate import open_database;"
        "assert str(migrations_dir()).startswith(sys.argv[1]), migrations_dir();"
        "assert resource('fonts', 'DejaVuSans.ttf').exists();"
        "from diversion_app.services.accounts.password_policy import common_passwords;"
        "assert 'password' in common_passwords();"
        "o = open_database('sqlite:///' + sys.argv[2], now=datetime.now(UTC));"
        "print(o.revision)"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", script, str(site), str(tmp_path / "w.db")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == head_revision()
