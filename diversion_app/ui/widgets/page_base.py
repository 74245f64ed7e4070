"""What every page of the main window has: the services, the acting user, and activation.

A page also shows other users' changes (``show_others_changes``, called by the main
window's change watcher): it reads its data again, keeping each list's chosen row and
scroll position, and leaving alone what is being typed in it; while a dialog is open
over the window it waits until the dialog is closed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from diversion_app.domain.permissions import Permission
from diversion_app.services.base.actor import Actor

DIALOG_WAIT_MS = 1000
"""How often a page waiting for a dialog to close looks again."""

if TYPE_CHECKING:  # the main window's shell shows before the services are imported
    from diversion_app.services.registry import Services
    from diversion_app.ui.widgets.list_page import ListPage


class Page(QWidget):
    """A page loads its data the first time it is shown, and again on ``refresh``."""

    title = ""
    also_for: tuple[Permission, ...] = ()
    """Permissions that show the page besides the one in the main window's table."""

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self._loaded = False
        self._waiting_for_dialog = False

    def activate(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError

    def refresh_for_others(self) -> None:
        """Read the page's data again after another user's change. Pages with fields a
        person types in (settings and the like) override this to leave them alone."""
        self.refresh()

    def show_others_changes(self) -> None:
        """Show another user's change: read again, each list keeping its place."""
        if not self._loaded:
            return  # read fresh when first shown
        if QApplication.activeModalWidget() is not None:
            if not self._waiting_for_dialog:
                self._waiting_for_dialog = True
                QTimer.singleShot(DIALOG_WAIT_MS, self._after_dialog)
            return
        from diversion_app.ui.widgets.keep_place import ListPlace  # not needed at start

        lists = [(page, ListPlace.of(page.table, page.model)) for page in self._lists()]
        self.refresh_for_others()
        for page, place in lists:
            place.restore(page.table, page.model)

    def _after_dialog(self) -> None:
        self._waiting_for_dialog = False
        self.show_others_changes()

    def _lists(self) -> list[ListPage]:
        from diversion_app.ui.widgets.list_page import ListPage

        return [page for page in self.findChildren(ListPage) if page.model.rowCount()]
