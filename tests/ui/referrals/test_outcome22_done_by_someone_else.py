"""The Outcome 22 "done" tick on a task someone else has just ticked is refused plainly.

The officer's dashboard lists the task; a supervisor, on another computer, marks it done;
the officer then presses "Mark Outcome 22 recorded" on the row still on screen: told who
did it and when, the tick is not recorded twice, and the list shows the task gone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from diversion_app.persistence.models import Referral
from diversion_app.services.registry import Services
from diversion_app.ui.referrals.outcome22_tasks import Outcome22Tasks
from tests.casework_helpers import make_case
from tests.conftest import MovableClock


def test_a_task_someone_else_marked_done_is_refused_naming_them(
    qtbot: QtBot, services: Services, their_services: Services, clock: MovableClock
) -> None:
    case = make_case(services.ctx)  # the supervisor made the referral: the task is theirs
    with services.ctx.unit_of_work() as session:
        referral = session.get(Referral, case.referral_id)
        assert referral is not None
        referral.outcome22_due_at = clock()
    tasks = Outcome22Tasks(services, case.supervisor, lambda _id: None)
    qtbot.addWidget(tasks)
    tasks.show()
    assert tasks.tasks.count() == 1

    clock.advance(minutes=11)
    their_services.police_outcome.mark_outcome22_recorded(case.second_supervisor, case.referral_id)

    qtbot.mouseClick(tasks.done_button, Qt.MouseButton.LeftButton)

    assert tasks.message.isVisible() and tasks.isVisible()
    assert tasks.message.text() == (
        "Not marked done: Sergeant Second changed this Outcome 22 task at 14:41 on "
        "28/11/2026, after you opened it. Look again before you decide."
    )
    assert tasks.tasks.count() == 0  # the list as it is now
    with services.ctx.read_only() as session:
        referral = session.get(Referral, case.referral_id)
        assert referral is not None
        assert referral.outcome22_done_by_id == case.second_supervisor.user_id
