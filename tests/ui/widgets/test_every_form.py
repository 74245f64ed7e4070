"""Table tests over every form and dialog: the keyboard stops at the schema's limits, dates
are the one UK date input, and Tab follows the screen.

Each test opens every window of ``every_form`` on one small demo database (the clock
standing still), does the same thing in each, and lists every window that fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from diversion_app.domain.text_input import TEXT_MAX_LENGTH
from diversion_app.services.base.text_guard import max_lengths
from diversion_app.ui.style import STYLE_SHEET
from diversion_app.ui.widgets import desk_policy
from diversion_app.ui.widgets.form_scaffold import FieldProblems, FormRows
from diversion_app.ui.widgets.uk_date import UkDateEdit
from diversion_app.ui.widgets.uk_time import UkTimeEdit
from tests.screenshot_support import scene
from tests.ui.widgets.every_form import every_form

SAVED_UNREGISTERED = {("sign in", "Username"): "username", ("programme", "Provider"): "provider"}
"""Single-line boxes saved to a ``String(n)`` column but not registered with the scaffold."""
DATE_LIKE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|dd/mm|date|born", re.IGNORECASE)


@pytest.fixture(scope="module")
def forms_scene(qapp: QApplication) -> Iterator[Any]:
    desk_policy.install(qapp)
    with scene(young_people=40) as sc:
        yield sc


def _each_window(forms_scene: Any) -> Iterator[tuple[str, QWidget]]:
    for name, factory in every_form(forms_scene):
        window = factory()
        window.setStyleSheet(window.styleSheet() or STYLE_SHEET)
        window.show()
        QApplication.processEvents()
        try:
            yield name, window
        finally:
            window.close()
            window.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _typeable(window: QWidget) -> list[QWidget]:
    """The window's text boxes a person types words into (not numbers, dates or passwords)."""
    found: list[QWidget] = []
    for edit in window.findChildren(QLineEdit):
        parent = edit.parentWidget()
        if isinstance(parent, QAbstractSpinBox | QComboBox) or isinstance(
            edit, UkDateEdit | UkTimeEdit
        ):
            continue
        if edit.isReadOnly() or edit.echoMode() != QLineEdit.EchoMode.Normal:
            continue
        if edit.isVisibleTo(window) and edit.isEnabled():
            found.append(edit)
    for box in window.findChildren(QPlainTextEdit) + window.findChildren(QTextEdit):
        if not box.isReadOnly() and box.isVisibleTo(window) and box.isEnabled():
            found.append(box)
    return found


def _registered_fields(window: QWidget) -> dict[int, str]:
    """id(widget) -> the service field name it was registered under with the scaffold."""
    fields: dict[int, str] = {}
    helpers: list[FieldProblems] = []
    for value in vars(window).values():
        if isinstance(value, FieldProblems):
            helpers.append(value)
    helpers += [rows.problems for rows in window.findChildren(FormRows)]
    for helper in helpers:
        for field, widget in helper.widgets.items():
            fields[id(widget)] = field
    return fields


def test_every_text_box_stops_typing_at_the_schema_limit(qtbot: QtBot, forms_scene: Any) -> None:
    failures: list[str] = []
    checked = 0
    for name, window in _each_window(forms_scene):
        registered = _registered_fields(window)
        for box in _typeable(window):
            label = box.accessibleName() or box.objectName() or type(box).__name__
            field = registered.get(id(box)) or SAVED_UNREGISTERED.get((name, label))
            expected = max_lengths().get(field, TEXT_MAX_LENGTH) if field else None
            if isinstance(box, QLineEdit):
                limit = box.maxLength()
                if expected is not None and limit != expected:
                    failures.append(f"{name} / {label}: stops at {limit}, schema says {expected}")
                if limit > TEXT_MAX_LENGTH:
                    failures.append(f"{name} / {label}: no limit ({limit})")
                    continue
                box.setText("x" * limit)
                box.end(False)
                qtbot.keyClicks(box, "yz")
                typed = len(box.text())
                box.clear()
            else:
                limit = int(box.property("max_length") or 0)
                if not limit:
                    failures.append(f"{name} / {label}: a notes box with no limit")
                    continue
                box.setPlainText("x" * limit)
                cursor = box.textCursor()
                cursor.movePosition(cursor.MoveOperation.End)
                box.setTextCursor(cursor)
                qtbot.keyClicks(box, "yz")
                typed = len(box.toPlainText())
                box.clear()
            checked += 1
            if typed != limit:
                failures.append(f"{name} / {label}: typing went on to {typed} (limit {limit})")
    assert checked > 60
    assert failures == []


def test_every_date_is_the_uk_date_input(forms_scene: Any) -> None:
    failures: list[str] = []
    dates = 0
    for name, window in _each_window(forms_scene):
        for widget in window.findChildren(QWidget):
            if isinstance(widget, QDateTimeEdit):  # QDateEdit and QTimeEdit are these too
                failures.append(f"{name}: a {type(widget).__name__} ({widget.accessibleName()})")
            elif isinstance(widget, UkDateEdit):
                dates += 1
            elif isinstance(widget, QLineEdit) and not isinstance(widget, UkTimeEdit):
                words = f"{widget.accessibleName()} {widget.placeholderText()}"
                searching = "search" in words.lower() or "search" in widget.objectName()
                if DATE_LIKE.search(words) and not searching:
                    failures.append(f"{name}: a plain text box for a date ({words.strip()})")
    assert dates >= 10
    assert failures == []


MAX_TABS = 400
ROW_TOLERANCE = 6
"""Pixels two controls may differ in height and still be on one line of the screen."""


def _box(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def _reads_after(before: QRect, after: QRect) -> bool:
    """``after`` comes later in reading order: lower down, further right on the same line,
    or in a column to the right of ``before``."""
    if after.top() >= before.bottom() - ROW_TOLERANCE:
        return True
    same_line = abs(after.center().y() - before.center().y()) <= max(
        ROW_TOLERANCE, min(after.height(), before.height()) // 2
    )
    if same_line and after.left() >= before.left():
        return True
    return after.left() >= before.right() - ROW_TOLERANCE  # the next column


def tab_walk(qtbot: QtBot, window: QWidget) -> tuple[list[QWidget], list[str]]:
    """Press Tab from the first field round the window; the controls visited and problems."""
    first = _top_left_control(window)
    problems: list[str] = []
    if first is None:
        return [], ["nothing takes the focus"]
    first.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    visited: list[QWidget] = []
    current = QApplication.focusWidget()
    for _step in range(MAX_TABS):
        if current is None or current.window() is not window:
            problems.append("Tab left the window")
            break
        if visited and current is visited[0]:
            break  # round the whole window
        visited.append(current)
        text_before = _text_of(current)
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        after = QApplication.focusWidget()
        if _text_of(current) != text_before and "\t" in (_text_of(current) or ""):
            problems.append(f"Tab typed a tab character in {_name(current)}")
        if after is current and len(visited) == 1 and not isinstance(current, QAbstractItemView):
            break  # the window's only control (a read-only record's Close)
        if after is current:
            kind = "a table" if isinstance(current, QAbstractItemView) else _name(current)
            problems.append(f"Tab stayed in {kind}")
            break
        current = after
    else:
        problems.append("Tab never came back round to the first field")
    return visited, problems


def _top_left_control(window: QWidget) -> QWidget | None:
    """Where reading the window starts: the control Tab stops at that is highest, then leftmost.

    The focus chain is a ring; the walk goes once round it from here.
    """
    stops: list[QWidget] = []
    widget = window.nextInFocusChain()
    while isinstance(widget, QWidget) and widget is not window and len(stops) < MAX_TABS:
        takes_tab = widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value
        if takes_tab and widget.isVisible() and widget.isEnabled() and widget.window() is window:
            stops.append(widget)
        widget = widget.nextInFocusChain()
    if not stops:
        return None
    return min(stops, key=lambda stop: (_box(stop).top(), _box(stop).left()))


def _text_of(widget: QWidget) -> str | None:
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QLineEdit):
        return widget.text()
    return None


def _name(widget: QWidget) -> str:
    return widget.accessibleName() or getattr(widget, "text", lambda: "")() or type(widget).__name__


def test_tab_follows_the_screen_and_reaches_the_buttons(qtbot: QtBot, forms_scene: Any) -> None:
    failures: list[str] = []
    for name, window in _each_window(forms_scene):
        visited, problems = tab_walk(qtbot, window)
        failures += [f"{name}: {problem}" for problem in problems]
        if not any(isinstance(widget, QAbstractButton) for widget in visited):
            failures.append(f"{name}: Tab never reaches a button")
        fields = [w for w in visited if w.isVisible()]
        for before, after in pairwise(fields):
            if isinstance(after, QAbstractButton) and isinstance(
                after.parentWidget(), QDialogButtonBox
            ):
                continue  # the dialog's button row: after the fields, in the platform's order
            if not _reads_after(_box(before), _box(after)):
                failures.append(f"{name}: Tab goes back up from {_name(before)} to {_name(after)}")
    assert failures == [], "\n".join(failures)


def _accept_button(window: QWidget) -> QAbstractButton | None:
    for box in window.findChildren(QDialogButtonBox):
        for button in box.buttons():
            role = box.buttonRole(button)
            if (
                role
                in (
                    QDialogButtonBox.ButtonRole.AcceptRole,
                    QDialogButtonBox.ButtonRole.YesRole,
                )
                and button.isVisible()
                and button.isEnabled()
            ):
                return button
    return None


def test_a_blank_save_is_refused_one_way_in_every_form(qtbot: QtBot, forms_scene: Any) -> None:
    from diversion_app.ui.widgets.form_scaffold import ANNOUNCER

    heard: list[str] = []
    ANNOUNCER.announced.connect(heard.append)
    failures: list[str] = []
    refused = 0
    try:
        for name, window in _each_window(forms_scene):
            button = _accept_button(window)
            if button is None or name in {"sign in", "export visits"}:
                continue
            for box in _typeable(window):  # a blank form: nothing typed at all
                if isinstance(box, QLineEdit):
                    box.clear()
            heard.clear()
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            if not window.isVisible():
                continue  # nothing was needed (a blank keep, a new visit's defaults)
            summaries = [
                label
                for label in window.findChildren(QWidget)
                if label.isVisible()
                and "Nothing was saved" in (getattr(label, "text", lambda: "")() or "")
            ]
            if not summaries:
                continue  # a form whose blank save is a plain question or message
            refused += 1
            if len(summaries) != 1:
                failures.append(f"{name}: {len(summaries)} summaries")
                continue
            lines = summaries[0].text().splitlines()
            if not lines[0].startswith("Nothing was saved. Fix the"):
                failures.append(f"{name}: the heading is {lines[0]!r}")
            shown = [
                label.text()
                for label in window.findChildren(QWidget)
                if label.isVisible() and hasattr(label, "text") and label is not summaries[0]
            ]
            for line in lines[1:]:
                if line in shown:
                    failures.append(f"{name}: {line!r} is shown twice")
            if len(heard) != 1 or not heard[0].startswith(lines[0]):
                failures.append(f"{name}: announced {heard!r}")
            focused = window.focusWidget()
            if focused is None or isinstance(focused, QAbstractButton):
                failures.append(f"{name}: the cursor is on {focused!r}, not on the first problem")
    finally:
        ANNOUNCER.announced.disconnect(heard.append)
    assert refused >= 8
    assert failures == [], "\n".join(failures)
