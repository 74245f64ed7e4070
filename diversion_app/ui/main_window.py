"""The main window: navigation between the pages, the About box, saved geometry.

The shell (menus, navigation, status bar) needs no database: it can show while the
data layer is still loading (a ``ServicesLoader``). Each page is built the first time
it is shown, so a start builds only the first page.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
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
from diversion_app.domain.permissions import Permission, allows
from diversion_app.services.base.actor import Actor
from diversion_app.ui.data_loader import ServicesLoader
from diversion_app.ui.style import STYLE_SHEET
from diversion_app.ui.widgets.page_base import Page

if TYPE_CHECKING:
    from diversion_app.services.registry import Services


@dataclass(frozen=True)
class PageEntry:
    """A page of the main window, named without importing it (pages load their services)."""

    title: str
    module: str
    class_name: str
    permissions: tuple[Permission, ...]
    """Any one of these shows the page."""

    def page_type(self) -> type[Page]:
        page_type: type[Page] = getattr(importlib.import_module(self.module), self.class_name)
        assert issubclass(page_type, Page) and page_type.title == self.title
        return page_type


_UI = "diversion_app.ui"
PAGE_TYPES: list[PageEntry] = [
    PageEntry(
        "Dashboard", f"{_UI}.referrals.dashboard_page", "DashboardPage", (Permission.VIEW_CASES,)
    ),
    PageEntry(
        "Young people",
        f"{_UI}.people.young_people_page",
        "YoungPeoplePage",
        (Permission.VIEW_CASES,),
    ),
    PageEntry(
        "Referrals", f"{_UI}.referrals.referrals_page", "ReferralsPage", (Permission.VIEW_CASES,)
    ),
    PageEntry("Diary", f"{_UI}.casework.diary_page", "DiaryPage", (Permission.VIEW_CASES,)),
    PageEntry(
        "Schools",
        f"{_UI}.schools.schools_page",
        "SchoolsPage",
        (Permission.VIEW_CASES, Permission.MANAGE_REFERENCE_LISTS),
    ),
    PageEntry("Reports", f"{_UI}.reports.reports_page", "ReportsPage", (Permission.VIEW_CASES,)),
    PageEntry(
        "Administration", f"{_UI}.accounts.admin_page", "AdminPage", (Permission.MANAGE_ACCOUNTS,)
    ),
    PageEntry("Audit trail", f"{_UI}.accounts.audit_page", "AuditPage", (Permission.READ_AUDIT,)),
]


class LazyPages(Mapping[str, Page]):
    """The pages the person may see, by title; a page is built when first asked for."""

    def __init__(self, window: MainWindow, entries: list[PageEntry]) -> None:
        self._window = window
        self._entries = {entry.title: entry for entry in entries}
        self.built: dict[str, Page] = {}

    def __getitem__(self, title: str) -> Page:
        if title not in self.built:
            entry = self._entries[title]  # KeyError for a page this person cannot see
            self.built[title] = self._window.build_page(entry)
        return self.built[title]

    def __contains__(self, title: object) -> bool:  # without building the page
        return title in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


class MainWindow(QMainWindow):
    services: Services
    """Set once the data layer is loaded (at once when given the services themselves)."""

    def __init__(self, services: Services | ServicesLoader, actor: Actor, database: str) -> None:
        super().__init__()
        self.actor = actor
        self.database = database
        self.setWindowTitle(f"{APP_NAME} — {database}")
        self.setStyleSheet(STYLE_SHEET)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Pages")
        self.navigation.setFixedWidth(190)
        self.stack = QStackedWidget()
        entries = [
            entry
            for entry in PAGE_TYPES
            if any(allows(actor.roles, permission) for permission in entry.permissions)
        ]
        self.pages = LazyPages(self, entries)
        for entry in entries:
            self.navigation.addItem(entry.title)
        self.opening = QLabel("Opening the database…")
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.opening.setAccessibleName("Opening the database")
        self.stack.addWidget(self.opening)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        self.right = QVBoxLayout()
        self.right.setContentsMargins(0, 0, 0, 0)
        self.right.setSpacing(0)
        self.right.addWidget(self.stack, 1)
        layout.addLayout(self.right, 1)
        self.setCentralWidget(central)
        self.navigation.currentRowChanged.connect(self._show_page)
        self._build_menus()
        user = QLabel(f"Signed in as {actor.display_name}")
        user.setAccessibleName("Signed-in user")
        self.statusBar().addPermanentWidget(user)
        self.statusBar().addPermanentWidget(QLabel(f"Database: {database}"))
        if isinstance(services, ServicesLoader):
            self.loader: ServicesLoader | None = services
            services.loaded.connect(self.data_ready)
            services.failed.connect(self.opening.setText)
            if self.navigation.count():
                self.navigation.setCurrentRow(0)  # chosen now, built once the data is here
            if services.finished:
                QTimer.singleShot(0, lambda: self.data_ready(services.wait()))
        else:
            self.loader = None
            self.data_ready(services)
        self._restore_geometry()

    @property
    def ready(self) -> bool:
        """The services are here (pages can be built)."""
        return hasattr(self, "services")

    def data_ready(self, services: Services) -> None:
        """The data layer is loaded: show the current page, then start watching clocks."""
        if self.ready:
            return
        from diversion_app.ui.referrals.clock_notifier import ClockNotifier, NotificationBanner

        self.services = services
        self.banner = NotificationBanner()
        self.right.insertWidget(0, self.banner)
        self.clock_notifier = ClockNotifier(services, self.actor, self)
        self.clock_notifier.notify.connect(self.notify)
        if self.navigation.currentRow() >= 0:
            self._show_page(self.navigation.currentRow())
        elif self.navigation.count():
            self.navigation.setCurrentRow(0)
        # the first page's figures first; the clock watch once they are on screen
        QTimer.singleShot(0, self.clock_notifier.poll)

    def build_page(self, entry: PageEntry) -> Page:
        if not self.ready and self.loader is not None:
            self.data_ready(self.loader.wait())
        page = entry.page_type()(self.services, self.actor)
        self.stack.addWidget(page)
        return page

    def notify(self, text: str) -> None:
        """An in-app notification: a banner and the status bar, never a modal box."""
        self.banner.show_message(text)
        self.statusBar().showMessage(text, 60_000)

    # --- navigation ---------------------------------------------------------------------
    def show_page(self, title: str) -> Page:
        page = self.pages[title]
        self.navigation.setCurrentRow(list(self.pages).index(title))
        return page

    def current_page(self) -> Page:
        page = self.stack.currentWidget()
        if not isinstance(page, Page):  # still opening the database
            page = self.pages[list(self.pages)[max(self.navigation.currentRow(), 0)]]
            self.stack.setCurrentWidget(page)
        return page

    def _show_page(self, row: int) -> None:
        if row < 0 or not self.ready:
            return
        page = self.pages[list(self.pages)[row]]
        self.stack.setCurrentWidget(page)
        page.activate()

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
        refresh.triggered.connect(self._refresh_current)
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

    def _refresh_current(self) -> None:
        if self.ready:
            self.current_page().refresh()

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
