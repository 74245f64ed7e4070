"""Telling a caseworker, inside the application, when one of their clocks needs them.

``ClockNotifier`` polls the clock watch service on a timer; whenever one of the
actor's referrals enters "due soon" or "overdue" it emits a message, which the main
window shows in a ``NotificationBanner`` (not a modal box: work is not interrupted).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from diversion_app.domain.clock import ClockState
from diversion_app.domain.errors import DomainError
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.referrals.clock_watch import ClockAlert
from diversion_app.services.registry import Services
from diversion_app.ui.widgets.form_scaffold import announce

POLL_MS = 30_000


class ClockNotifier(QObject):
    notify = Signal(str)
    alerted = Signal(str, object)
    """The message and the most urgent fresh ``ClockAlert`` (whose referral can be opened)."""

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
            self.alerted.emit(text, fresh[0])
        return fresh


BANNER_STYLES = {
    # amber for due soon, red for overdue; text contrast 7.6:1 and 8.1:1 (tests/ui/test_contrast)
    False: (
        "QFrame#notificationBanner { background: #fff3cd; border-bottom: 2px solid #8a6100; }"
        " QLabel { color: #5c3b00; font-weight: 600; }"
    ),
    True: (
        "QFrame#notificationBanner { background: #fde7e9; border-bottom: 2px solid #b00020; }"
        " QLabel { color: #8c0019; font-weight: 600; }"
    ),
}


class NotificationBanner(QFrame):
    """A dismissable line across the top of the window: amber, or red for an overdue clock,
    with Open to go straight to the referral; each message is announced to a screen reader."""

    open_referral = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notificationBanner")
        self.urgent = False
        self.setStyleSheet(BANNER_STYLES[False])
        self.referral_id: int | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.label = QLabel()
        self.label.setAccessibleName("Notification")
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.open_button = QPushButton("&Open")
        self.open_button.setAccessibleName("Open the referral")
        self.open_button.clicked.connect(self._open)
        self.open_button.hide()
        layout.addWidget(self.open_button)
        self.dismiss = QPushButton("Dismiss")
        self.dismiss.setAccessibleName("Dismiss notification")
        self.dismiss.clicked.connect(self.hide)
        layout.addWidget(self.dismiss)
        self.hide()

    def show_message(
        self, text: str, *, referral_id: int | None = None, urgent: bool = False
    ) -> None:
        self.label.setText(text)
        self.referral_id = referral_id
        self.urgent = urgent
        self.setStyleSheet(BANNER_STYLES[urgent])
        self.open_button.setVisible(referral_id is not None)
        self.show()
        announce(self.label, text, urgent=urgent)

    def show_alert(self, text: str, alert: ClockAlert) -> None:
        """A clock alert: red with Open for an overdue clock, amber for one due soon."""
        self.show_message(
            text, referral_id=alert.referral_id, urgent=alert.state is ClockState.OVERDUE
        )

    def _open(self) -> None:
        if self.referral_id is not None:
            self.open_referral.emit(self.referral_id)
