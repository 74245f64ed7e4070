"""A list's place (its chosen row and how far it is scrolled), kept across a reload.

When another user's change makes a list read its rows again, the person looking at it
should not lose their place: ``ListPlace.of`` notes the chosen row (by the row's ``id``
where it has one, else the row itself), how many rows were loaded and the scroll
position; ``restore`` loads as many rows again, chooses the same row if it is still
there, and scrolls back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QTableView

from diversion_app.ui.widgets.lazy_table import LazyTableModel


def row_key(row: Any) -> Any:
    """What identifies a list row across reloads: its ``id``, else the row itself."""
    return getattr(row, "id", row)


@dataclass(frozen=True)
class ListPlace:
    chosen: Any | None
    """The chosen row's key (``row_key``), or None when no row was chosen."""
    column: int
    loaded: int
    scrolled: int

    @staticmethod
    def of(table: QTableView, model: LazyTableModel[Any]) -> ListPlace:
        index = table.currentIndex()
        chosen = row_key(model.row_at(index.row())) if index.isValid() else None
        return ListPlace(
            chosen=chosen,
            column=max(index.column(), 0),
            loaded=model.rowCount(),
            scrolled=table.verticalScrollBar().value(),
        )

    def restore(self, table: QTableView, model: LazyTableModel[Any]) -> None:
        while model.rowCount() < self.loaded and model.canFetchMore():
            before = model.rowCount()
            model.fetchMore()
            if model.rowCount() == before:
                break
        if self.chosen is not None:
            for row in range(model.rowCount()):
                if row_key(model.row_at(row)) == self.chosen:
                    index = model.index(row, self.column)
                    selection = table.selectionModel()
                    flags = (
                        QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows
                    )
                    if selection is not None:
                        selection.setCurrentIndex(index, flags)
                    break
        table.verticalScrollBar().setValue(self.scrolled)
