"""The 48-hour clock shown prominently on a record: state in words and colour, due time.

When the clock's state changes while the record is open (on track -> due soon -> overdue,
or met), the badge announces the new state to a screen reader, as the overdue banner does.
The first reading of a record is not announced: it is read with the rest of the window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from diversion_app.domain.clock import ClockReading
from diversion_app.ui.referrals.clock_style import clock_background, clock_foreground, clock_text
from diversion_app.ui.widgets.form_scaffold import announce


def clock_line(reading: ClockReading) -> str:
    """'Due soon: 11 h 20 m left, due 30/11/2026 14:30 (UK time)'."""
    return f"{clock_text(reading)} — due {reading.due_text} (UK time)"


class ClockBadge(QLabel):
    """A coloured panel saying the clock's state and time in words (never colour alone)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clockBadge")
        self.setAccessibleName("48-hour contact clock")
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setWordWrap(True)
        self.reading: ClockReading | None = None

    def set_reading(self, reading: ClockReading) -> None:
        before = self.reading
        self.reading = reading
        text = f"48-hour contact clock: {clock_line(reading)}"
        if before is not None and before.state is not reading.state:
            announce(self, f"The 48-hour contact clock has changed: {clock_line(reading)}")
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setStyleSheet(
            f"QLabel#clockBadge {{ color: {clock_foreground(reading)};"
            f" background: {clock_background(reading)}; font-size: 12pt; font-weight: 600;"
            " padding: 8px 12px; border-radius: 6px; }"
        )
