"""The Referrals page: referrals with their 48-hour clock, updating while it is open.

Quick filters (``referral_filters``) choose which referrals show, open ones due first by
default; a supervisor selects several (Shift or Ctrl with the arrows or a click) and
allocates them to one caseworker at once.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QPushButton, QVBoxLayout, QWidget

from diversion_app.domain.permissions import Permission
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.base.permissions import can
from diversion_app.services.referrals.referral_list import ReferralRow
from diversion_app.services.registry import Services
from diversion_app.ui.casework.casework_buttons import CaseworkButtons
from diversion_app.ui.referrals.referral_actions import AllocateDialog
from diversion_app.ui.referrals.referral_columns import CLOCK_REFRESH_MS, REFERRAL_COLUMNS
from diversion_app.ui.referrals.referral_filters import ReferralQuickFilters
from diversion_app.ui.referrals.referral_form import ReferralForm
from diversion_app.ui.referrals.referral_record import open_referral
from diversion_app.ui.widgets.lazy_table import LazyTableModel
from diversion_app.ui.widgets.list_page import ListPage
from diversion_app.ui.widgets.page_base import Page


class ReferralsPage(Page):
    title = "Referrals"

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, parent)
        listing = services.referral_list
        self.filters = ReferralQuickFilters(services, actor)
        self.model: LazyTableModel[ReferralRow] = LazyTableModel(
            REFERRAL_COLUMNS,
            lambda request: listing.page(actor, self._request(request), self.filters.current()),
            lambda text: listing.count(actor, text, self.filters.current()),
            fetch_first=lambda request: listing.first_page(
                actor, self._request(request), self.filters.current()
            ),
            parent=self,
        )
        self.list = ListPage(
            self.title,
            self.model,
            noun=("referral", "referrals"),
            search_hint="Search referrals by the young person's name",
        )
        self.form: QWidget | None = None
        self.opened: QWidget | None = None
        self.new_button = QPushButton("&New referral")
        self.new_button.setAccessibleName("New referral")
        self.new_button.setShortcut(QKeySequence.StandardKey.New)
        self.new_button.setToolTip("Make a referral to the YOS (Ctrl+N)")
        self.new_button.clicked.connect(self.new_referral)
        self.new_button.setVisible(can(actor, Permission.MAKE_REFERRAL))
        self.list.toolbar.addWidget(self.new_button)
        self.list.on_row_activated(lambda row: self.open_referral(row.id))
        self.casework = CaseworkButtons(
            services, actor, self.selected_referral_id, self.model.refresh_loaded, self
        )
        self.list.toolbar.addWidget(self.casework)
        self.allocate_button = QPushButton("A&llocate selected…")
        self.allocate_button.setAccessibleName("Allocate the selected referrals")
        self.allocate_button.setToolTip("Select several with Shift or Ctrl, then allocate them")
        self.allocate_button.clicked.connect(self.allocate_selected)
        self.allocate_button.setVisible(can(actor, Permission.ALLOCATE))
        self.list.toolbar.addWidget(self.allocate_button)
        if can(actor, Permission.ALLOCATE):
            self.list.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.heading.setText(self.filters.describe())
        self.filters.changed.connect(self._filters_changed)
        self.allocate_dialog: AllocateDialog | None = None
        self.list.table.selectionModel().selectionChanged.connect(
            lambda *_: self.casework.set_enabled_for(self.selected_referral_id())
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filters)
        layout.addWidget(self.list)
        self.clock_timer = QTimer(self)
        self.clock_timer.setInterval(CLOCK_REFRESH_MS)
        self.clock_timer.timeout.connect(self.model.refresh_loaded)
        self.clock_timer.start()

    def refresh(self) -> None:
        self.list.reload()
        self.casework.set_enabled_for(self.selected_referral_id())

    def _request(self, request: PageRequest) -> PageRequest:
        if request.sort is not None:
            return request
        scope = self.filters.current_scope()
        return replace(request, sort=scope.sort, descending=scope.descending)

    def _filters_changed(self) -> None:
        self.list.heading.setText(self.filters.describe())
        self.list.heading.setAccessibleName(self.filters.describe())
        self.list.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.list.reload()

    def selected_referral_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.list.table.selectionModel().selectedRows()})
        return [int(self.model.row_at(row).id) for row in rows]

    def allocate_selected(self) -> None:
        """Allocate every selected referral to one caseworker, in one action."""
        chosen = self.selected_referral_ids()
        if not chosen:
            self.list.empty_label.setText("Select the referrals to allocate first.")
            self.list.empty_label.show()
            return
        dialog = AllocateDialog(self.services, self.actor, chosen, "", self)
        dialog.accepted.connect(self.refresh)
        self.allocate_dialog = dialog
        dialog.open()

    def selected_referral_id(self) -> int | None:
        row = self.list.current_row()
        return None if row is None else int(row.id)

    def new_referral(self) -> None:
        form = ReferralForm(self.services, self.actor, self)
        form.referral_made.connect(self._made)
        form.open_existing.connect(self.open_referral)
        self.form = form
        form.open()

    def open_referral(self, referral_id: int) -> None:
        window = open_referral(self, self.services, self.actor, referral_id)
        if window is not None:
            window.view.changed.connect(self.model.refresh_loaded)
            self.opened = window

    def _made(self, referral_id: int) -> None:
        self.refresh()
        self.open_referral(referral_id)
