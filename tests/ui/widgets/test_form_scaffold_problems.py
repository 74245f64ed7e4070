"""A form's summary drawn below the fold of its scroll area is scrolled into view when a
save is refused (a small screen at 150% must still show why nothing was saved)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from diversion_app.ui.widgets.form_scaffold import show_message, show_problems


def _tall_form(qtbot: QtBot) -> tuple[QScrollArea, QLabel]:
    area = QScrollArea()
    qtbot.addWidget(area)
    body = QWidget()
    column = QVBoxLayout(body)
    for line in range(40):
        column.addWidget(QLabel(f"Field {line}"))
    summary = QLabel()
    column.addWidget(summary)
    area.setWidget(body)
    area.setWidgetResizable(True)
    area.resize(300, 200)
    area.show()
    qtbot.waitExposed(area)
    return area, summary


def _on_screen(area: QScrollArea, label: QLabel) -> bool:
    top = label.mapTo(area.widget(), label.rect().topLeft()).y()
    shown_from = area.verticalScrollBar().value()
    return shown_from <= top and top + label.height() <= shown_from + area.viewport().height()


def test_a_refusal_below_the_fold_is_scrolled_into_view(qtbot: QtBot) -> None:
    area, summary = _tall_form(qtbot)
    assert not _on_screen(area, summary)
    show_problems(summary, {}, {"start_at": "Type the date of the visit."})
    qtbot.waitUntil(lambda: _on_screen(area, summary))
    area.verticalScrollBar().setValue(0)
    show_message(summary, {}, "This referral is closed.")
    qtbot.waitUntil(lambda: _on_screen(area, summary))
