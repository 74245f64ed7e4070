"""Telling a caseworker, inside the application, when one of their clocks needs them.

``ClockNotifier`` polls the clock watch service on a timer; whenever one of the
actor's referrals enters "due soon" or "overdue" it emits a message, which the main
window shows in a ``NotificationBanner`` (not a modal box: work is not interrupted).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from diversion_app.domain.errors import DomainError
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.referrals.clock_watch import ClockAlert
from diversion_app.services.registry import Services

POLL_MS = 30_000


class ClockNotifier(QObject):
    notify = Signal(str)

    def __init__(self, services: Services, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.known: dict[int, ClockAlert] = {}
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> list[ClockAlert]:
        """Ask again; emit one message for whatever has newly entered due soon or overdue."""
        watch = self.services.clock_watch
        try:
            current = watch.running_alerts(self.actor)
        except (DomainError, ServiceError):
            return []
        fresh = watch.newly_entered(self.known, current)
        self.known = current
        if fresh:
            text = fresh[0].message
            if len(fresh) > 1:
                text += f" And {len(fresh) - 1} more of your referrals need attention."
            self.notify.emit(text)
        return fresh


class NotificationBanner(QFrame):
    """A dismissable line across the top of the window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notificationBanner")
        self.setStyleSheet(
            "QFrame#notificationBanner { background: #fff3cd; border-bottom: 1px solid #e0c36c; }"
            " QLabel { color: #5c3b00; font-weight: 600; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.label = QLabel()
        self.label.setAccessibleName("Notification")
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.dismiss = QPushButton("Dismiss")
        self.dismiss.setAccessibleName("Dismiss notification")
        self.dismiss.clicked.connect(self.hide)
        layout.addWidget(self.dismiss)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()
