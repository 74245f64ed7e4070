"""Making a subject access pack off the GUI thread: a progress bar with the pages written
and a Cancel button, for the Subject access page and the request dialog alike.

The pack reads every record about the young person and draws a PDF that can run to many
pages, so it runs as a ``BackgroundJob``; a cancel leaves no file, no disclosure and the
request still open (the service sees to that).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QProgressBar, QPushButton, QWidget

from diversion_app.services.base.actor import Actor
from diversion_app.services.people.subject_access import PackWritten
from diversion_app.services.registry import Services
from diversion_app.ui.workers import BackgroundJob


def written_words(written: PackWritten) -> str:
    return (
        f"The pack is in {written.pdf.parent}: {written.pdf.name} ({written.pages} pages) "
        f"and {written.json.name}."
    )


class PackJob(QWidget):
    """Hidden until a pack is being made; ``done`` / ``failed`` / ``cancelled`` after."""

    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.job = BackgroundJob(self)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Pack progress")
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel the pack")
        self.cancel_button.setAccessibleName("Cancel the pack")
        self.cancel_button.clicked.connect(self.cancel)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.progress, 1)
        self.row.addWidget(self.cancel_button)
        self.job.progressed.connect(self._on_progress)
        self.job.succeeded.connect(self.done)
        self.job.failed.connect(self.failed)
        self.job.cancelled.connect(self.cancelled)
        self.job.finished.connect(self.hide)
        self.hide()
        app = QApplication.instance()
        if app is not None:  # the application closing: cancel, and let the thread end
            app.aboutToQuit.connect(self.stop)

    def is_running(self) -> bool:
        return self.job.is_running()

    def start(self, request_id: int, folder: Path) -> None:
        services, actor = self.services, self.actor

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> object:
            return services.subject_access.make_pack(
                actor, request_id, folder, progress=progress, cancelled=cancelled
            )

        self.progress.setRange(0, 0)  # busy until the first page is out
        self.progress.setFormat("Gathering the records…")
        self.cancel_button.setEnabled(True)
        self.show()
        self.job.start(work)

    def cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.progress.setFormat("Cancelling…")
        self.job.cancel()

    def _on_progress(self, done: int, expected: int) -> None:
        self.progress.setRange(0, max(expected, done, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"Page {done} of about {max(expected, done)}")

    def stop(self) -> None:
        """Cancel a pack being made and wait for its thread (nothing is left behind)."""
        if self.job.is_running():
            self.job.cancel()
            self.job.wait()

    def wait(self) -> bool:
        """Block until the job ends (shutting down, tests); never on a click."""
        return self.job.wait()
