"""Rules every window follows without each form having to remember them.

Installed once on the application (``install``), it watches two moments in a widget's life:

- when a widget is first polished: lists and tables give Tab back to the window (Tab moves
  to the next control, arrows move between cells), multi-line text boxes move on at Tab
  instead of typing a tab character (Ctrl+Tab still types one), and a text box no form
  registered with the scaffold stops typing at the longest text the schema stores
  (``form_scaffold.limit_any_text``);
- when one of the application's windows is first shown: it is fitted to the screen
  (``screen_fit``), a scroll area holding fields is no Tab stop of its own
  (``form_scaffold.quiet_scroll_areas``) and, if nothing asked for the focus, the cursor
  goes to the first field rather than to the Save button.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTextEdit,
    QWidget,
)

from diversion_app.ui.widgets.form_scaffold.limits import limit_any_text
from diversion_app.ui.widgets.form_scaffold.tab_order import quiet_scroll_areas
from diversion_app.ui.widgets.screen_fit import fit_window, is_ours

_POLISH = QEvent.Type.Polish
_SHOW = QEvent.Type.Show
_WINDOW_TYPES = (Qt.WindowType.Window, Qt.WindowType.Dialog)
MAX_CHAIN = 5000
"""Widgets looked at for the first field (a window's focus chain is far shorter)."""


def apply_keyboard_rules(widget: QObject) -> None:
    """Tab leaves tables and text boxes (read-only ones included); text stops at its limit."""
    if isinstance(widget, QAbstractItemView):
        widget.setTabKeyNavigation(False)
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
        widget.setTabChangesFocus(True)
        limit_any_text(widget)
    elif isinstance(widget, QLineEdit):
        limit_any_text(widget)


def first_field(window: QWidget) -> QWidget | None:
    """The first control in the window's tab order that takes typing or a choice."""
    widget = window.nextInFocusChain()
    for _step in range(MAX_CHAIN):
        if not isinstance(widget, QWidget) or widget is window:
            return None  # round the chain (or a widget going away): nothing to focus
        if (
            widget.isVisibleTo(window)
            and widget.isEnabled()
            and widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value
            and not isinstance(widget, (QAbstractButton, QScrollArea))
            and widget.window() is window
        ):
            return widget
        widget = widget.nextInFocusChain()
    return None


def focus_first_field(window: QWidget) -> None:
    """Unless the window chose its own focus, put the cursor in its first field."""
    if not shiboken6.isValid(window) or not window.isVisible():
        return
    current = window.focusWidget()
    on_button_row = current is None or (
        isinstance(current, QAbstractButton) and isinstance(current.parent(), QDialogButtonBox)
    )
    if not on_button_row:
        return
    target = first_field(window)
    if target is not None:
        target.setFocus()


def _is_our_window(widget: QWidget) -> bool:
    return widget.isWindow() and is_ours(widget) and widget.windowType() in _WINDOW_TYPES


class DeskPolicy(QObject):
    """The application-wide event filter (see the module's docstring)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == _POLISH:
            apply_keyboard_rules(watched)
        elif kind == _SHOW and isinstance(watched, QWidget) and _is_our_window(watched):
            first_time = not watched.property("diversionFitted")
            fit_window(watched)
            if first_time:
                quiet_scroll_areas(watched)
                QTimer.singleShot(0, watched, lambda window=watched: focus_first_field(window))
        return False


def install(app: QApplication | None = None) -> DeskPolicy:
    """Install the policy on the application once; returns the one in place."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    assert isinstance(app, QApplication)
    existing = app.findChild(DeskPolicy)
    if isinstance(existing, DeskPolicy):
        return existing
    policy = DeskPolicy(app)
    app.installEventFilter(policy)
    return policy
