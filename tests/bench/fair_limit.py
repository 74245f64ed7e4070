"""The fair limit for a painted list: the same rows, fetched by the bare driver, in a bare table.

A raw query alone is not the whole limit for a list a person looks at: the rows still
have to reach a view and be painted. The fair limit does exactly that and nothing more.
It replays the very SQL the application sent for an action (captured from its engine),
with the standard library's ``sqlite3`` on the same file (or ``psycopg`` on the same
PostgreSQL database), puts the rows of the largest result (the one that read the rows
shown) into a static table model, and lets a bare
``QTableView`` of the same size paint them once. The application's own time for the same
action is then compared with this, in the same run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QTableView

Statements = Sequence[tuple[str, Any]]


class StaticModel(QAbstractTableModel):
    """Rows fixed in memory; every cell shown as ``str(value)``."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        super().__init__()
        self.rows = rows
        self.width = len(rows[0]) if rows else 0

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.width

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return str(self.rows[index.row()][index.column()])

    def replace(self, rows: list[tuple[Any, ...]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.width = len(rows[0]) if rows else self.width
        self.endResetModel()


class BareTable(QTableView):
    """A plain QTableView that counts its paints (so a sample is known to have painted)."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def paintEvent(self, event: QPaintEvent) -> None:
        self.paints += 1
        super().paintEvent(event)


class FairLimit:
    """Runs captured statements with sqlite3 and paints their rows in a bare table."""

    def __init__(self, connection: Any, size: tuple[int, int]) -> None:
        self.connection = connection
        """``sqlite3`` on the file, or ``psycopg`` on the PostgreSQL copy."""
        self.size = size
        self.view: BareTable | None = None
        self.model: StaticModel | None = None

    def fresh_view(self) -> None:
        """A new, shown, empty bare table (not timed: the page is made untimed too)."""
        if self.view is not None:
            self.view.close()
            self.view.deleteLater()
        self.view = BareTable()
        self.view.resize(*self.size)
        self.model = StaticModel([])
        self.view.setModel(self.model)
        self.view.show()
        _settle()

    def fetch(self, statements: Statements) -> list[tuple[Any, ...]]:
        """Every statement run; the rows shown are the largest result (rows times columns;
        the later one of equals): the statements that follow the list's own read (the
        settings, the audit chain's head) read a row or none, and painting those instead
        would leave the bare table all but empty."""
        shown: list[tuple[Any, ...]] = []
        for sql, parameters in statements:
            rows = self.connection.execute(sql, parameters).fetchall()
            if _cells(rows) >= _cells(shown):
                shown = rows
        return shown

    def show(self, statements: Statements) -> Callable[[], None]:
        """An action: fetch the rows and paint them in the bare table (one sample)."""

        def run() -> None:
            assert self.view is not None and self.model is not None
            rows = self.fetch(statements)
            before = self.view.paints
            self.model.replace(rows)
            _settle()
            if self.view.paints == before:  # offscreen paints on the next pass at the latest
                self.view.viewport().repaint()

        return run

    def close(self) -> None:
        if self.view is not None:
            self.view.close()
            self.view.deleteLater()
        self.connection.close()


def _cells(rows: list[tuple[Any, ...]]) -> int:
    return len(rows) * (len(rows[0]) if rows else 0)


def _settle() -> None:
    app = QApplication.instance()
    assert app is not None
    app.processEvents()
