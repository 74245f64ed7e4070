"""The scaffold's tab order: Tab visits the controls in the order the screen shows them.

``tab_in_layout_order`` chains a widget's controls in the order of its layouts (a box or
form layout lays out top-to-bottom, left-to-right, so its order is the screen's; a grid is
read row by row), whatever order they were created in. ``quiet_scroll_areas`` takes a
scroll area out of the Tab order when it holds controls of its own: Tab goes to those
(the area scrolls to show them), not to an extra stop on the frame.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QTabWidget,
    QWidget,
)


def _takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)


def _layout_items(layout: QLayout) -> list[QLayout | QWidget]:
    """The layout's widgets and sub-layouts in screen order."""
    items = [layout.itemAt(index) for index in range(layout.count())]
    if isinstance(layout, QGridLayout):
        placed: list[tuple[tuple[int, int], QLayoutItem | None]] = []
        for index, item in enumerate(items):
            position: Any = layout.getItemPosition(index)  # (row, column, rows, columns)
            placed.append(((int(position[0]), int(position[1])), item))
        items = [item for _position, item in sorted(placed, key=lambda pair: pair[0])]
    found: list[QLayout | QWidget] = []
    for item in items:
        if item is None:
            continue
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            found.append(widget)
        elif inner is not None:
            found.append(inner)
    return found


def controls_in_layout_order(widget: QWidget) -> list[QWidget]:
    """The controls under ``widget`` that take Tab, in the order its layouts show them."""
    controls: list[QWidget] = []

    def walk(node: QLayout | QWidget) -> None:
        if isinstance(node, QLayout):
            for child in _layout_items(node):
                walk(child)
            return
        if node.isHidden() and node is not widget:
            return
        layout = node.layout()
        if isinstance(node, QTabWidget):
            if node.isHidden():
                return
            if _takes_tab(node.tabBar()):
                controls.append(node.tabBar())
            page = node.currentWidget()
            if page is not None:
                walk(page)
            return
        if isinstance(node, QScrollArea):
            inside = node.widget()
            if _takes_tab(node):
                controls.append(node)
            elif inside is not None:
                walk(inside)
            return
        if _takes_tab(node) and (layout is None or node is not widget):
            controls.append(node)
            if layout is None:
                return
        if layout is not None:
            walk(layout)

    walk(widget)
    return controls


def tab_in_layout_order(widget: QWidget) -> None:
    """Chain ``widget``'s controls so that Tab follows its layouts (the screen's order)."""
    controls = controls_in_layout_order(widget)
    for before, after in pairwise(controls):
        QWidget.setTabOrder(before, after)


def quiet_scroll_areas(window: QWidget) -> None:
    """No Tab stop on a scroll area's frame when Tab can go to the controls inside it."""
    for area in window.findChildren(QScrollArea):
        inside = area.widget()
        if inside is None:
            continue
        if any(_takes_tab(child) for child in inside.findChildren(QWidget)):
            area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
