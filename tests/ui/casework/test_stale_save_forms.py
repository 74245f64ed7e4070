"""Casework and school forms opened, changed by someone else, then saved: refused, reloaded.

Each test opens a form as person A, has person B save a change through a second set of
services on its own connection to the same file, then types in A's form and presses Save
as a person would: the refusal names B, the reload shows B's change with A's typing
beside it, and the database keeps B's change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from diversion_app.domain.closure import ClosureForm
from diversion_app.domain.enums import (
    Area,
    ClosureOutcome,
    ClosureStatus,
    InterventionType,
    ReferralStatus,
    Role,
    SchoolAction,
    SchoolConcernType,
    SchoolType,
    VisitStatus,
)
from diversion_app.domain.programme import InterventionForm
from diversion_app.domain.school_rules import SchoolDraft
from diversion_app.domain.timekeeping import london_today
from diversion_app.services.casework.visits import VisitOutcome
from diversion_app.services.registry import Services
from diversion_app.services.schools.work import ActionDraft, SchoolReferralDraft
from diversion_app.ui.casework.assessment_form import AssessmentDialog
from diversion_app.ui.casework.closure_form import ClosureDialog
from diversion_app.ui.casework.programme_form import ProgrammeDialog
from diversion_app.ui.casework.visit_outcome import OutcomeDialog
from diversion_app.ui.schools.school_referral_form import SchoolReferralDialog
from diversion_app.ui.widgets.stale_save import RELOAD_TEXT
from tests.casework_helpers import Case, add_visit, full_form, make_case
from tests.conftest import MovableClock
from tests.factories import add_user
from tests.integration.school_fixtures import add_spoc, pupil
from tests.ui.answer_modal import answer_when_asked


@dataclass
class Two:
    mine: Services
    theirs: Services
    clock: MovableClock


@pytest.fixture
def two(services: Services, their_services: Services, clock: MovableClock) -> Two:
    """Person B's services: a second engine on the same database file."""
    return Two(services, their_services, clock)


def _save_and_reload(qtbot: QtBot, button: QPushButton) -> str:
    """Press Save; answer the refusal with the reload; return the refusal's words."""
    seen: list[str] = []
    answer_when_asked(qtbot, RELOAD_TEXT, seen)
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen))
    return seen[0]


def _completed(two: Two) -> Case:
    case = make_case(two.mine.ctx)
    today = london_today(two.clock())
    two.mine.assessments.complete(case.caseworker, case.referral_id, full_form(today))
    return case


def test_the_assessment_form(qtbot: QtBot, two: Two) -> None:
    case = make_case(two.mine.ctx)
    today = london_today(two.clock())
    two.mine.assessments.save_draft(case.caseworker, case.referral_id, full_form(today))
    dialog = AssessmentDialog(two.mine, case.caseworker, case.referral_id)
    qtbot.addWidget(dialog)
    dialog.show()

    two.clock.advance(minutes=5)
    two.theirs.assessments.save_draft(
        case.supervisor, case.referral_id, full_form(today, strengths="Loves football")
    )
    dialog.conclusion.clear()
    qtbot.keyClicks(dialog.conclusion, "Casey's own conclusion")
    words = _save_and_reload(qtbot, dialog.save_button)

    assert words.startswith("Sam Supervisor changed this whole-family assessment at")
    assert dialog.isVisible()
    assert dialog.strengths.toPlainText() == "Loves football"  # B's change shown
    panel = dialog.your_typing
    assert panel.isVisible() and set(panel.use_buttons) == {"conclusion"}
    assert "draft saved" not in dialog.status_label.text()
    saved = two.mine.assessments.for_referral(case.supervisor, case.referral_id).form
    assert saved.strengths == "Loves football" and saved.conclusion != "Casey's own conclusion"

    qtbot.mouseClick(panel.use_buttons["conclusion"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    both = two.mine.assessments.for_referral(case.supervisor, case.referral_id).form
    assert (both.strengths, both.conclusion) == ("Loves football", "Casey's own conclusion")


def test_the_programme_form(qtbot: QtBot, two: Two) -> None:
    case = _completed(two)
    review = london_today(two.clock()) + timedelta(days=30)
    two.mine.programmes.save_programme(case.caseworker, case.referral_id, "Stay in school.", review)
    dialog = ProgrammeDialog(two.mine, case.caseworker, case.referral_id)
    qtbot.addWidget(dialog)
    dialog.show()

    two.clock.advance(minutes=5)
    two.theirs.programmes.save_programme(
        case.supervisor, case.referral_id, "Stay in school; repair the harm.", review
    )
    dialog.goals.clear()
    qtbot.keyClicks(dialog.goals, "Join the football club.")
    words = _save_and_reload(qtbot, dialog.save_goals_button)

    assert words.startswith("Sam Supervisor changed this personal programme at")
    assert dialog.goals.toPlainText() == "Stay in school; repair the harm."
    assert set(dialog.your_typing.use_buttons) == {"goals"}
    view = two.mine.programmes.for_referral(case.supervisor, case.referral_id)
    assert view.goals == "Stay in school; repair the harm."


def test_the_assessment_reload_offers_back_the_took_part_ticks(qtbot: QtBot, two: Two) -> None:
    case = make_case(two.mine.ctx)
    today = london_today(two.clock())
    two.mine.assessments.save_draft(case.caseworker, case.referral_id, full_form(today))
    dialog = AssessmentDialog(two.mine, case.caseworker, case.referral_id)
    qtbot.addWidget(dialog)
    dialog.show()

    two.clock.advance(minutes=5)
    two.theirs.assessments.save_draft(
        case.supervisor,
        case.referral_id,
        full_form(today, strengths="Loves football", participant_ids=(case.grandparent_id,)),
    )
    ticked = {}
    for row in range(dialog.participants.count()):  # A ticks the mother, as a person would
        item = dialog.participants.item(row)
        ticked[item.text()] = item
    mother = ticked["Mary Example (mother)"]
    rect = dialog.participants.visualItemRect(mother)
    qtbot.mouseClick(
        dialog.participants.viewport(), Qt.MouseButton.LeftButton, pos=rect.topLeft() + QPoint(8, 8)
    )
    assert mother.checkState() == Qt.CheckState.Checked
    _save_and_reload(qtbot, dialog.save_button)

    now_ticked = {
        dialog.participants.item(row).text()
        for row in range(dialog.participants.count())
        if dialog.participants.item(row).checkState() == Qt.CheckState.Checked
    }
    assert now_ticked == {"Grace Example (grandparent)"}  # what B saved
    panel = dialog.your_typing
    assert "participants" in panel.use_buttons
    assert "you typed “Mary Example (mother)”" in panel.findChildren(QLabel)[1].text()
    qtbot.mouseClick(panel.use_buttons["participants"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = two.mine.assessments.for_referral(case.supervisor, case.referral_id).form
    assert saved.participant_ids == (case.mother_id,)
    assert saved.strengths == "Loves football"


def test_the_programme_reload_keeps_the_session_being_recorded(qtbot: QtBot, two: Two) -> None:
    case = _completed(two)
    review = london_today(two.clock()) + timedelta(days=30)
    two.mine.programmes.save_programme(case.caseworker, case.referral_id, "Stay in school.", review)
    two.mine.programmes.add_intervention(
        case.caseworker, case.referral_id, InterventionForm(InterventionType.MENTORING, 4)
    )
    add_visit(two.mine.ctx, case.referral_id, two.clock() - timedelta(days=1))
    dialog = ProgrammeDialog(two.mine, case.caseworker, case.referral_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectRow(0)  # the intervention whose session is being recorded
    assert dialog.attendance_box.isEnabled()

    two.clock.advance(minutes=5)
    two.theirs.programmes.save_programme(
        case.supervisor, case.referral_id, "Stay in school; repair the harm.", review
    )
    dialog.visit.setCurrentIndex(1)  # the session was yesterday's diary visit
    chosen_visit = dialog.visit.currentText()
    qtbot.mouseClick(dialog.missed, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.session_notes, "Waited twenty minutes")
    dialog.goals.clear()
    qtbot.keyClicks(dialog.goals, "Join the football club.")
    _save_and_reload(qtbot, dialog.save_goals_button)

    panel = dialog.your_typing
    assert set(panel.use_buttons) == {"goals", "visit"}  # the diary list was read again
    assert dialog.session_notes.text() == "Waited twenty minutes"
    assert dialog.missed.isChecked()
    qtbot.mouseClick(panel.use_buttons["visit"], Qt.MouseButton.LeftButton)
    assert dialog.visit.currentText() == chosen_visit


def test_the_closure_form_when_someone_else_asked_first(qtbot: QtBot, two: Two) -> None:
    case = make_case(two.mine.ctx)
    today = london_today(two.clock())
    dialog = ClosureDialog(two.mine, case.caseworker, case.referral_id)
    qtbot.addWidget(dialog)
    dialog.show()

    two.clock.advance(minutes=5)
    two.theirs.closures.request(
        case.supervisor,
        case.referral_id,
        ClosureForm(ClosureOutcome.MOVED_OUT_OF_AREA, "Family moved away.", today),
    )
    dialog.outcome.set_value(ClosureOutcome.OTHER)
    qtbot.keyClicks(dialog.exit_summary, "Casey's summary")
    words = _save_and_reload(qtbot, dialog.request_button)

    assert words.startswith("Sam Supervisor changed this closure request at")
    assert "Sam Supervisor asked for closure" in dialog.status_label.text()
    assert dialog.exit_summary.toPlainText() == "Casey's summary"  # the typing is kept
    latest = two.mine.closures.for_referral(case.supervisor, case.referral_id).latest
    assert latest is not None and latest.exit_summary == "Family moved away."


def test_the_closure_approval_when_someone_else_returned_it(qtbot: QtBot, two: Two) -> None:
    case = make_case(two.mine.ctx)
    today = london_today(two.clock())
    made = two.mine.closures.request(
        case.caseworker,
        case.referral_id,
        ClosureForm(ClosureOutcome.MOVED_OUT_OF_AREA, "Family moved away.", today),
    )
    dialog = ClosureDialog(two.mine, case.supervisor, case.referral_id)
    qtbot.addWidget(dialog)
    dialog.show()

    two.clock.advance(minutes=5)
    two.theirs.closures.return_for_changes(case.second_supervisor, made.id, "Where to?")
    words = _save_and_reload(qtbot, dialog.approve_button)

    assert words.startswith("Not approved: Sergeant Second changed this closure request at")
    assert words.endswith("Look again before you decide.")  # words for a decision
    assert not dialog.decision_box.isVisible()  # nothing left to decide
    assert "returned" in dialog.status_label.text()
    latest = two.mine.closures.for_referral(case.supervisor, case.referral_id).latest
    assert latest is not None and latest.status is ClosureStatus.RETURNED
    assert two.mine.referral_record.record(case.supervisor, case.referral_id).status is not (
        ReferralStatus.CLOSED
    )


def test_the_visit_outcome_form(qtbot: QtBot, two: Two) -> None:
    case = make_case(two.mine.ctx)
    visit_id = add_visit(two.mine.ctx, case.referral_id, two.clock() - timedelta(hours=3))
    dialog = OutcomeDialog(
        two.mine, case.caseworker, two.mine.visits.visit(case.caseworker, visit_id)
    )
    qtbot.addWidget(dialog)
    dialog.show()

    two.clock.advance(minutes=5)
    two.theirs.visits.record_outcome(
        case.supervisor,
        visit_id,
        VisitOutcome(VisitStatus.CANCELLED, cancelled_by="Family", notes="Ill"),
    )
    qtbot.mouseClick(dialog.did_not_attend, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.notes, "Nobody answered")
    words = _save_and_reload(qtbot, dialog.save_button)

    assert words.startswith("Sam Supervisor changed this visit at")
    assert dialog.isVisible() and "(cancelled)" in dialog.heading.text()
    assert dialog.notes.toPlainText() == "Nobody answered"
    visit = two.mine.visits.visit(case.supervisor, visit_id)
    assert visit.status is VisitStatus.CANCELLED and visit.outcome_notes == "Ill"


def test_the_school_referral_form(qtbot: QtBot, two: Two) -> None:
    admin = add_user(two.mine.ctx, "admin.a", "Alex Admin", Role.ADMINISTRATOR)
    spoc = add_spoc(two.mine.ctx, "spoc.s", "PCSO South", Area.SOUTH)
    supervisor = add_user(two.mine.ctx, "sup.s", "Sky Supervisor", Role.SUPERVISOR)
    school = two.mine.school_admin.create_school(
        admin, SchoolDraft("Hillside", Area.SOUTH, SchoolType.ACADEMY)
    )
    person = pupil(two.mine, spoc, school.id, "Mo", date(2012, 2, 2))
    record = two.mine.school_work.record_school_referral(
        spoc,
        SchoolReferralDraft(
            school_id=school.id,
            young_person_id=person,
            concern_date=london_today(two.clock()) - timedelta(days=1),
            raised_by="Head of Year 8",
            concern_type=SchoolConcernType.BULLYING,
            description="Name-calling in the playground.",
        ),
    )
    dialog = SchoolReferralDialog(two.mine, spoc, record.id)
    qtbot.addWidget(dialog)
    dialog.show()

    two.clock.advance(minutes=5)
    two.theirs.school_work.take_action(
        supervisor, record.id, ActionDraft(SchoolAction.ADVICE, notes="Sky gave advice")
    )
    dialog.action.action.set_value(SchoolAction.REFER_OTHER_SERVICE)
    qtbot.keyClicks(dialog.action.notes, "School nurse")
    words = _save_and_reload(qtbot, dialog.record_action)

    assert words.startswith("Sky Supervisor changed this school referral at")
    assert "Sky gave advice" in dialog.details.text()
    assert not dialog.record_action.isVisible()  # the action is recorded now
    saved = two.mine.school_work.school_referral(spoc, record.id)
    assert saved.action is SchoolAction.ADVICE and saved.action_notes == "Sky gave advice"
