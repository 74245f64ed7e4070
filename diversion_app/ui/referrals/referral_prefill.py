"""Open the referral form (issue 4's ``ReferralForm``) already filled in from what is known.

Used when a young person comes to notice again: the young person, the offence (the new
Community Resolution) and the officer are filled in, and the officer checks and saves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from PySide6.QtWidgets import QWidget

from diversion_app.domain.enums import Pathway, ReferralReason, ReferralSource
from diversion_app.domain.timekeeping import format_date
from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.ui.referrals.referral_form import ReferralForm
from diversion_app.ui.widgets.form_scaffold import select_data


@dataclass(frozen=True)
class ReferralPrefill:
    """What the screen opening the form already knows."""

    young_person_id: int
    pathway: Pathway = Pathway.DIVERSION
    source: ReferralSource = ReferralSource.POLICE
    referrer_name: str = ""
    referrer_contact: str = ""
    reasons: tuple[ReferralReason, ...] = field(default_factory=tuple)
    community_resolution_id: int | None = None
    offence_details: str = ""
    offence_date: date | None = None


def prefilled_referral_form(
    services: Services, actor: Actor, prefill: ReferralPrefill, parent: QWidget | None = None
) -> ReferralForm:
    """A referral form for the young person with everything in ``prefill`` filled in."""
    form = ReferralForm(services, actor, parent, young_person_id=prefill.young_person_id)
    select_data(form.pathway, prefill.pathway)
    select_data(form.source, prefill.source)
    form.referrer_name.setText(prefill.referrer_name)
    form.referrer_contact.setText(prefill.referrer_contact)
    for reason in prefill.reasons:
        form.reason_boxes[reason].setChecked(True)
    if prefill.community_resolution_id is not None:
        select_data(form.community_resolution, prefill.community_resolution_id)
    form.offence_details.setPlainText(prefill.offence_details)
    if prefill.offence_date is not None:
        form.offence_date.setText(format_date(prefill.offence_date))
    return form
