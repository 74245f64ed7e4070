"""The returns screens driven as a person would: snapshot fields in the assessment and
closure, the record's deadlines and police outcome, Turnaround, the officer's Outcome 22
task on the dashboard, local closure days, and the KPI return from the Reports page."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from diversion_app.domain.closure import ClosureForm
from diversion_app.domain.enums import (
    ClosureOutcome,
    Pathway,
    ReferralReason,
    ReferralSource,
    ReferralStatus,
    Role,
)
from diversion_app.domain.snapshot import Answer, Suitability
from diversion_app.domain.turnaround import TurnaroundEvent
from diversion_app.persistence.models import Referral
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.referrals.core import change_status, make_referral
from diversion_app.services.registry import Services
from diversion_app.ui.accounts.closure_days_dialog import ClosureDaysDialog
from diversion_app.ui.casework.assessment_form import AssessmentDialog
from diversion_app.ui.casework.closure_form import ClosureDialog
from diversion_app.ui.referrals.dashboard_page import DashboardPage
from diversion_app.ui.referrals.referral_record import ReferralRecordWindow
from diversion_app.ui.referrals.returns_tab import ReturnsTab
from diversion_app.ui.reports.kpi_options import KPI_RETURN
from diversion_app.ui.reports.reports_page import ReportsPage
from tests.casework_helpers import add_cr, full_form, make_case
from tests.factories import add_child, add_user, referral_draft
from tests.integration.pdf_reading import all_text


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def _diversion(ctx: ServiceContext) -> tuple[int, Actor, Actor, Actor]:
    officer = add_user(ctx, "pc.ui", "PC Ui", Role.OFFICER)
    caseworker = add_user(ctx, "cw.ui", "Casey Ui", Role.CASEWORKER)
    supervisor = add_user(ctx, "sup.ui", "Sam Ui", Role.SUPERVISOR)
    person = add_child(ctx, date(2012, 3, 1), given="Riley", family="Stone")
    cr = add_cr(ctx, person, ctx.now().date() - timedelta(days=30), "CR/77")
    made = make_referral(
        ctx,
        officer,
        referral_draft(
            person,
            ctx.now() - timedelta(days=20),
            pathway=Pathway.DIVERSION,
            source=ReferralSource.POLICE,
            reasons=(ReferralReason.OFFENCE,),
            community_resolution_id=cr,
        ),
    )
    with ctx.unit_of_work() as session:
        referral = session.get(Referral, made.id)
        assert referral is not None
        referral.caseworker_id = caseworker.user_id
        change_status(session, supervisor, referral, ReferralStatus.ALLOCATED, ctx.now())
    return made.id, officer, caseworker, supervisor


def test_the_start_snapshot_is_typed_in_the_assessment_and_prefills_the_closure(
    qtbot: QtBot, ctx: ServiceContext, services: Services
) -> None:
    case = make_case(ctx)
    services.assessments.save_draft(case.caseworker, case.referral_id, full_form(ctx.now().date()))
    dialog = AssessmentDialog(services, case.caseworker, case.referral_id)
    qtbot.addWidget(dialog)
    dialog.show()
    fields = dialog.start_snapshot
    choose(fields.combos["accommodation"], "Suitable")
    choose(fields.combos["ete_type"], "School, full time")
    fields.hours["ete_hours_offered"].setValue(20)
    fields.hours["ete_hours_attended"].setValue(25)
    click(qtbot, dialog.complete_button)
    # refused beside the field, nothing saved
    error = fields.errors["snapshot.ete_hours_attended"]
    assert error.isVisible() and "more than the hours offered" in error.text()
    assert services.snapshots.for_referral(case.caseworker, case.referral_id).start is None
    fields.hours["ete_hours_attended"].setValue(18)
    click(qtbot, dialog.complete_button)
    start = services.snapshots.for_referral(case.caseworker, case.referral_id).start
    assert start is not None and start.ete_hours_attended == 18
    assert start.accommodation is Suitability.SUITABLE

    closure = ClosureDialog(services, case.caseworker, case.referral_id)
    qtbot.addWidget(closure)
    closure.show()
    end_fields = closure.end_snapshot
    assert end_fields.combos["accommodation"].currentText() == "Suitable"
    assert end_fields.hours["ete_hours_attended"].value() == 18
    choose(end_fields.combos["ete_suitable"], "Yes")
    choose(closure.outcome, "Programme completed")
    qtbot.keyClicks(closure.exit_summary, "Back in school full time.")
    click(qtbot, closure.request_button)
    end = services.snapshots.for_referral(case.caseworker, case.referral_id).end
    assert end is not None and end.ete_suitable is Answer.YES and end.ete_hours_attended == 18


def test_the_record_shows_deadlines_and_records_outcome_victim_and_turnaround(
    qtbot: QtBot, ctx: ServiceContext, services: Services
) -> None:
    referral_id, officer, _caseworker, _supervisor = _diversion(ctx)
    window = ReferralRecordWindow(services, officer, referral_id)
    qtbot.addWidget(window)
    window.show()
    strip = window.view.findChild(QLabel, "deadlineStrip")
    assert strip is not None and strip.isVisible()
    assert strip.text().startswith("Working-day deadlines — Assessment: ")
    assert "Recommendation to the police: " in strip.text()
    tabs = window.view.tabs
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == "Deadlines and returns")
    tabs.setCurrentIndex(index)
    tab = tabs.widget(index)
    assert isinstance(tab, ReturnsTab)
    assert "working days" in tab.assessment_line.text() or "Overdue" in tab.assessment_line.text()
    assert tab.recommendation_line.text().startswith(("Due", "Overdue"))
    # the gravity score starts from the linked Community Resolution's
    assert tab.gravity.currentData() == 2
    choose(tab.outcome_code, tab.outcome_code.itemText(2))  # Outcome 22
    choose(tab.victim_present, "No")
    choose(tab.rj_offered, "Yes")
    click(qtbot, tab.police_save)
    assert tab.problems.labels["rj_offered"].isVisible()
    choose(tab.rj_offered, "No")
    click(qtbot, tab.police_save)
    saved = services.police_outcome.for_referral(officer, referral_id).form
    assert saved.outcome_code is not None and saved.outcome_code.value == "22"
    assert saved.gravity_score == 2 and saved.victim.has_victim is Answer.NO

    choose(tab.turnaround_event, "Community Resolution")
    tab.event_on.clear()
    qtbot.keyClicks(tab.event_on, "10/11/2026")  # 20 days before today
    click(qtbot, tab.check_button)
    assert tab.decision.text().startswith("Eligible")
    tab.referred_before.setChecked(True)
    click(qtbot, tab.check_button)
    assert (
        tab.decision.text().startswith("Not eligible") and "once per child" in tab.decision.text()
    )
    tab.flag.setChecked(True)
    click(qtbot, tab.turnaround_save)
    assert "once per child" in tab.problems.labels["flag"].text()
    tab.referred_before.setChecked(False)
    click(qtbot, tab.turnaround_save)
    assert services.turnaround.check(officer, referral_id).flagged
    assert TurnaroundEvent.COMMUNITY_RESOLUTION is tab.turnaround_event.value()


def test_the_officer_sees_outcome_22_on_the_dashboard_and_marks_it_done(
    qtbot: QtBot, ctx: ServiceContext, services: Services
) -> None:
    referral_id, officer, caseworker, supervisor = _diversion(ctx)
    form = ClosureForm(ClosureOutcome.PROGRAMME_COMPLETED, "Completed.", ctx.now().date())
    pending = services.closures.request(caseworker, referral_id, form)
    services.closures.approve(supervisor, pending.id)
    page = DashboardPage(services, officer)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.outcome22.isVisible()
    assert page.outcome22.tasks.count() == 1
    assert "Riley Stone, crime reference CR/77" in page.outcome22.tasks.item(0).text()
    click(qtbot, page.outcome22.done_button)
    assert not page.outcome22.isVisible()
    assert services.police_outcome.outcome22_tasks(officer) == []


def test_an_administrator_adds_a_closure_day_and_a_bank_holiday_is_refused(
    qtbot: QtBot, ctx: ServiceContext, services: Services
) -> None:
    admin = add_user(ctx, "admin.ui", "Admin Ui", Role.ADMINISTRATOR)
    dialog = ClosureDaysDialog(services, admin)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.new_day.clear()
    qtbot.keyClicks(dialog.new_day, "25/12/2026")
    click(qtbot, dialog.add_button)
    dialog.save()
    assert dialog.field_error.isVisible() and "already a bank holiday" in dialog.field_error.text()
    dialog.days.clear()
    dialog.new_day.clear()
    qtbot.keyClicks(dialog.new_day, "29/12/2026")
    click(qtbot, dialog.add_button)
    dialog.save()
    assert services.deadlines.closure_days(admin) == [date(2026, 12, 29)]


def test_the_kpi_return_from_the_reports_page(
    qtbot: QtBot, demo_services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    target = tmp_path / "kpi.pdf"
    page = ReportsPage(demo_services, supervisor)
    qtbot.addWidget(page)
    page.ask_save_path = lambda *_args: target  # type: ignore[method-assign]
    page.show()
    choose(page.report_choice, KPI_RETURN)
    assert page.options.currentWidget() is page.kpi_options
    choose(page.kpi_options.choice, page.kpi_options.choice.itemText(1))
    click(qtbot, page.pdf_button)
    qtbot.waitUntil(lambda: target.exists() and not page.job.is_running(), timeout=30_000)
    text = all_text(target)
    assert "Quarterly KPI return" in text and "1. Accommodation" in text
