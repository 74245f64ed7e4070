"""The session lock: after a set idle time, or on request, every window is covered.

Each open window (the main window and any form open over it) gets an opaque cover with
a password field; the widgets underneath are left exactly as they were, so nothing
typed into a form is lost. While locked, input meant for anything but a cover is
swallowed. The signed-in person's password lifts every cover at once (five wrong ones
lock the account, as at sign-in).
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from diversion_app.services.accounts.accounts import AccountsService, SignInRefused
from diversion_app.services.base.actor import Actor
from diversion_app.ui.widgets.form_scaffold import error_label, password_field, show_problem

LOCK_SHORTCUT = QKeySequence("Ctrl+L")

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.Shortcut,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.ContextMenu,
    }
)


def _coverable(widget: QObject) -> bool:
    """A window a person reads or types in (not a menu, tooltip or the cover itself)."""
    return (
        isinstance(widget, QWidget)
        and not isinstance(widget, LockCover)
        and widget.isWindow()
        and widget.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)
    )


class LockCover(QFrame):
    """An opaque cover over one window, asking for the password."""

    unlock_requested = Signal(str)

    def __init__(self, host: QWidget, actor: Actor) -> None:
        super().__init__(host)
        self.host = host
        self.setObjectName("lockCover")
        self.setAccessibleName("Session locked")
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "QFrame#lockCover { background: #1f3b57; }"
            "QFrame#lockCover QLabel { color: #ffffff; }"
            "QFrame#lockPanel { background: #24496b; border-radius: 8px; }"
        )
        panel = QFrame(self)
        panel.setObjectName("lockPanel")
        panel.setMinimumWidth(440)
        heading = QLabel("<b>Diversion is locked</b>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setStyleSheet("font-size: 15pt;")
        explain = QLabel(
            f"Signed in as {actor.display_name} ({actor.username}).\n"
            "Enter your password to carry on where you left off:\n"
            "nothing you typed has been lost."
        )
        self.password = password_field("Password to unlock")
        self.password.setPlaceholderText("Password")
        self.problem = error_label("unlock problem", object_name="unlock_problem")
        self.problem.setStyleSheet("color: #ffd1d1; background: #24496b;")
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setAccessibleName("Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._request)
        self.password.returnPressed.connect(self._request)
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.addWidget(heading)
        inner.addWidget(explain)
        inner.addWidget(self.password)
        inner.addWidget(self.problem)
        inner.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignRight)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        host.installEventFilter(self)
        self._fit()

    def _fit(self) -> None:
        self.setGeometry(self.host.rect())
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.host and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._fit()
        return False

    def _request(self) -> None:
        if not self.password.text():
            show_problem(self.problem, "Enter your password.")
            return
        password = self.password.text()
        self.password.clear()
        self.unlock_requested.emit(password)

    def show_problem(self, text: str) -> None:
        show_problem(self.problem, text)
        self.password.setFocus()


class SessionLock(QObject):
    """Watches for input across the application and locks after ``idle_minutes`` without it."""

    locked_changed = Signal(bool)

    def __init__(
        self,
        window: QMainWindow,
        accounts: AccountsService,
        actor: Actor,
        idle_minutes: int,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.accounts = accounts
        self.actor = actor
        self.covers: list[LockCover] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.set_idle_minutes(idle_minutes)
        self.timer.timeout.connect(self.lock)
        self.action = QAction("&Lock now", window)
        self.action.setShortcut(LOCK_SHORTCUT)
        self.action.setStatusTip("Cover the window until you enter your password again")
        self.action.triggered.connect(self.lock)
        window.addAction(self.action)
        menu = getattr(window, "file_menu", None)
        if isinstance(menu, QMenu):
            if menu.actions():
                first = menu.actions()[0]
                menu.insertAction(first, self.action)
                menu.insertSeparator(first)
            else:
                menu.addAction(self.action)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    @property
    def locked(self) -> bool:
        return bool(self.covers)

    def set_idle_minutes(self, minutes: int) -> None:
        self.timer.setInterval(max(1, minutes) * 60_000)

    def set_idle_interval_ms(self, milliseconds: int) -> None:
        """For tests and for a setting changed while running."""
        self.timer.setInterval(milliseconds)
        if not self.locked:
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self.covers and _coverable(watched):
            assert isinstance(watched, QWidget)
            if not any(cover.host is watched for cover in self.covers):
                self._cover(watched).password.setFocus()
            return False
        if event.type() not in _INPUT_EVENTS:
            return False
        if not self.covers:
            self.timer.start()
            return False
        return not self._inside_a_cover(watched)

    def _inside_a_cover(self, watched: QObject) -> bool:
        node: QObject | None = watched
        while node is not None:
            if isinstance(node, LockCover):
                return True
            node = node.parent()
        return False

    def lock(self) -> None:
        if self.locked:
            return
        self.timer.stop()
        hosts = [self.window] + [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget is not self.window and widget.isVisible() and _coverable(widget)
        ]
        for host in hosts:
            self._cover(host)
        active = QApplication.activeModalWidget()
        target = next((c for c in self.covers if c.host is active), self.covers[-1])
        target.password.setFocus()
        self.action.setEnabled(False)
        self.locked_changed.emit(True)

    def _cover(self, host: QWidget) -> LockCover:
        cover = LockCover(host, self.actor)
        cover.unlock_requested.connect(lambda password, c=cover: self.try_unlock(password, c))
        cover.show()
        self.covers.append(cover)
        return cover

    def try_unlock(self, password: str, cover: LockCover | None = None) -> bool:
        try:
            self.accounts.confirm_password(self.actor, password)
        except SignInRefused as refusal:
            for each in self.covers:
                if cover is None or each is cover:
                    each.show_problem(str(refusal))
            return False
        self.unlock()
        return True

    def unlock(self) -> None:
        covers, self.covers = self.covers, []
        for cover in covers:
            with contextlib.suppress(RuntimeError):  # its window may have been closed
                cover.host.removeEventFilter(cover)
                cover.hide()
                cover.deleteLater()
        self.action.setEnabled(True)
        self.timer.start()
        self.locked_changed.emit(False)
