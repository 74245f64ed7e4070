"""Finding buttons a person cannot reach: outside the window, or clipped by a scroll area."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QScrollArea,
    QTabBar,
    QWidget,
)

from diversion_app.ui.widgets.screen_fit import available_area

LIMITS = {"1366x768": QSize(1366, 698), "150%": QSize(911, 442)}


def _skipped(button: QAbstractButton) -> bool:
    parent = button.parentWidget()
    while parent is not None:
        if isinstance(parent, (QAbstractItemView, QTabBar, QLineEdit)):
            return True
        parent = parent.parentWidget()
    return False


def _scroll_areas(widget: QWidget) -> list[QScrollArea]:
    found = []
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            found.append(parent)
        parent = parent.parentWidget()
    return found


def unreachable(window: QWidget) -> list[str]:
    """Each visible button of ``window`` that stays out of view after scrolling to it."""
    QApplication.processEvents()
    area = available_area(window)
    problems: list[str] = []
    if window.width() > area.width() or window.height() > area.height():
        problems.append(f"window {window.width()}x{window.height()} larger than {area.size()}")
    for button in window.findChildren(QAbstractButton):
        if button.window() is not window or not button.isVisibleTo(window) or _skipped(button):
            continue
        for scroll in _scroll_areas(button):
            scroll.ensureWidgetVisible(button, 0, 0)
        QApplication.processEvents()
        name = button.text() or button.accessibleName() or type(button).__name__
        rect = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        if not window.rect().contains(rect):
            problems.append(f"{name!r} at {rect.getRect()} outside {window.rect().size()}")
            continue
        for scroll in _scroll_areas(button):
            viewport = scroll.viewport()
            inner = QRect(button.mapTo(viewport, QPoint(0, 0)), button.size())
            if not viewport.rect().contains(inner):
                problems.append(f"{name!r} clipped by a scroll area")
                break
    return problems
