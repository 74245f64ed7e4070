"""Every window fits the screen it opens on: a laptop at 1366x768, or the same at 150%.

``fit_window`` is applied to each of the application's own windows and dialogs when it is
first shown (``desk_policy`` does that for every window, so a new dialog needs no code):

- the body of a dialog or record window goes into a scroll area, while the row of buttons
  at the bottom (Save, Cancel, Close) stays outside it, always in view;
- the window's size (and any fixed minimum) is bounded by the screen's available area,
  and the window is moved back onto the screen if it would hang off an edge.

Qt's own boxes (messages, file choosers, progress) are left as Qt draws them.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QDialogButtonBox,
    QFrame,
    QLayout,
    QLayoutItem,
    QMainWindow,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

FITTED_PROPERTY = "diversionFitted"
BODY_NAME = "fittedBody"


def available_area(widget: QWidget | None = None) -> QRect:
    """The part of the screen a window may use (without task bars), in logical pixels."""
    screen = widget.screen() if widget is not None else None
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 698)


def is_ours(widget: QWidget) -> bool:
    """A window this application defines (not a Qt message box or file chooser)."""
    return type(widget).__module__.startswith("diversion_app.")


def fit_window(window: QWidget) -> None:
    """Scroll the body and bound the size of ``window`` (once; later calls only re-bound)."""
    if window.property(FITTED_PROPERTY):
        bound_to_screen(window, window.size())
        return
    window.setProperty(FITTED_PROPERTY, True)
    wanted = window.size() if window.testAttribute(Qt.WidgetAttribute.WA_Resized) else None
    if wanted is None:
        wanted = window.sizeHint()
    if not isinstance(window, QMainWindow) and is_ours(window):
        scroll_body(window)
    bound_to_screen(window, wanted)


def bound_to_screen(window: QWidget, wanted: QSize) -> None:
    """Resize ``window`` to ``wanted`` but no larger than the screen, and keep it on it."""
    area = available_area(window)
    frame_extra = window.frameGeometry().size() - window.geometry().size()
    room = QSize(
        max(200, area.width() - max(0, frame_extra.width())),
        max(150, area.height() - max(0, frame_extra.height())),
    )
    if window.minimumWidth() > room.width():
        window.setMinimumWidth(room.width())
    if window.minimumHeight() > room.height():
        window.setMinimumHeight(room.height())
    size = QSize(min(wanted.width(), room.width()), min(wanted.height(), room.height()))
    size = size.expandedTo(window.minimumSize())
    window.resize(size)
    x = min(max(window.x(), area.left()), area.right() - size.width() + 1)
    y = min(max(window.y(), area.top()), area.bottom() - size.height() + 1)
    if (x, y) != (window.x(), window.y()):
        window.move(x, y)


def _is_button_row(item: QLayoutItem | None) -> bool:
    """A button box, or a row holding only buttons, button boxes and space."""
    if item is None:
        return False
    if isinstance(item.widget(), QDialogButtonBox):
        return True
    row = item.layout()
    if row is None:
        return False
    widgets = [row.itemAt(i).widget() for i in range(row.count())]  # type: ignore[union-attr]
    shown = [widget for widget in widgets if widget is not None]
    return bool(shown) and all(
        isinstance(widget, (QAbstractButton, QDialogButtonBox)) for widget in shown
    )


def scroll_body(window: QWidget) -> QScrollArea | None:
    """Move everything above the bottom button row of ``window`` into a scroll area.

    The window's layout is handed whole to a body widget (Qt moves its widgets with it);
    the last row, when it holds only buttons, is then moved back out, under the scroll area.
    """
    layout = window.layout()
    if not isinstance(layout, QBoxLayout) or layout.count() == 0:
        return None
    items = [layout.itemAt(i) for i in range(layout.count())]
    if any(item is not None and isinstance(item.widget(), QScrollArea) for item in items):
        return None  # the window already scrolls its body
    last = layout.itemAt(layout.count() - 1)
    button_box: QWidget | None = None
    button_row: QLayout | None = None
    if _is_button_row(last):
        assert last is not None
        button_box = last.widget()
        button_row = last.layout()
        if button_box is not None:
            layout.removeWidget(button_box)
        elif button_row is not None:
            layout.removeItem(button_row)
            button_row.setParent(None)
    margins = layout.contentsMargins()
    body = QWidget(window)  # made with a parent, so that Qt (not Python) owns it
    body.setObjectName(BODY_NAME)
    body.setLayout(layout)  # Qt takes the layout (and its widgets) from the window
    layout.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea(window)
    scroll.setObjectName("fittedScroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setWidget(body)
    outer = QVBoxLayout(window)
    outer.setContentsMargins(margins)
    outer.addWidget(scroll, 1)
    if button_box is not None:
        outer.addWidget(button_box)
    elif button_row is not None:
        outer.addLayout(button_row)
    scroll.show()
    return scroll


def page_scroller(pages: QWidget) -> QScrollArea:
    """The main window's pages in a scroll area: a page wider or taller than a small
    screen scrolls instead of pushing the window off it."""
    scroll = QScrollArea()
    scroll.setObjectName("pageScroller")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setWidget(pages)
    return scroll


def grow_to_content(window: QWidget) -> None:
    """After the body grew (problems shown under fields): make the window tall and wide
    enough to show all of it, as far as the screen allows; beyond that the body scrolls."""
    scroll = window.findChild(QScrollArea, "fittedScroll")
    body = scroll.widget() if scroll is not None else None
    if scroll is None or body is None:
        wanted = window.sizeHint().expandedTo(window.size())
    else:
        extra_width = window.width() - scroll.viewport().width()
        extra_height = window.height() - scroll.viewport().height()
        hint = body.sizeHint()
        wanted = QSize(
            max(window.width(), hint.width() + extra_width),
            max(window.height(), hint.height() + extra_height),
        )
    bound_to_screen(window, wanted)
