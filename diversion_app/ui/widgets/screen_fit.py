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


def _is_button_row(item: QLayoutItem) -> bool:
    widget = item.widget()
    if isinstance(widget, QDialogButtonBox):
        return True
    layout = item.layout()
    if layout is None:
        return False
    children = (layout.itemAt(i) for i in range(layout.count()))
    return any(
        child is not None and isinstance(child.widget(), QDialogButtonBox) for child in children
    )


def scroll_body(window: QWidget) -> QScrollArea | None:
    """Move everything above the bottom button row of ``window`` into a scroll area."""
    layout = window.layout()
    if not isinstance(layout, QBoxLayout) or layout.count() == 0:
        return None
    taken: list[tuple[QLayoutItem, int]] = []
    while layout.count():
        stretch = layout.stretch(0)
        item = layout.takeAt(0)
        if item is not None:
            taken.append((item, stretch))
    tail: list[tuple[QLayoutItem, int]] = []
    while taken and _is_button_row(taken[-1][0]):
        tail.insert(0, taken.pop())
    already_scrolls = len(taken) == 1 and isinstance(taken[0][0].widget(), QScrollArea)
    if not taken or already_scrolls:
        for item, stretch in taken + tail:
            _put_back(layout, item, stretch)
        return None
    body = QWidget()
    body.setObjectName(BODY_NAME)
    body_layout = QVBoxLayout(body)
    body_layout.setContentsMargins(0, 0, 0, 0)
    body_layout.setSpacing(layout.spacing())
    for item, stretch in taken:
        _put_back(body_layout, item, stretch)
    scroll = QScrollArea()
    scroll.setObjectName("fittedScroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setWidget(body)
    layout.addWidget(scroll, 1)
    for item, stretch in tail:
        _put_back(layout, item, stretch)
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


def _put_back(layout: QBoxLayout, item: QLayoutItem, stretch: int) -> None:
    widget = item.widget()
    child: QLayout | None = item.layout()
    if widget is not None:
        layout.addWidget(widget, stretch, item.alignment())
    elif child is not None:
        layout.addLayout(child, stretch)
    else:
        layout.addItem(item)
        if stretch:
            layout.setStretch(layout.count() - 1, stretch)


def scroll_area_of(widget: QWidget) -> QScrollArea | None:
    """The nearest scroll area whose body holds ``widget``."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None
