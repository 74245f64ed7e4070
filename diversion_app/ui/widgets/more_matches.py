"""The line under a young-person picker that says when only the first matches are shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QWidget


def more_matches_text(shown: int, total: int) -> str:
    """'' when every match is listed, else "Showing the first 20 of 143 — type more to narrow."."""
    if total <= shown:
        return ""
    return f"Showing the first {shown} of {total:,} — type more to narrow."


class MoreMatchesLabel(QLabel):
    """Hidden until a search finds more young people than the picker lists."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("More matches")
        self.setWordWrap(True)
        self.hide()

    def show_for(self, shown: int, limit: int, count: Callable[[], int]) -> None:
        """Say so when the list is full (only then is the total asked for)."""
        text = more_matches_text(shown, count()) if shown >= limit else ""
        self.setText(text)
        self.setVisible(bool(text))

    def clear_note(self) -> None:
        self.setText("")
        self.hide()
