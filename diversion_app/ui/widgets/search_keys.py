"""The keys of a search box with a list of results under it, the same in every window.

- Enter searches now and picks the highlighted (or only, or first) result; inside a form it
  never presses the form's Save button.
- Down moves into the results, on the first one; Up from the first result comes back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class SearchKeys(QObject):
    """Event filter joining ``search`` to ``results`` (see the module's docstring)."""

    def __init__(
        self,
        search: QLineEdit,
        results: QAbstractItemView,
        run_search: Callable[[], None],
        picked: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(search)
        self.search = search
        self.results = results
        self.run_search = run_search
        self.picked = picked
        search.installEventFilter(self)
        results.installEventFilter(self)

    def _first_row(self) -> None:
        model = self.results.model()
        if model is None or model.rowCount() == 0:
            return
        if not self.results.currentIndex().isValid():
            self.results.setCurrentIndex(model.index(0, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if watched is self.search:
            if key in _ENTER:
                self.run_search()
                self._first_row()
                if self.results.currentIndex().isValid() and self.picked is not None:
                    self.picked()
                return True  # never the form's default button
            if key == Qt.Key.Key_Down:
                model = self.results.model()
                if model is None or model.rowCount() == 0:
                    self.run_search()  # typed faster than the search's short delay
                self._first_row()
                if self.results.currentIndex().isValid():
                    self.results.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        elif watched is self.results:
            at_top = self.results.currentIndex().row() <= 0
            if key == Qt.Key.Key_Up and at_top:
                self.search.setFocus(Qt.FocusReason.BacktabFocusReason)
                return True
            if key in _ENTER and self.picked is not None:
                self.picked()
                return True
        return False


def join_search(
    search: QLineEdit,
    results: QAbstractItemView,
    run_search: Callable[[], None],
    picked: Callable[[], None] | None = None,
) -> SearchKeys:
    """Give ``search`` and ``results`` the keys above; ``picked`` runs when a result is chosen."""
    return SearchKeys(search, results, run_search, picked)
