"""The main window: navigation between the pages, the About box, saved geometry.

It also shows other users' changes: a ``ChangeWatcher`` polls every two seconds and the
page on show, and any open record window whose young person changed, are refreshed.

The shell (menus, navigation, status bar) needs no database: it can show while the data
layer is still loading (a ``ServicesLoader``), and imports none of it. Each page is built
the first time it is shown, so a start builds only the first page.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
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
from diversion_app.domain.permissions import Permission, allows
from diversion_app.services.base.actor import Actor
from diversion_app.ui.data_loader import ServicesLoader
from diversion_app.ui.style import STYLE_SHEET, apply_palette
from diversion_app.ui.widgets import desk_policy
from diversion_app.ui.widgets.page_base import Page
from diversion_app.ui.widgets.screen_fit import page_scroller

if TYPE_CHECKING:  # the data layer is imported once the shell is on screen
    from diversion_app.services.base.change_watch import Changes
    from diversion_app.services.referrals.clock_watch import ClockAlert
    from diversion_app.services.registry import Services
    from diversion_app.ui.referrals.clock_notifier import ClockNotifier, NotificationBanner
    from diversion_app.ui.referrals.referral_record import ReferralRecordWindow
    from diversion_app.ui.widgets.change_watcher import ChangeWatcher


@dataclass(frozen=True)
class PageEntry:
    """A page of the main window, named without importing it (pages load their services)."""

    title: str
    module: str
    class_name: str
    permissions: tuple[Permission, ...]
    """Any one of these shows the page."""

    def page_type(self) -> type[Page]:
        page_type = getattr(importlib.import_module(self.module), self.class_name)
        if not (isinstance(page_type, type) and issubclass(page_type, Page)):
            raise TypeError(f"{self.module}.{self.class_name} is not a page")
        if page_type.title != self.title:
            raise TypeError(f"{self.class_name} is titled {page_type.title!r}, not {self.title!r}")
        return page_type


log = logging.getLogger(__name__)

_UI = "diversion_app.ui"
DASHBOARD = "Dashboard"
YOUNG_PEOPLE = "Young people"
SCHOOLS = "Schools"
ADMINISTRATION = "Administration"
PAGE_TYPES: list[PageEntry] = [
    PageEntry(
        DASHBOARD, f"{_UI}.referrals.dashboard_page", "DashboardPage", (Permission.VIEW_CASES,)
    ),
    PageEntry(
        YOUNG_PEOPLE, f"{_UI}.people.young_people_page", "YoungPeoplePage", (Permission.VIEW_CASES,)
    ),
    PageEntry(
        "Referrals", f"{_UI}.referrals.referrals_page", "ReferralsPage", (Permission.VIEW_CASES,)
    ),
    PageEntry("Diary", f"{_UI}.casework.diary_page", "DiaryPage", (Permission.VIEW_CASES,)),
    PageEntry(
        SCHOOLS,
        f"{_UI}.schools.schools_page",
        "SchoolsPage",
        (Permission.VIEW_CASES, Permission.MANAGE_REFERENCE_LISTS),
    ),
    PageEntry("Reports", f"{_UI}.reports.reports_page", "ReportsPage", (Permission.VIEW_CASES,)),
    PageEntry(
        ADMINISTRATION, f"{_UI}.accounts.admin_page", "AdminPage", (Permission.MANAGE_ACCOUNTS,)
    ),
    PageEntry("Audit trail", f"{_UI}.accounts.audit_page", "AuditPage", (Permission.READ_AUDIT,)),
    PageEntry(
        "Subject access",
        f"{_UI}.people.subject_access_page",
        "SubjectAccessPage",
        (Permission.SUBJECT_ACCESS,),
    ),
    PageEntry(
        "Retention review",
        f"{_UI}.retention.review_page",
        "RetentionPage",
        (Permission.REVIEW_RETENTION,),
    ),
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
    signed_out = Signal()
    """Sign out or Switch user: the window has closed and the sign-in should come back."""

    services: Services
    """Set once the data layer is loaded (at once when given the services themselves)."""
    banner: NotificationBanner
    clock_notifier: ClockNotifier
    change_watcher: ChangeWatcher

    def __init__(self, services: Services | ServicesLoader, actor: Actor, database: str) -> None:
        super().__init__()
        desk_policy.install()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_palette(app)
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
        self.opening.setWordWrap(True)
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
        self.right.addWidget(page_scroller(self.stack), 1)
        layout.addLayout(self.right, 1)
        self.setCentralWidget(central)
        self.navigation.currentRowChanged.connect(self._show_page)
        self._build_menus()
        user = QLabel(f"Signed in as {actor.display_name}")
        user.setAccessibleName("Signed-in user")
        self.statusBar().addPermanentWidget(user)
        self.statusBar().addPermanentWidget(QLabel(f"Database: {database}"))
        self._restore_geometry()
        if self.navigation.count():  # chosen now, built once the data is here
            self.navigation.setCurrentRow(
                list(self.pages).index(start_page(actor, list(self.pages)))
            )
        if isinstance(services, ServicesLoader):
            self.loader: ServicesLoader | None = services
            services.loaded.connect(self.data_ready)
            services.failed.connect(self.opening.setText)
            if services.finished:
                QTimer.singleShot(0, lambda: self.data_ready(services.wait()))
        else:
            self.loader = None
            self.data_ready(services)

    @property
    def ready(self) -> bool:
        """The services are here (pages can be built)."""
        return hasattr(self, "services")

    def data_ready(self, services: Services) -> None:
        """The data layer is loaded: show the chosen page, then watch clocks and changes."""
        if self.ready:
            return
        from diversion_app.services.base.change_watch import ChangeWatch
        from diversion_app.ui.referrals.clock_notifier import ClockNotifier, NotificationBanner
        from diversion_app.ui.widgets.change_watcher import ChangeWatcher

        self.services = services
        self.banner = NotificationBanner()
        self.right.insertWidget(0, self.banner)
        self.banner.open_referral.connect(self.open_referral)
        self.clock_notifier = ClockNotifier(services, self.actor, self)
        self.clock_notifier.alerted.connect(self.show_clock_alert)
        if self.navigation.currentRow() >= 0:
            self._show_page(self.navigation.currentRow())
            page = self.current_page()
            search = getattr(getattr(page, "list", None), "search", None)
            if page.title == YOUNG_PEOPLE and search is not None:
                search.setFocus()  # an officer starts by finding the child
        self.clock_notifier.poll()
        self.change_watcher = ChangeWatcher(ChangeWatch(services.ctx), self)
        self.change_watcher.changed.connect(self.show_others_changes)

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

    def show_clock_alert(self, text: str, alert: ClockAlert) -> None:
        """A clock alert in the banner (red with Open when overdue) and the status bar."""
        self.banner.show_alert(text, alert)
        self.statusBar().showMessage(text, 60_000)

    def open_referral(self, referral_id: int) -> None:
        from diversion_app.ui.referrals.referral_record import open_referral

        self.opened_referral = open_referral(self, self.services, self.actor, referral_id)

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
        if self.ready and self.navigation.count():
            self.current_page().refresh()

    def change_own_password(self) -> None:
        from diversion_app.ui.accounts.own_password_dialog import ChangeOwnPasswordDialog

        if not self.ready and self.loader is not None:
            self.data_ready(self.loader.wait())
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
        from diversion_app.ui.people.young_person_record import YoungPersonRecordWindow
        from diversion_app.ui.referrals.referral_record import ReferralRecordWindow

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
        if self.ready:
            self.change_watcher.stop()
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)


def start_page(actor: Actor, titles: list[str]) -> str:
    """The first page for the actor's work: casework on the Dashboard, officers on Young
    people, SPOCs on Schools, administrators on Administration."""
    wanted = [
        (Role.CASEWORKER, DASHBOARD),
        (Role.SUPERVISOR, DASHBOARD),
        (Role.OFFICER, YOUNG_PEOPLE),
        (Role.SPOC, SCHOOLS),
        (Role.ADMINISTRATOR, ADMINISTRATION),
    ]
    for role, title in wanted:
        if role in actor.roles and title in titles:
            return title
    return titles[0]


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
