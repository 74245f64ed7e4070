"""Every part other workflows add to the referral record is there whichever page was
opened first (pages are built when first shown, so their imports cannot be relied on),
and a start does not pay for them: they are imported when the first record is opened.

Run in a fresh process: in the test process other tests have imported everything.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from diversion_app.ui.record_parts import RECORD_PART_MODULES

DEMO_SIZE = ("--young-people", "12", "--seed", "7")


def test_the_first_record_opened_has_every_part_and_the_start_imports_none(
    tmp_path: Path,
) -> None:
    database = tmp_path / "parts.db"
    made = subprocess.run(
        [sys.executable, "-m", "diversion_app", "demo", "--db", str(database), *DEMO_SIZE],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert made.returncode == 0, made.stderr[-2000:]
    script = textwrap.dedent(
        f"""
        import os, sqlite3, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from datetime import UTC, datetime
        from diversion_app.domain.enums import Role
        from diversion_app.persistence.engine import session_factory, sqlite_url
        from diversion_app.persistence.migrate import open_database
        from diversion_app.services.base.actor import Actor
        from diversion_app.services.base.context import ServiceContext
        from diversion_app.services.registry import Services
        from diversion_app.ui.main_window import MainWindow
        from diversion_app.ui.referrals import referral_record

        def registered():
            return ",".join(sorted(f.__module__ for f in referral_record.RECORD_EXTENSIONS))

        opened = open_database(sqlite_url({str(database)!r}), now=datetime.now(UTC))
        services = Services.build(ServiceContext(session_factory(opened.engine)))
        actor = Actor(None, "sup", "Sam Supervisor", frozenset({{Role.SUPERVISOR}}))
        window = MainWindow(services, actor, "parts.db")
        app.processEvents()
        print("STARTED", registered())
        print("IMPORTED", ",".join(m for m in {RECORD_PART_MODULES!r} if m in sys.modules))
        with sqlite3.connect({str(database)!r}) as raw:
            referral_id = raw.execute("SELECT min(id) FROM referrals").fetchone()[0]
        view = referral_record.ReferralRecordView(services, actor, referral_id)
        print("OPENED", registered())
        print("TABS", ",".join(view.tabs.tabText(i) for i in range(view.tabs.count())))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert lines["IMPORTED"].strip() == ""  # a start imports none of them
    assert set(RECORD_PART_MODULES) - set(lines["STARTED"].split(","))
    assert set(lines["OPENED"].split(",")) >= set(RECORD_PART_MODULES)
    assert "Visits" in lines["TABS"].split(",")
