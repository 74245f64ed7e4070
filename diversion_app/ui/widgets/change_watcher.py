"""Polls for other users' changes every two seconds and says what changed.

A ``ChangeWatch`` (services) does the looking; this only keeps the timer on the GUI
thread and emits ``changed`` with what it found. The main window refreshes the page on
show and the record windows whose young person changed; forms being typed in are never
touched, so nothing half-typed is lost.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from diversion_app.domain.errors import DomainError
from diversion_app.services.base.change_watch import ChangeWatch
from diversion_app.services.base.errors import ServiceError

POLL_INTERVAL_MS = 2000
"""Other users' changes show within this (well inside five seconds)."""

log = logging.getLogger(__name__)


class ChangeWatcher(QObject):
    changed = Signal(object)
    """Emitted with a ``Changes`` when another user (or another window) changed data."""

    def __init__(self, watch: ChangeWatch, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.watch = watch
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_INTERVAL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> None:
        try:
            changes = self.watch.poll()
        except (ServiceError, DomainError, OSError) as error:
            log.warning("looking for other users' changes failed: %s", error.__class__.__name__)
            return
        except Exception as error:  # a database error: try again at the next tick
            log.warning("looking for other users' changes failed: %s", error.__class__.__name__)
            return
        if changes is not None:
            self.changed.emit(changes)

    def stop(self) -> None:
        self.timer.stop()
        self.watch.close()
