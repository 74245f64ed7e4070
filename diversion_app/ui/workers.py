"""Long work off the GUI thread: one job on a QThread, reporting back by signal.

The work is a plain callable taking ``progress(done, expected)`` and ``cancelled()``; it
runs on the worker thread (services open their own sessions there), and its outcome
comes back to the GUI thread as a queued signal, so the window never freezes. A failure
the person can act on arrives as its plain sentence; anything else is logged (without
personal data) and reported as a plain sentence too.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from diversion_app.domain.errors import DomainError
from diversion_app.logs import log_failure
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.reports.printing import ReportCancelled

log = logging.getLogger(__name__)

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class _Runner(QThread):
    progressed = Signal(int, int)
    outcome = Signal(str, object)

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self.cancel_requested = threading.Event()

    def run(self) -> None:
        try:
            result = self._work(self.progressed.emit, self.cancel_requested.is_set)
        except ReportCancelled:
            self.outcome.emit("cancelled", None)
        except (ServiceError, DomainError) as error:
            self.outcome.emit("failed", str(error))
        except Exception as error:  # the last line of defence: never a traceback to the user
            log_failure(log, "background job", error)
            self.outcome.emit(
                "failed",
                "Something unexpected stopped this; nothing was saved. "
                "Details are in the log file.",
            )
        else:
            self.outcome.emit("succeeded", result)


class BackgroundJob(QObject):
    """One piece of work at a time, with progress, cancel and an outcome signal."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner: _Runner | None = None

    def is_running(self) -> bool:
        return self._runner is not None

    def start(self, work: Work) -> None:
        if self._runner is not None:
            raise RuntimeError("a job is already running")
        runner = _Runner(work)
        runner.progressed.connect(self.progressed)
        runner.outcome.connect(self._on_outcome)
        self._runner = runner
        runner.start()

    def cancel(self) -> None:
        if self._runner is not None:
            self._runner.cancel_requested.set()

    def wait(self, milliseconds: int = 30_000) -> bool:
        """Block until the thread ends (for shutting down; never called on a click)."""
        return self._runner.wait(milliseconds) if self._runner is not None else True

    def _on_outcome(self, kind: str, payload: object) -> None:
        runner = self._runner
        self._runner = None
        if runner is not None:
            runner.wait()
            runner.deleteLater()
        if kind == "succeeded":
            self.succeeded.emit(payload)
        elif kind == "cancelled":
            self.cancelled.emit()
        else:
            self.failed.emit(str(payload))
        self.finished.emit()
