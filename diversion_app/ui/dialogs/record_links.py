"""Opening the YOS referral a school referral became, from the school liaison screens."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from diversion_app.domain.timekeeping import format_datetime
from diversion_app.services.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.ui.widgets.clock_style import clock_text


def open_referral(services: Services, actor: Actor, referral_id: int, parent: QWidget) -> QWidget:
    """Show the referral: its pathway, status, caseworker and 48-hour clock."""
    row = services.school_work.yos_referral(actor, referral_id)
    box = QMessageBox(parent)
    box.setWindowTitle(f"Referral {row.id}")
    box.setIcon(QMessageBox.Icon.Information)
    box.setText(
        f"Referral {row.id} for {row.young_person}\n"
        f"{row.pathway.label} pathway, from {row.source.label}\n"
        f"Status: {row.status.label}; caseworker: {row.caseworker}\n"
        f"Received {format_datetime(row.received_at)}\n"
        f"48-hour contact clock: {clock_text(row.clock)} (due {row.clock.due_text})"
    )
    box.open()
    return box
