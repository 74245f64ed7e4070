"""Renders the Diary's week view with a clash flagged, for the README (issue 5).

``python -m tests.screenshot_issue5``: a seeded demo database, a fixed "now", and one
extra visit booked over another in the same caseworker's diary.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from tests.screenshot_support import save, scene

NOW = datetime(2026, 11, 25, 11, 30, tzinfo=UTC)  # a Wednesday


def main() -> int:
    from diversion_app.app import LOCAL_ACTOR
    from diversion_app.domain.clock import ClockState
    from diversion_app.domain.enums import VisitPlace, VisitPurpose, VisitStatus
    from diversion_app.services.base.listing import PageRequest
    from diversion_app.services.casework.visits import VisitDraft
    from diversion_app.services.referrals.referral_list import ReferralFilter
    from diversion_app.ui.casework.diary_page import DiaryPage, week_start
    from diversion_app.ui.main_window import MainWindow

    with scene(NOW, young_people=600) as demo:
        app, services = demo.app, demo.services
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
        save(window, "issue5-diary-week-clash.png")
        page.show_day_view()
        app.processEvents()
        save(window, "issue5-diary-day.png")
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
        save(form, "issue5-visit-form.png")
        form.reject()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
