"""QA: a blank referral form names everything to fix at once, not only the young person,
and keeps what was typed."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.ui.referrals.referral_form import ReferralForm


def test_a_blank_referral_names_every_missing_item(
    qtbot: QtBot, services: Services, everyone: Actor
) -> None:
    form = ReferralForm(services, everyone)
    qtbot.addWidget(form)
    form.show()
    assert form.referrer_name.text() == everyone.display_name  # an officer refers as themself
    form.referrer_name.clear()
    qtbot.keyClicks(form.referrer_contact, "01632 960000")
    form.save()
    shown = {field for field, label in form.errors.labels.items() if label.isVisible()}
    assert {"young_person_id", "referrer_name", "reasons", "offence_details"} <= shown
    assert form.errors.labels["reasons"].text() == "Choose at least one reason for the referral."
    assert form.referrer_contact.text() == "01632 960000"
    assert form.isVisible()
