"""The main window: navigation between the pages, the About box, saved geometry."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
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
from diversion_app.domain.permissions import Permission
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.permissions import can
from diversion_app.services.registry import Services
from diversion_app.ui.accounts.admin_page import AdminPage
from diversion_app.ui.accounts.audit_page import AuditPage
from diversion_app.ui.casework.diary_page import DiaryPage
from diversion_app.ui.people.young_people_page import YoungPeoplePage
from diversion_app.ui.referrals.clock_notifier import ClockNotifier, NotificationBanner
from diversion_app.ui.referrals.dashboard_page import DashboardPage
from diversion_app.ui.referrals.referrals_page import ReferralsPage
from diversion_app.ui.reports.reports_page import ReportsPage
from diversion_app.ui.retention.review_page import RetentionPage
from diversion_app.ui.schools.schools_page import SchoolsPage
from diversion_app.ui.style import STYLE_SHEET
from diversion_app.ui.widgets.page_base import Page

PAGE_TYPES: list[tuple[type[Page], Permission]] = [
    (DashboardPage, Permission.VIEW_CASES),
    (YoungPeoplePage, Permission.VIEW_CASES),
    (ReferralsPage, Permission.VIEW_CASES),
    (DiaryPage, Permission.VIEW_CASES),
    (SchoolsPage, Permission.VIEW_CASES),
    (ReportsPage, Permission.VIEW_CASES),
    (AdminPage, Permission.MANAGE_ACCOUNTS),
    (AuditPage, Permission.READ_AUDIT),
    (RetentionPage, Permission.REVIEW_RETENTION),
]


class MainWindow(QMainWindow):
    def __init__(self, services: Services, actor: Actor, database: str) -> None:
        super().__init__()
        self.services = services
        self.actor = actor
        self.database = database
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
        right.addWidget(self.stack, 1)
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
        self.clock_notifier.notify.connect(self.notify)
        self.clock_notifier.poll()
        if self.navigation.count():
            self.navigation.setCurrentRow(0)

    def notify(self, text: str) -> None:
        """An in-app notification: a banner and the status bar, never a modal box."""
        self.banner.show_message(text)
        self.statusBar().showMessage(text, 60_000)

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

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
