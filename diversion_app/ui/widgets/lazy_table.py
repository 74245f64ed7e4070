"""A table model that fetches rows from a service in batches and sorts by re-querying.

It holds only the DTOs already fetched; scrolling asks for the next batch
(``canFetchMore``/``fetchMore``), sorting and filtering start again from the top
with the service doing the work in SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from diversion_app.services.base.listing import DEFAULT_PAGE_SIZE, PageRequest

RowT = TypeVar("RowT")
AnyIndex = QModelIndex | QPersistentModelIndex

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""data(index, ROW_ROLE) gives the row's DTO."""


HANDLED_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
        ROW_ROLE,
    )
)


CELLS_KEPT = 20_000
"""At most this many cell values are kept (a few screens' worth many times over)."""

_BRUSHES: dict[str, QBrush] = {}


def _brush(colour: str) -> QBrush:
    """One brush per colour, made once (a view asks for it for every painted cell)."""
    brush = _BRUSHES.get(colour)
    if brush is None:
        brush = _BRUSHES[colour] = QBrush(QColor(colour))
    return brush


@dataclass(frozen=True)
class Column(Generic[RowT]):
    """One column: its heading, the text it shows, and the service's sort key (if sortable)."""

    title: str
    text: Callable[[RowT], str]
    sort_key: str | None = None
    foreground: Callable[[RowT], str | None] | None = None
    background: Callable[[RowT], str | None] | None = None
    tooltip: Callable[[RowT], str] | None = None
    align_right: bool = False


class LazyTableModel(QAbstractTableModel, Generic[RowT]):
    def __init__(
        self,
        columns: Sequence[Column[RowT]],
        fetch: Callable[[PageRequest], list[RowT]],
        count: Callable[[str], int],
        *,
        batch_size: int = DEFAULT_PAGE_SIZE,
        fetch_first: Callable[[PageRequest], tuple[list[RowT], int]] | None = None,
        parent: Any = None,
    ) -> None:
        """``fetch_first``, if given, answers the first batch and the total in one call."""
        super().__init__(parent)
        self._fetch_first = fetch_first
        self._columns = list(columns)
        self._fetch = fetch
        self._count = count
        self._batch = batch_size
        self._rows: list[RowT] = []
        self._cells: dict[tuple[int, int, int], Any] = {}
        """Each shown cell's text, tooltip and colours, made once (a view asks for them
        again at every paint)."""
        self._total = 0
        self._text = ""
        self._sort: str | None = None
        self._descending = False
        self._active = False
        self._changing = False

    # --- what the view asks -----------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].title
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # a view asks for seven roles of every cell it paints, so this is kept short: each
        # call into Qt (``row()``, ``isValid()``) is made once (an invalid index's row is -1)
        if role not in HANDLED_ROLES:  # views ask for a dozen roles per cell; most are unused
            return None
        row, column = index.row(), index.column()
        key = (row, column, role)
        cells = self._cells
        if key in cells:
            return cells[key]
        if not (0 <= row < len(self._rows) and 0 <= column < len(self._columns)):
            return None
        value = self._cell(row, column, role)
        if role != ROW_ROLE:
            if len(self._cells) >= CELLS_KEPT:  # scrolled far: start again from what is shown
                self._cells.clear()
            self._cells[key] = value
        return value

    def _cell(self, row_number: int, column_number: int, role: int) -> Any:
        row = self._rows[row_number]
        column = self._columns[column_number]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground is not None:
            colour = column.foreground(row)
            return _brush(colour) if colour else None
        if role == Qt.ItemDataRole.BackgroundRole and column.background is not None:
            colour = column.background(row)
            return _brush(colour) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROW_ROLE:
            return row
        return None

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._changing and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or len(self._rows) >= self._total or self._changing:
            return  # asked again while rows change (a reset, an insert): the next call fetches
        more = self._fetch(self._request(len(self._rows)))
        if not more:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self._changing = True
        try:
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()
        finally:
            self._changing = False

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self._columns)):
            return
        key = self._columns[column].sort_key
        if key is None:
            return
        self._sort = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        if self._active:
            self._resort()

    def _resort(self) -> None:
        """The same rows in a new order: the first batch read again in that order. The
        number of rows is the same as before, so it is not counted (or listed) again."""
        self._changing = True
        try:
            self.beginResetModel()
            self._cells.clear()
            self._rows = self._fetch(self._request(0)) if self._total else []
            if len(self._rows) < self._batch:  # fewer than counted: others changed the data
                self._total = len(self._rows)
        finally:
            self.endResetModel()
            self._changing = False

    # --- what the page asks -----------------------------------------------------------------
    @property
    def total(self) -> int:
        return self._total

    @property
    def filter_text(self) -> str:
        return self._text

    def set_filter_text(self, text: str) -> None:
        self._text = text
        self.reload()

    def reload(self) -> None:
        """Start again from the first batch (after a filter, a sort or a change of data)."""
        self._active = True
        self._changing = True
        try:
            self.beginResetModel()
            self._cells.clear()
            if self._fetch_first is not None:
                self._rows, self._total = self._fetch_first(self._request(0))
            else:
                self._total = self._count(self._text)
                self._rows = self._fetch(self._request(0)) if self._total else []
        finally:
            self.endResetModel()  # views react to the reset before any further fetch
            self._changing = False

    def refresh_loaded(self) -> None:
        """Fetch the rows already shown again (so time-dependent values, like clocks, update)."""
        if not self._rows:
            return
        shown = len(self._rows)
        fresh = self._fetch(self._request(0, limit=shown))
        if len(fresh) != shown:
            self.reload()
            return
        self._rows = fresh
        self._cells.clear()
        self.dataChanged.emit(self.index(0, 0), self.index(shown - 1, len(self._columns) - 1))

    def row_at(self, row: int) -> RowT:
        return self._rows[row]

    def sortable_columns(self) -> list[int]:
        return [i for i, column in enumerate(self._columns) if column.sort_key]

    def _request(self, offset: int, limit: int | None = None) -> PageRequest:
        return PageRequest(
            offset=offset,
            limit=limit or self._batch,
            sort=self._sort,
            descending=self._descending,
            text=self._text,
        )


class ListModel(LazyTableModel[RowT]):
    """A small list fetched whole (schools, users): the same columns, no paging."""

    def __init__(
        self, columns: Sequence[Column[RowT]], load: Callable[[], list[RowT]], parent: Any = None
    ) -> None:
        self._load = load
        self._cache: list[RowT] = []
        super().__init__(columns, self._slice, self._refill, parent=parent)

    def _resort(self) -> None:
        self.reload()  # the whole (small) list is read again, as before

    def _refill(self, _text: str) -> int:
        self._cache = self._load()
        return len(self._cache)

    def _slice(self, request: PageRequest) -> list[RowT]:
        return self._cache[request.offset : request.offset + request.limit]
