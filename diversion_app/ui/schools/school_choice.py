"""A combo of the active schools the user may record work for (a SPOC: their own area),
each shown with its area."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from diversion_app.domain.enums import Area
from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services


def school_combo(services: Services, actor: Actor, school_id: int | None = None) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName("School")
    combo.addItem("Choose the school…", None)
    # a SPOC records only in their own area: other areas' schools would be refused on save
    areas = {area for area in Area if services.school_work.may_record_in(actor, area)}
    for choice in services.school_work.school_choices(actor):
        if choice.area not in areas:
            continue
        combo.addItem(f"{choice.name} ({choice.area.label}; SPOC {choice.spoc})", choice.id)
    if school_id is not None:
        index = combo.findData(school_id)
        if index >= 0:
            combo.setCurrentIndex(index)
    return combo
