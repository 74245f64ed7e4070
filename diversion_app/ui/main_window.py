"""The main window: navigation between the pages, the About box, saved geometry.

It also shows other users' changes: a ``ChangeWatcher`` polls every two seconds and the
page on show, and any open record window whose young person changed, are refreshed.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from diversion_app import APP_NAME, __version__
from diversion_app.domain.enums import Role
from diversion_app.domain.permissions import Permission
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.change_watch import Changes, ChangeWatch
from diversion_app.services.base.permissions import can
from diversion_app.services.referrals.clock_watch import ClockAlert
from diversion_app.services.registry import Services
from diversion_app.ui.accounts.admin_page import AdminPage
from diversion_app.ui.accounts.audit_page import AuditPage
from diversion_app.ui.accounts.own_password_dialog import ChangeOwnPasswordDialog
from diversion_app.ui.casework.diary_page import DiaryPage
from diversion_app.ui.people.subject_access_page import SubjectAccessPage
from diversion_app.ui.people.young_people_page import YoungPeoplePage
from diversion_app.ui.people.young_person_record import YoungPersonRecordWindow
from diversion_app.ui.referrals.clock_notifier import ClockNotifier, NotificationBanner
from diversion_app.ui.referrals.dashboard_page import DashboardPage
from diversion_app.ui.referrals.referral_record import ReferralRecordWindow, open_referral
from diversion_app.ui.referrals.referrals_page import ReferralsPage
from diversion_app.ui.reports.reports_page import ReportsPage
from diversion_app.ui.retention.review_page import RetentionPage
from diversion_app.ui.schools.schools_page import SchoolsPage
from diversion_app.ui.style import STYLE_SHEET, apply_palette
from diversion_app.ui.widgets import desk_policy
from diversion_app.ui.widgets.change_watcher import ChangeWatcher
from diversion_app.ui.widgets.page_base import Page
from diversion_app.ui.widgets.screen_fit import page_scroller

log = logging.getLogger(__name__)

PAGE_TYPES: list[tuple[type[Page], Permission]] = [
    (DashboardPage, Permission.VIEW_CASES),
    (YoungPeoplePage, Permission.VIEW_CASES),
    (ReferralsPage, Permission.VIEW_CASES),
    (DiaryPage, Permission.VIEW_CASES),
    (SchoolsPage, Permission.VIEW_CASES),
    (ReportsPage, Permission.VIEW_CASES),
    (AdminPage, Permission.MANAGE_ACCOUNTS),
    (AuditPage, Permission.READ_AUDIT),
    (SubjectAccessPage, Permission.SUBJECT_ACCESS),
    (RetentionPage, Permission.REVIEW_RETENTION),
]


class MainWindow(QMainWindow):
    signed_out = Signal()
    """Sign out or Switch user: the window has closed and the sign-in should come back."""

    def __init__(self, services: Services, actor: Actor, database: str) -> None:
        super().__init__()
        desk_policy.install()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_palette(app)
        self.services = services
        self.actor = actor
        self.database = database
        self.opened_referral: ReferralRecordWindow | None = None
        self.signing_out = False
        self.setWindowTitle(f"{APP_NAME} — {database}")
        self.setStyleSheet(STYLE_SHEET)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Pages")
        self.navigation.setFixedWidth(190)
        self.stack = QStackedWidget()
        self.pages: dict[str, Page] = {}
        for page_type, permission in PAGE_TYPES:
            if not any(can(actor, p) for p in (permission, *page_type.also_for)):
                continue
            page = page_type(services, actor)
            self.pages[page_type.title] = page
            self.stack.addWidget(page)
            self.navigation.addItem(page_type.title)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        self.banner = NotificationBanner()
        right.addWidget(self.banner)
        right.addWidget(page_scroller(self.stack), 1)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)
        self.navigation.currentRowChanged.connect(self._show_page)
        self._build_menus()
        user = QLabel(f"Signed in as {actor.display_name}")
        user.setAccessibleName("Signed-in user")
        self.statusBar().addPermanentWidget(user)
        self.statusBar().addPermanentWidget(QLabel(f"Database: {database}"))
        self._restore_geometry()
        self.clock_notifier = ClockNotifier(services, actor, self)
        self.clock_notifier.alerted.connect(self.show_clock_alert)
        self.banner.open_referral.connect(self.open_referral)
        self.clock_notifier.poll()
        self.change_watcher = ChangeWatcher(ChangeWatch(services.ctx), self)
        self.change_watcher.changed.connect(self.show_others_changes)
        if self.navigation.count():
            self.show_page(start_page(actor, list(self.pages)))
            page = self.current_page()
            if isinstance(page, YoungPeoplePage) and page.list.search is not None:
                page.list.search.setFocus()  # an officer starts by finding the child

    def notify(self, text: str) -> None:
        """An in-app notification: a banner and the status bar, never a modal box."""
        self.banner.show_message(text)
        self.statusBar().showMessage(text, 60_000)

    def show_clock_alert(self, text: str, alert: ClockAlert) -> None:
        """A clock alert in the banner (red with Open when overdue) and the status bar."""
        self.banner.show_alert(text, alert)
        self.statusBar().showMessage(text, 60_000)

    def open_referral(self, referral_id: int) -> None:
        self.opened_referral = open_referral(self, self.services, self.actor, referral_id)

    # --- navigation ---------------------------------------------------------------------
    def show_page(self, title: str) -> Page:
        page = self.pages[title]
        self.navigation.setCurrentRow(self.stack.indexOf(page))
        return page

    def current_page(self) -> Page:
        page = self.stack.currentWidget()
        assert isinstance(page, Page)
        return page

    def _show_page(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        self.current_page().activate()

    # --- menus ----------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.file_menu = file_menu
        self.password_action = QAction("C&hange my password…", self)
        self.password_action.triggered.connect(self.change_own_password)
        self.password_action.setEnabled(self.actor.user_id is not None)
        file_menu.addAction(self.password_action)
        file_menu.addSeparator()
        self.switch_action = QAction("S&witch user…", self)
        self.switch_action.setStatusTip("Close this window and let someone else sign in")
        self.switch_action.triggered.connect(self.switch_user)
        file_menu.addAction(self.switch_action)
        self.sign_out_action = QAction("Sign &out", self)
        self.sign_out_action.setStatusTip("Close this window and go back to the sign-in")
        self.sign_out_action.triggered.connect(self.sign_out)
        file_menu.addAction(self.sign_out_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu("&View")
        refresh = QAction("&Refresh", self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(lambda: self.current_page().refresh())
        view_menu.addAction(refresh)
        for number, title in enumerate(self.pages, 1):
            action = QAction(title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, t=title: self.show_page(t))
            view_menu.addAction(action)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About Diversion", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def change_own_password(self) -> None:
        self.password_dialog = ChangeOwnPasswordDialog(self.services, self.actor, self)
        self.password_dialog.accepted.connect(
            lambda: self.statusBar().showMessage("Your password has been changed.", 10_000)
        )
        self.password_dialog.open()

    def switch_user(self) -> None:
        """Sign out so that someone else can sign in (recorded as a switch of user)."""
        self.sign_out(switching_user=True)

    def sign_out(self, switching_user: bool = False) -> None:
        """Close every window of this session; the sign-in comes back (see ``app.run_gui``).

        The end of the session is in the audit trail, like the sign-in.
        """
        try:
            self.services.accounts.sign_out(self.actor, switching_user=switching_user)
        except Exception as error:  # signed out even if the database cannot record it now
            log.warning("sign-out not recorded in the audit trail: %s", type(error).__name__)
        self.signing_out = True
        for window in QApplication.topLevelWidgets():
            if window is not self and window.isVisible():
                window.close()
        self.close()
        self.signed_out.emit()

    def about_text(self) -> str:
        return (
            f"<b>{APP_NAME}</b> version {__version__}<br>"
            "Case tracking for the police and Youth Offending Service youth diversion scheme."
            f"<br><br>Database in use:<br>{_escape(self.database)}"
        )

    def show_about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(f"About {APP_NAME}")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(self.about_text())
        box.open()

    # --- geometry -------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        saved = QSettings().value("main_window/geometry")
        if isinstance(saved, QByteArray) and self.restoreGeometry(saved):
            return
        self.resize(1280, 800)

    def show_others_changes(self, changes: Changes) -> None:
        """Another user changed data: refresh the page on show and the records it touched.

        Forms are left alone (nothing half-typed is lost); a form saved over someone
        else's change is refused at save instead (``widgets.stale_save``).
        """
        if self.navigation.count():
            self.current_page().show_others_changes()
        self.clock_notifier.poll()  # the banner: a clock another user's change moved
        for window in QApplication.topLevelWidgets():
            if not window.isVisible():
                continue
            if isinstance(window, YoungPersonRecordWindow):
                if changes.touches(window.young_person_id):
                    window.reload()
            elif isinstance(window, ReferralRecordWindow):
                record = window.view.record
                if record is not None and changes.touches(record.young_person_id):
                    window.view.reload()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.change_watcher.stop()
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)


def start_page(actor: Actor, titles: list[str]) -> str:
    """The first page for the actor's work: casework on the Dashboard, officers on Young
    people, SPOCs on Schools, administrators on Administration."""
    wanted = [
        (Role.CASEWORKER, DashboardPage.title),
        (Role.SUPERVISOR, DashboardPage.title),
        (Role.OFFICER, YoungPeoplePage.title),
        (Role.SPOC, SchoolsPage.title),
        (Role.ADMINISTRATOR, AdminPage.title),
    ]
    for role, title in wanted:
        if role in actor.roles and title in titles:
            return title
    return titles[0]


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
