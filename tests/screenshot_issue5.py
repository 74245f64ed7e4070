"""Renders the Diary's week view with a clash flagged, for the README (issue 5).

``python -m tests.screenshot_issue5``: a seeded demo database, a fixed "now", and one
extra visit booked over another in the same caseworker's diary.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUT = Path(__file__).resolve().parents[1] / "resources" / "screenshots"
NOW = datetime(2026, 11, 25, 11, 30, tzinfo=UTC)  # a Wednesday


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from diversion_app.app import LOCAL_ACTOR, configure_qt_application
    from diversion_app.domain.clock import ClockState
    from diversion_app.domain.enums import VisitPlace, VisitPurpose, VisitStatus
    from diversion_app.persistence.engine import session_factory, sqlite_url
    from diversion_app.persistence.migrate import open_database
    from diversion_app.services.context import ServiceContext
    from diversion_app.services.demo import build_demo
    from diversion_app.services.listing import PageRequest
    from diversion_app.services.referrals import ReferralFilter
    from diversion_app.services.registry import Services
    from diversion_app.services.visits import VisitDraft
    from diversion_app.ui.main_window import MainWindow
    from diversion_app.ui.views.diary_page import DiaryPage, week_start

    configure_qt_application()
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        opened = open_database(sqlite_url(Path(folder) / "demo.db"), now=NOW)
        ctx = ServiceContext(session_factory(opened.engine), now_provider=lambda: NOW)
        build_demo(ctx, young_people=600, seed=2026)
        services = Services.build(ctx)
        monday = datetime.combine(week_start(NOW.date()), datetime.min.time(), tzinfo=UTC)
        week = services.diary.visits(LOCAL_ACTOR, monday, monday + timedelta(days=7))
        busiest: dict[int, int] = {}
        for row in week:
            for worker in row.caseworker_ids:
                busiest[worker] = busiest.get(worker, 0) + 1
        worker = max(busiest, key=lambda w: busiest[w])
        target = next(
            r
            for r in week
            if worker in r.caseworker_ids
            and r.status is VisitStatus.SCHEDULED
            and services.visits.referral_for_visit(LOCAL_ACTOR, r.referral_id).is_open
        )
        services.visits.schedule(
            LOCAL_ACTOR,
            VisitDraft(
                referral_id=target.referral_id,
                caseworker_ids=(worker,),
                start_at=target.start_at + timedelta(minutes=30),
                end_at=target.end_at + timedelta(minutes=30),
                place=VisitPlace.OFFICE,
                purpose=VisitPurpose.REVIEW,
            ),
            confirm=True,
        )
        window = MainWindow(services, LOCAL_ACTOR, "demo.db")
        window.resize(1400, 820)
        window.show()
        page = window.show_page("Diary")
        assert isinstance(page, DiaryPage)
        page.choose_caseworker(worker)
        page.go_to(target.start_at.date())
        app.processEvents()
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / "issue5-diary-week-clash.png"
        window.grab().save(str(path))
        print(f"wrote {path}")
        page.show_day_view()
        app.processEvents()
        path = OUT / "issue5-diary-day.png"
        window.grab().save(str(path))
        print(f"wrote {path}")
        page.show_week_view()
        running = next(
            r
            for r in services.referral_list.page(
                LOCAL_ACTOR,
                PageRequest(limit=200, sort="due", descending=True),
                ReferralFilter(open_only=True),
            )
            if r.clock.state is ClockState.ON_TRACK and r.caseworker
        )
        form = page.new_visit(running.id)
        form.resize(640, 560)
        app.processEvents()
        path = OUT / "issue5-visit-form.png"
        form.grab().save(str(path))
        print(f"wrote {path}")
        form.reject()
        window.close()
        opened.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
