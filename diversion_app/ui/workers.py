"""Slow work off the GUI thread: a QRunnable on the global QThreadPool, answering by signals.

``run_in_background(work, ...)`` calls ``work(progress)`` on a pool thread; ``progress(done,
total)`` reports how far it has got (shown by a progress bar, say) and raises
``Cancelled`` once the task has been cancelled, so long work stops at its next step.
The result, an error or the cancellation comes back as a signal delivered on the GUI
thread, so handlers may touch widgets. The window stays responsive meanwhile.

Errors are logged by type only (the message may hold personal data); the handler gets
the exception itself to explain it to the user.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
"""progress(done, total): report how far the work has got; raises Cancelled once cancelled."""


class Cancelled(Exception):
    """Raised inside the work when its task has been cancelled."""


class TaskSignals(QObject):
    """The signals of one task; they live on the GUI thread, so handlers run there."""

    progress = Signal(int, int)
    result = Signal(object)
    error = Signal(object)
    cancelled = Signal()
    finished = Signal()


_running: set[BackgroundTask] = set()
"""Tasks in flight, kept alive until they finish (the pool does not own Python objects)."""


class BackgroundTask(QRunnable):
    """One piece of work for the thread pool; cancel it with ``cancel()``."""

    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = TaskSignals()
        self._work = work
        self._cancel = threading.Event()
        self._done = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work has finished (for tests and shutting down)."""
        return self._done.wait(timeout)

    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled
        self._emit(self.signals.progress, done, total)

    def _emit(self, signal: Any, *values: Any) -> None:
        try:
            signal.emit(*values)
        except RuntimeError:
            # the application is closing and has deleted the receiving side: nobody to tell
            self._cancel.set()

    def run(self) -> None:
        try:
            if self._cancel.is_set():
                raise Cancelled
            value = self._work(self._progress)
            if self._cancel.is_set():
                raise Cancelled
        except Cancelled:
            self._emit(self.signals.cancelled)
        except Exception as error:
            log.error("background task failed: %s", type(error).__name__)
            self._emit(self.signals.error, error)
        else:
            self._emit(self.signals.result, value)
        finally:
            self._done.set()
            self._emit(self.signals.finished)


def run_in_background(
    work: Callable[[Progress], Any],
    *,
    on_result: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    pool: QThreadPool | None = None,
) -> BackgroundTask:
    """Start ``work`` on the pool and return its task (to cancel it or connect more)."""
    task = BackgroundTask(work)
    signals = task.signals
    if on_result is not None:
        signals.result.connect(on_result)
    if on_error is not None:
        signals.error.connect(on_error)
    if on_progress is not None:
        signals.progress.connect(on_progress)
    if on_cancelled is not None:
        signals.cancelled.connect(on_cancelled)
    _running.add(task)
    signals.finished.connect(lambda: _running.discard(task))
    (pool or QThreadPool.globalInstance()).start(task)
    return task
