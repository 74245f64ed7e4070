"""A page made of a heading, an optional search box and a table over a lazy model."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from diversion_app.ui.widgets.form_scaffold.tab_order import tab_in_layout_order
from diversion_app.ui.widgets.lazy_table import LazyTableModel

SEARCH_DELAY_MS = 150
RESIZE_ROWS_SAMPLED = 40
CELL_ROOM = 10
"""A cell's margins beside its text (what Qt's own size hint adds)."""
HEADING_ROOM = 38
"""A heading's padding and room for the sort arrow."""


class DataTable(QTableView):
    """A read-only, row-selecting table that opens a row on Enter or double-click."""

    row_activated = Signal(int)

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)  # Tab moves on to the next control; arrows move rows
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # size columns from the first rows only: measuring every loaded row costs the
        # first showing of a long list a fifth of a second (issue 10)
        self.horizontalHeader().setResizeContentsPrecision(RESIZE_ROWS_SAMPLED)
        self.doubleClicked.connect(lambda index: self.row_activated.emit(index.row()))

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.row_activated.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class ListPage(QWidget):
    """Heading, search, count and table; the owner supplies the model."""

    def __init__(
        self,
        title: str,
        model: LazyTableModel[Any],
        *,
        noun: tuple[str, str],
        search_hint: str | None = None,
        empty_text: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._noun = noun
        self._empty_text = empty_text or f"No {noun[1]} yet."
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.heading = QLabel(title)
        self.heading.setObjectName("pageHeading")
        self.heading.setAccessibleName(title)
        header.addWidget(self.heading)
        header.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(f"Number of {noun[1]}")
        header.addWidget(self.count_label)
        layout.addLayout(header)
        self.toolbar = QHBoxLayout()
        self.search: QLineEdit | None = None
        if search_hint is not None:
            self.search = QLineEdit()
            self.search.setPlaceholderText(search_hint)
            self.search.setAccessibleName(f"Search {noun[1]}")
            self.search.setClearButtonEnabled(True)
            self._search_timer = QTimer(self)
            self._search_timer.setSingleShot(True)
            self._search_timer.setInterval(SEARCH_DELAY_MS)
            self._search_timer.timeout.connect(self.apply_search)
            self.search.textChanged.connect(lambda _text: self._search_timer.start())
            self.search.returnPressed.connect(self.apply_search)
            self.search.installEventFilter(self)
            self.toolbar.addWidget(self.search, 1)
        layout.addLayout(self.toolbar)
        self.table = DataTable(title)
        self.table.setModel(model)
        sortable = bool(model.sortable_columns())
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(sortable)
        self.table.horizontalHeader().setSortIndicatorShown(sortable)
        self._sized = False
        self._tab_ordered = False
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)
        model.modelReset.connect(self._update_count)
        model.rowsInserted.connect(lambda *_: self._update_count())

    def showEvent(self, event: QShowEvent) -> None:
        """Tab goes heading to search, the owner's buttons, then the table: as drawn."""
        if not self._tab_ordered:
            self._tab_ordered = True
            tab_in_layout_order(self)
        super().showEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the search box moves into the list, on its first row."""
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount() > 0
        ):
            self.apply_search()
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    def apply_search(self) -> None:
        if self.search is not None and self.search.text() != self.model.filter_text:
            self.model.set_filter_text(self.search.text())

    def reload(self) -> None:
        self.model.reload()

    def on_row_activated(self, handler: Callable[[Any], None]) -> None:
        self.table.row_activated.connect(lambda row: handler(self.model.row_at(row)))

    def _update_count(self) -> None:
        total = self.model.total
        if total and not self._sized:
            self._sized = True
            self.fit_columns()
        singular, plural = self._noun
        self.count_label.setText(f"{total:,} {singular if total == 1 else plural}")
        if total == 0:
            self.empty_label.setText(
                f"No {plural} match the search." if self.model.filter_text else self._empty_text
            )
            self.empty_label.show()
        else:
            self.empty_label.hide()

    def fit_columns(self) -> None:
        """Each column as wide as its heading and first rows' text (at most 320 pixels).

        Measured with the fonts' metrics directly: Qt's ``resizeColumnsToContents`` asks
        the style for every sampled cell's size hint, which cost opening a long list as
        much as reading its rows (issue 20).
        """
        cells = self.table.fontMetrics()
        headings = self.table.horizontalHeader().fontMetrics()
        rows = min(self.model.rowCount(), RESIZE_ROWS_SAMPLED)
        for column in range(self.model.columnCount()):
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            widest = headings.horizontalAdvance(str(title or "")) + HEADING_ROOM
            for row in range(rows):
                text = self.model.data(self.model.index(row, column))
                if text:
                    widest = max(widest, cells.horizontalAdvance(str(text)) + CELL_ROOM)
            self.table.setColumnWidth(column, min(widest, 320) + 12)

    def current_row(self) -> Any | None:
        index: QModelIndex = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None
