"""Every part other workflows add to the referral record is there whichever page was
opened first (pages are built when first shown, so their imports cannot be relied on).

Run in a fresh process: in the test process other tests have imported everything.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from diversion_app.ui.record_parts import RECORD_PART_MODULES


def test_a_fresh_main_window_registers_every_part_of_the_referral_record(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from diversion_app.persistence.engine import sqlite_url
        from diversion_app.persistence.migrate import open_database
        from diversion_app.services.base.actor import Actor
        from diversion_app.domain.enums import Role
        from diversion_app.services.registry import Services
        from diversion_app.ui.main_window import MainWindow
        from diversion_app.ui.referrals import referral_record
        from datetime import UTC, datetime
        from diversion_app.persistence.engine import session_factory
        from diversion_app.services.base.context import ServiceContext
        opened = open_database(sqlite_url({str(tmp_path / "parts.db")!r}), now=datetime.now(UTC))
        services = Services.build(ServiceContext(session_factory(opened.engine)))
        before = sorted(f.__module__ for f in referral_record.RECORD_EXTENSIONS)
        actor = Actor(None, "cw", "Casey Worker", frozenset({{Role.CASEWORKER}}))
        window = MainWindow(services, actor, "parts.db")
        after = sorted(f.__module__ for f in referral_record.RECORD_EXTENSIONS)
        print("BEFORE", ",".join(before))
        print("AFTER", ",".join(after))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert set(RECORD_PART_MODULES) - set(lines["BEFORE"].split(",")), "nothing to prove"
    assert set(lines["AFTER"].split(",")) >= set(RECORD_PART_MODULES)
