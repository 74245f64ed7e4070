"""What every page of the main window has: the services, the acting user, and activation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from diversion_app.domain.permissions import Permission
from diversion_app.services.base.actor import Actor

if TYPE_CHECKING:  # the main window's shell shows before the services are imported
    from diversion_app.services.registry import Services


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

    def activate(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError
