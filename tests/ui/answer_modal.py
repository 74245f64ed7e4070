"""Answering a question box as a person would: read it, then press one of its buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot


def answer_when_asked(qtbot: QtBot, button_text: str, seen: list[str]) -> None:
    """When the next question box appears, add its words to ``seen`` and press
    ``button_text`` (an AssertionError if it has no such button)."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        for button in box.buttons():
            if button.text() == button_text:
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
                return
        raise AssertionError(f"no button {button_text!r}")

    QTimer.singleShot(20, answer)
