"""The Community Resolution form records the victim's part in restorative justice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from diversion_app.domain.enums import VictimType
from diversion_app.domain.snapshot import Answer
from diversion_app.persistence.models import CommunityResolution
from diversion_app.services.registry import Services
from diversion_app.ui.people.community_resolution_dialog import CommunityResolutionDialog
from tests.integration.people.test_young_people_workflow import MIA
from tests.ui.people.test_young_people_workflow_ui import OFFICER, fill_cr


def test_the_victims_restorative_justice_answers_are_saved_and_checked(
    qtbot: QtBot, services: Services
) -> None:
    mia = services.young_person_editor.create(OFFICER, MIA)
    dialog = CommunityResolutionDialog(services, OFFICER, mia.id, "Mia Okafor")
    qtbot.addWidget(dialog)
    dialog.show()
    fill_cr(qtbot, dialog, "CR/26/007777", "01/11/2026")
    dialog.victim_type.setCurrentIndex(dialog.victim_type.findData(VictimType.NONE))
    dialog.victim_rj.offered.set_value(Answer.YES)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "no victim" in dialog.form.problem_text("victim_rj")
    with services.ctx.read_only() as session:
        assert session.query(CommunityResolution).count() == 0
    dialog.victim_type.setCurrentIndex(dialog.victim_type.findData(VictimType.PERSON))
    dialog.victim_rj.took_part.set_value(Answer.NO)
    dialog.victim_rj.views.set_value(Answer.YES)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with services.ctx.read_only() as session:
        saved = session.query(CommunityResolution).one()
        assert saved.outcome_code.value == "8"
        answers = (
            saved.victim_rj_offered,
            saved.victim_rj_took_part,
            saved.victim_views_considered,
        )
    assert answers == (Answer.YES, Answer.NO, Answer.YES)
