"""The window's last line of defence: an exception that escapes a slot is written to the
log (its type and where it happened, never its message, which may name a person) and the
user is told in one plain sentence, never shown a traceback."""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from diversion_app import APP_NAME
from diversion_app.domain.errors import DomainError
from diversion_app.logs import log_failure
from diversion_app.services.base.errors import ServiceError

log = logging.getLogger(__name__)

UNEXPECTED = (
    "Something went wrong and that action was not finished. Nothing half-done was saved. "
    "Try again; if it happens again, tell your system administrator (the details are in "
    "the log file)."
)


def plain_message(error: BaseException) -> str:
    """What the user reads: a refusal's own sentence, or the general apology."""
    if isinstance(error, DomainError | ServiceError):
        return str(error)
    return UNEXPECTED


def handle(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> QMessageBox | None:
    if error.__traceback__ is None and trace is not None:
        error = error.with_traceback(trace)
    log_failure(log, "window", error)
    if QApplication.instance() is None:
        return None
    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_NAME)
    box.setText(plain_message(error))
    box.setAccessibleName("Problem")
    box.open()
    return box


def install() -> None:
    """Route exceptions escaping Qt slots to ``handle`` (``sys.excepthook``)."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        handle(kind, error, trace)

    sys.excepthook = hook
