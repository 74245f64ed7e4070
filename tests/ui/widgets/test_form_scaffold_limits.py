"""The scaffold's limits: a notes box keeps at most its limit, cutting what was just typed or
pasted (never what was already there), and a registered line stops at its column's length."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from diversion_app.services.base.text_guard import max_lengths
from diversion_app.ui.widgets.form_scaffold import limit_text_box, limit_typing


def test_a_paste_in_the_middle_is_cut_and_what_was_there_is_kept(qtbot: QtBot) -> None:
    box = QPlainTextEdit()
    qtbot.addWidget(box)
    limit_text_box(box, 10)
    qtbot.keyClicks(box, "12345678")
    cursor = box.textCursor()
    cursor.setPosition(4)
    box.setTextCursor(cursor)
    box.insertPlainText("abcdef")  # a paste of six into room for two
    assert box.toPlainText() == "1234ab5678"
    qtbot.keyClicks(box, "z")
    assert box.toPlainText() == "1234ab5678"
    box.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(box, "\b")  # room for one again
    qtbot.keyClicks(box, "xy")
    assert box.toPlainText() == "1234ab567x"


def test_a_registered_line_stops_at_its_column(qtbot: QtBot) -> None:
    postcode = QLineEdit()
    qtbot.addWidget(postcode)
    limit_typing(postcode, "postcode")
    assert postcode.maxLength() == max_lengths()["postcode"] == 12
    qtbot.keyClicks(postcode, "SW1A 1AA EXTRA LONG")
    assert postcode.text() == "SW1A 1AA EXT"
    unknown = QLineEdit()
    qtbot.addWidget(unknown)
    limit_typing(unknown, "not_a_column")
    assert unknown.maxLength() == 32767  # not a stored text: left to the window's rules
