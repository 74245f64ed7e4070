"""One referral through the assessment, programme, closure and follow-up screens, by hand."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton
from pytestqt.qtbot import QtBot

from diversion_app.domain.enums import (
    AssessmentDomain,
    ConcernRating,
    InterventionStatus,
    InterventionType,
    ReferralStatus,
    VisitStatus,
)
from diversion_app.domain.timekeeping import format_date, london_today
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.casework.follow_ups import auto_fill_follow_up
from diversion_app.services.registry import Services
from diversion_app.ui.casework.assessment_form import AssessmentDialog
from diversion_app.ui.casework.closure_form import ClosureDialog
from diversion_app.ui.casework.programme_form import ProgrammeDialog
from diversion_app.ui.referrals.referrals_page import ReferralsPage
from diversion_app.ui.reports.reports_page import ReportsPage
from tests.casework_helpers import Case, add_cr, add_visit, make_case, set_visit_status
from tests.conftest import MovableClock


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def _assessment(qtbot: QtBot, services: Services, case: Case, actor: object) -> AssessmentDialog:
    dialog = AssessmentDialog(services, actor, case.referral_id)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_an_assessment_drafted_resumed_refused_completed_and_signed_off(
    qtbot: QtBot, ctx: ServiceContext, services: Services
) -> None:
    case = make_case(ctx)
    dialog = _assessment(qtbot, services, case, case.caseworker)
    assert dialog.status_label.text().startswith("Not started")
    choose(dialog.ratings[AssessmentDomain.FAMILY], ConcernRating.SIGNIFICANT_CONCERN.label)
    qtbot.keyClicks(dialog.notes[AssessmentDomain.FAMILY], "Arguments at home")
    dialog.participants.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.keyClicks(dialog.carer_views, "Mum is worried.")
    click(qtbot, dialog.save_button)
    assert "Draft" in dialog.status_label.text()
    dialog.close()

    # leave and come back: the draft is as it was left
    again = _assessment(qtbot, services, case, case.caseworker)
    family = again.ratings[AssessmentDomain.FAMILY]
    assert family.currentText() == "Significant concern"
    assert again.notes[AssessmentDomain.FAMILY].text() == "Arguments at home"
    assert again.participants.item(0).checkState() == Qt.CheckState.Checked
    assert again.carer_views.toPlainText() == "Mum is worried."

    # complete is refused while domains are unrated and the young person's views are empty
    click(qtbot, again.complete_button)
    assert again.banner.isVisible() and again.banner.text().startswith("Nothing was saved")
    ratings_error = again.problems.labels["ratings"]
    assert "still unrated: associations and peers" in ratings_error.text()
    assert again.problems.labels["young_person_views"].isVisible()
    for domain in AssessmentDomain:
        choose(again.ratings[domain], ConcernRating.NO_CONCERN.label)
    choose(again.safety, "Low")
    qtbot.keyClicks(again.conclusion, "Mentoring and victim awareness.")
    click(qtbot, again.complete_button)
    assert not again.problems.labels["ratings"].isVisible()
    assert again.problems.labels["young_person_views"].text() == (
        "Record the young person's own views, in their words, before completing."
    )
    qtbot.keyClicks(again.young_person_views, "I want to get back to football.")
    click(qtbot, again.complete_button)
    assert not again.banner.isVisible()
    assert "Completed" in again.status_label.text()
    assert not again.save_button.isVisible() and not again.supervisor_box.isVisible()
    with ctx.read_only() as session:
        from diversion_app.persistence.models import Referral

        referral = session.get(Referral, case.referral_id)
        assert referral is not None and referral.status is ReferralStatus.ASSESSED

    # the supervisor signs it off
    supervisor = _assessment(qtbot, services, case, case.supervisor)
    assert supervisor.supervisor_box.isVisible()
    click(qtbot, supervisor.sign_off_button)
    assert "Signed off" in supervisor.status_label.text()
    assert "Sam Supervisor" in supervisor.status_label.text()


def test_a_completed_date_before_the_started_date_is_shown_beside_the_field(
    qtbot: QtBot, ctx: ServiceContext, services: Services
) -> None:
    case = make_case(ctx)
    dialog = _assessment(qtbot, services, case, case.caseworker)
    today = london_today(ctx.now())
    dialog.started_on.set_value(dialog.started_on.value() - timedelta(days=1))  # type: ignore[operator]
    dialog.completed_on.set_value(dialog.completed_on.value() - timedelta(days=5))  # type: ignore[operator]
    click(qtbot, dialog.complete_button)
    label = dialog.problems.labels["completed_on"]
    assert label.isVisible()
    started = format_date(today - timedelta(days=1))
    assert label.text() == f"The date completed cannot be before the date started ({started})."


def _signed_off(services: Services, case: Case) -> None:
    from tests.casework_helpers import full_form

    view = services.assessments.complete(
        case.caseworker, case.referral_id, full_form(london_today(services.ctx.now()))
    )
    services.assessments.sign_off(case.supervisor, view.id or 0)


def test_programme_of_two_interventions_with_attendance_then_closure_and_follow_up(
    qtbot: QtBot, ctx: ServiceContext, services: Services, clock: MovableClock
) -> None:
    case = make_case(ctx)
    _signed_off(services, case)
    past = add_visit(ctx, case.referral_id, ctx.now() - timedelta(hours=3), VisitStatus.COMPLETED)
    programme = ProgrammeDialog(services, case.caseworker, case.referral_id)
    qtbot.addWidget(programme)
    programme.show()
    assert not programme.editor.isEnabled()
    qtbot.keyClicks(programme.goals, "Stay in school; repair the harm.")
    click(qtbot, programme.save_goals_button)
    assert programme.status_label.text().startswith("Status: Active")

    for kind, planned, provider in (
        (InterventionType.MENTORING, 2, "YOS mentor"),
        (InterventionType.VICTIM_AWARENESS, 3, "Seconded officer"),
    ):
        choose(programme.intervention_type, kind.label)
        programme.provider.clear()
        qtbot.keyClicks(programme.provider, provider)
        programme.planned.setValue(planned)
        click(qtbot, programme.add_button)
    assert programme.table.rowCount() == 2

    # attendance, session by session; the first session was a diary visit
    programme.table.selectRow(0)
    choose(programme.visit, programme.visit.itemText(1))
    assert programme.visit.currentData() == past
    click(qtbot, programme.record_button)
    programme.missed.setChecked(True)
    click(qtbot, programme.record_button)
    programme.attended.setChecked(True)
    click(qtbot, programme.record_button)
    bar = programme.table.cellWidget(0, 5)
    assert bar.format() == "2 of 2 sessions attended (100%)"  # type: ignore[union-attr]
    assert programme.sessions.count() == 3
    assert "visit" in programme.sessions.item(0).text()
    # a third attended session would be more than planned: refused beside the answer
    click(qtbot, programme.record_button)
    assert (
        programme.problems.labels["attended"]
        .text()
        .startswith("All 2 planned sessions have already been attended")
    )
    programme.table.selectRow(1)
    click(qtbot, programme.record_button)
    second = programme.table.cellWidget(1, 5)
    assert second.format() == "1 of 3 sessions attended (33%)"  # type: ignore[union-attr]

    # closing: told which intervention and which visit are unsettled
    future = add_visit(ctx, case.referral_id, ctx.now() + timedelta(days=2))
    closure = ClosureDialog(services, case.caseworker, case.referral_id)
    qtbot.addWidget(closure)
    closure.show()
    assert closure.blockers.isVisible()
    choose(closure.outcome, "Programme completed")
    qtbot.keyClicks(closure.exit_summary, "Engaged well with mentoring.")
    click(qtbot, closure.request_button)
    text = closure.blockers.text()
    assert "• The mentoring intervention is still active (2 of 2 sessions attended)" in text
    assert "victim awareness intervention is still active" in text
    assert "visit on" in text and "is still scheduled" in text
    for intervention in services.programmes.for_referral(
        case.caseworker, case.referral_id
    ).interventions:
        from dataclasses import replace

        services.programmes.update_intervention(
            case.caseworker,
            intervention.id,
            replace(
                intervention.form,
                status=InterventionStatus.COMPLETED,
                end_date=london_today(ctx.now()),
            ),
        )
    set_visit_status(ctx, future, VisitStatus.CANCELLED)
    click(qtbot, closure.request_button)
    assert "waiting for a supervisor's approval" in closure.status_label.text()
    assert not closure.decision_box.isVisible()

    approving = ClosureDialog(services, case.supervisor, case.referral_id)
    qtbot.addWidget(approving)
    approving.show()
    assert "Engaged well with mentoring." in approving.request_summary.text()
    click(qtbot, approving.approve_button)
    due = london_today(ctx.now()).replace(year=london_today(ctx.now()).year + 1)
    assert f"follow-up is due on {format_date(due)}" in approving.status_label.text()

    # twelve months later the follow-up is due; a new CR fills it in
    reports = ReportsPage(services, case.supervisor)
    qtbot.addWidget(reports)
    reports.show()
    reports.activate()
    panel = reports.follow_ups
    assert panel.model.rowCount() == 0
    clock.advance(days=365)
    panel.refresh()
    assert panel.model.rowCount() == 1
    assert panel.list.count_label.text() == "1 follow-up"
    cr = add_cr(ctx, case.young_person_id, due - timedelta(days=10), "NEW-CR")
    with ctx.unit_of_work() as session:
        assert auto_fill_follow_up(
            session, case.supervisor, case.young_person_id, cr, due - timedelta(days=10), ctx.now()
        )
    panel.refresh()
    assert panel.model.rowCount() == 0


def test_the_referrals_page_opens_the_casework_dialogs(
    qtbot: QtBot, ctx: ServiceContext, services: Services
) -> None:
    case = make_case(ctx)
    page = ReferralsPage(services, case.caseworker)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    assert not page.casework.assessment_button.isEnabled()
    page.list.table.selectRow(0)
    assert page.selected_referral_id() == case.referral_id
    click(qtbot, page.casework.assessment_button)
    assert isinstance(page.casework.dialog, AssessmentDialog)
    page.casework.dialog.close()
    click(qtbot, page.casework.programme_button)
    assert isinstance(page.casework.dialog, ProgrammeDialog)
    assert page.casework.dialog.waiting.isVisible()
    page.casework.dialog.close()
    click(qtbot, page.casework.closure_button)
    assert isinstance(page.casework.dialog, ClosureDialog)
    page.casework.dialog.close()


def test_recording_a_follow_up_from_the_list(
    qtbot: QtBot, ctx: ServiceContext, services: Services, clock: MovableClock
) -> None:
    from diversion_app.domain.closure import ClosureForm
    from diversion_app.domain.enums import ClosureOutcome

    case = make_case(ctx)
    _signed_off(services, case)
    form = ClosureForm(ClosureOutcome.MOVED_OUT_OF_AREA, "Moved away.", london_today(ctx.now()))
    pending = services.closures.request(case.caseworker, case.referral_id, form)
    services.closures.approve(case.supervisor, pending.id)
    clock.advance(days=400)
    cr = add_cr(ctx, case.young_person_id, london_today(ctx.now()) - timedelta(days=60), "CD-1")
    reports = ReportsPage(services, case.caseworker)
    qtbot.addWidget(reports)
    reports.show()
    reports.activate()
    panel = reports.follow_ups
    tabs = reports.tabs.tabBar()
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(1).center())
    assert reports.tabs.currentWidget() is panel
    panel.list.table.selectRow(0)
    click(qtbot, panel.record_button)
    dialog = panel.dialog
    assert dialog is not None
    dialog.yes.setChecked(True)
    click(qtbot, dialog.record_button)
    assert dialog.problems.labels["details"].isVisible()
    assert dialog.new_cr.count() == 2
    choose(dialog.new_cr, dialog.new_cr.itemText(1))
    assert dialog.new_cr.currentText().startswith("CD-1, offence on ")
    qtbot.keyClicks(dialog.details, "Criminal damage in another county.")
    click(qtbot, dialog.record_button)
    assert not dialog.isVisible()
    assert panel.model.rowCount() == 0
    recorded = services.follow_ups.for_closure(case.caseworker, pending.id)
    assert recorded is not None and recorded.came_to_notice and not recorded.automatic
    assert recorded.community_resolution_id == cr


def test_the_referral_record_has_assessment_programme_and_closure_buttons(
    qtbot: QtBot, ctx: ServiceContext, services: Services
) -> None:
    import diversion_app.ui.casework.casework_buttons  # noqa: F401  (registers the buttons)
    from diversion_app.ui.referrals.referral_record import ReferralRecordView

    case = make_case(ctx)
    view = ReferralRecordView(services, case.caseworker, case.referral_id)
    qtbot.addWidget(view)
    view.show()
    buttons = {button.accessibleName(): button for button in view.findChildren(QPushButton)}
    click(qtbot, buttons["Assessment"])
    assert isinstance(view.open_dialog, AssessmentDialog)
    dialog = view.open_dialog
    for domain in AssessmentDomain:
        choose(dialog.ratings[domain], ConcernRating.SOME_CONCERN.label)
    choose(dialog.safety, "Medium")
    qtbot.keyClicks(dialog.young_person_views, "I want to do better.")
    qtbot.keyClicks(dialog.conclusion, "Mentoring.")
    with qtbot.waitSignal(view.changed, timeout=1000):
        click(qtbot, dialog.complete_button)
    assert "Status: Assessed" in view.summary.text()
    dialog.close()
    click(qtbot, buttons["Programme"])
    assert isinstance(view.open_dialog, ProgrammeDialog)
    view.open_dialog.close()
    click(qtbot, buttons["Close case"])
    assert isinstance(view.open_dialog, ClosureDialog)


def test_the_follow_ups_list_over_the_demo_data_is_a_sound_model(
    qtbot: QtBot, demo_services: Services, everyone: Actor, qtmodeltester: Any
) -> None:
    from diversion_app.ui.casework.follow_ups_panel import FollowUpsPanel

    panel = FollowUpsPanel(demo_services, everyone)
    qtbot.addWidget(panel)
    panel.refresh()
    due = panel.model.rowCount()
    assert due > 0
    qtmodeltester.check(panel.model)
    dates = [panel.model.row_at(row).due_on for row in range(due)]
    assert dates == sorted(dates)
    panel.upcoming.setChecked(True)
    assert panel.model.total > due
