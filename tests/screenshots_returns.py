"""Renders the returns and deadlines screens at 1366x768 (``python -m tests.screenshots_returns``).

A small demo database with a fixed "now": the record's "Deadlines and returns" tab, the
closure form's end snapshot, the assessment's start snapshot, the officer's dashboard
with its Outcome 22 task, and the Reports page offering the quarterly KPI return; the
first pages of the KPI return and the period report's new sections are drawn with
``pdftoppm`` when it is installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from tests.screenshot_support import OUT, demo_actor, save, scene

SIZE = (1366, 768)


def main() -> int:
    import sqlalchemy as sa

    from diversion_app.domain.enums import Pathway, ReferralStatus, Role
    from diversion_app.persistence.models import Referral, User
    from diversion_app.ui.casework.assessment_form import AssessmentDialog
    from diversion_app.ui.casework.closure_form import ClosureDialog
    from diversion_app.ui.referrals.dashboard_page import DashboardPage
    from diversion_app.ui.referrals.referral_record import ReferralRecordWindow
    from diversion_app.ui.reports.kpi_options import KPI_RETURN
    from diversion_app.ui.reports.reports_page import ReportsPage
    from diversion_app.ui.style import STYLE_SHEET

    with scene(young_people=600, file_name="returns.db") as demo:
        app, ctx, services = demo.app, demo.ctx, demo.services
        app.setStyleSheet(STYLE_SHEET)
        supervisor = demo_actor(ctx, "supervisor", Role.SUPERVISOR)
        with ctx.read_only() as session:
            open_diversion = session.execute(
                sa.select(Referral.id)
                .where(
                    Referral.pathway == Pathway.DIVERSION,
                    Referral.status == ReferralStatus.PROGRAMME,
                )
                .order_by(Referral.received_at.desc())
                .limit(1)
            ).scalar_one()
            officer_id = session.execute(
                sa.select(Referral.created_by_id)
                .where(Referral.outcome22_due_at.is_not(None), Referral.outcome22_done_at.is_(None))
                .limit(1)
            ).scalar_one()
            officer_name = session.execute(
                sa.select(User.username).where(User.id == officer_id)
            ).scalar_one()
        officer = demo_actor(ctx, officer_name, Role.OFFICER)

        record = ReferralRecordWindow(services, supervisor, open_diversion)
        record.resize(*SIZE)
        record.show()
        tabs = record.view.tabs
        tabs.setCurrentIndex(
            next(i for i in range(tabs.count()) if tabs.tabText(i) == "Deadlines and returns")
        )
        app.processEvents()
        save(record, "returns-record-deadlines-tab.png")

        closure = ClosureDialog(services, supervisor, open_diversion)
        closure.resize(*SIZE)
        closure.show()
        app.processEvents()
        save(closure, "returns-closure-end-snapshot.png")

        assessment = AssessmentDialog(services, supervisor, open_diversion)
        assessment.resize(*SIZE)
        assessment.show()
        app.processEvents()
        scroll = assessment.start_snapshot.parentWidget()
        while scroll is not None and not hasattr(scroll, "ensureWidgetVisible"):
            scroll = scroll.parentWidget()
        if scroll is not None:
            scroll.ensureWidgetVisible(assessment.start_snapshot)  # type: ignore[attr-defined]
        app.processEvents()
        save(assessment, "returns-assessment-start-snapshot.png")

        dashboard = DashboardPage(services, officer)
        dashboard.resize(*SIZE)
        dashboard.show()
        dashboard.refresh()
        app.processEvents()
        save(dashboard, "returns-officer-dashboard-outcome22.png")

        supervisor_dashboard = DashboardPage(services, supervisor)
        supervisor_dashboard.resize(*SIZE)
        supervisor_dashboard.show()
        supervisor_dashboard.refresh()
        app.processEvents()
        save(supervisor_dashboard, "returns-supervisor-dashboard-deadlines.png")

        reports = ReportsPage(services, supervisor)
        reports.resize(*SIZE)
        reports.show()
        reports.refresh()
        reports.report_choice.setCurrentIndex(reports.report_choice.findText(KPI_RETURN))
        app.processEvents()
        save(reports, "returns-reports-page-kpi.png")

        with tempfile.TemporaryDirectory() as folder:
            kpi_pdf, period_pdf = Path(folder) / "kpi.pdf", Path(folder) / "period.pdf"
            services.kpi.write_pdf(supervisor, kpi_pdf, "2026Q3")
            services.reports.write_performance_pdf(
                supervisor, period_pdf, date(2025, 12, 1), date(2026, 11, 28)
            )
            if shutil.which("pdftoppm"):
                for pdf, page, name in (
                    (kpi_pdf, 1, "returns-kpi-return-page1"),
                    (kpi_pdf, 2, "returns-kpi-return-page2"),
                    (period_pdf, 2, "returns-period-report-deadlines"),
                    (period_pdf, 3, "returns-period-report-fairness"),
                ):
                    subprocess.run(
                        [
                            "pdftoppm",
                            "-png",
                            "-r",
                            "70",
                            "-f",
                            str(page),
                            "-l",
                            str(page),
                            "-singlefile",
                            str(pdf),
                            str(OUT / name),
                        ],
                        check=True,
                    )
                    print(f"wrote {OUT / name}.png")
        for window in (record, closure, assessment, dashboard, supervisor_dashboard, reports):
            window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
