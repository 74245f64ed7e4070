"""QA helper: the Alt+letter mnemonics visible at once in a window, and any letter used twice."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenuBar, QTabWidget, QWidget


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def clashing_mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Letters that more than one visible control answers to (Alt+letter is then ambiguous)."""
    seen: dict[str, list[str]] = {}
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        texts: list[str] = []
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None
        if isinstance(widget, QAbstractButton) or labelled:
            texts = [widget.text()]  # type: ignore[attr-defined]
        elif isinstance(widget, QGroupBox):
            texts = [widget.title()]
        elif isinstance(widget, QTabWidget):
            texts = [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QMenuBar):
            texts = [action.text() for action in widget.actions()]
        for text in texts:
            letter = mnemonic(text)
            if letter is not None:
                seen.setdefault(letter, []).append(text)
    return {letter: texts for letter, texts in seen.items() if len(texts) > 1}
