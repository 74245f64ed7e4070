"""Opening the database on a thread while the window's shell is already on screen.

Importing the data layer (SQLAlchemy, the models, the services) and opening the
database take most of a cold start. ``ServicesLoader`` runs that work on a background
thread, started once the shell has been shown, and hands the services back to the GUI
thread by a queued signal. Anyone who needs them sooner (signing in, say) calls
``wait()``, which blocks only for what is left of the load.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from diversion_app.domain.errors import DomainError
from diversion_app.logs import log_failure

log = logging.getLogger(__name__)


class ServicesLoader(QObject):
    """Runs ``build`` (which returns the services) once, on a thread of its own."""

    loaded = Signal(object)
    """The services, delivered on the GUI thread."""
    failed = Signal(str)
    """A plain sentence saying why the database could not be opened."""

    def __init__(self, build: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._services: Any = None
        self._error: BaseException | None = None

    def start(self) -> None:
        """Begin loading (again a no-op once started)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="open-database", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._services = self._build()
        except BaseException as error:  # handed to the GUI thread, never lost
            self._error = error
        finally:
            self._done.set()
        if self._error is None:
            self.loaded.emit(self._services)
            return
        if not _is_known(self._error):
            log_failure(log, "opening the database", self._error)
        self.failed.emit(plain_reason(self._error))

    @property
    def finished(self) -> bool:
        return self._done.is_set()

    def wait(self) -> Any:
        """The services, loading them now if need be; raises what the load raised."""
        self.start()
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._services

    def settle(self) -> str | None:
        """Wait for a load under way to end; what to tell a person if it failed, else None.

        Called before the application closes, so that a database is never left halfway
        through being opened (an upgrade of its tables, say). Does not start a load.
        """
        if self._thread is None:
            return None
        self._done.wait()
        return None if self._error is None else plain_reason(self._error)


def plain_reason(error: BaseException) -> str:
    """What to tell a person: the message of a known failure, else a general sentence."""
    if _is_known(error):
        return str(error)
    return "The database could not be opened. Details are in the log file."


def _is_known(error: BaseException) -> bool:
    # DatabaseOpenError is named, not imported: importing it would load the data layer
    return isinstance(error, DomainError) or type(error).__name__ == "DatabaseOpenError"
