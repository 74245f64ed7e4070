"""The Dashboard: the 48-hour clock at a glance, and what is due first.

A supervisor sees the team's counts (overdue, due soon, unallocated, met and missed in
the last 7 and 28 days); each tile opens the list behind it. A caseworker sees the same
for their own referrals, and their referrals ordered by what is due first, under their
Today: the visits booked for today (Enter opens the referral), the first contacts that
fall due today and how many are overdue. The tiles sit in one compact row that wraps on
a narrow screen; Overdue is red and Due soon amber, in words as well as colour.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractItemView, QPushButton, QVBoxLayout, QWidget

from diversion_app.domain.permissions import Permission
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.base.permissions import can
from diversion_app.services.referrals.dashboard import DashboardCounts
from diversion_app.services.referrals.referral_list import ReferralFilter, ReferralRow
from diversion_app.services.registry import Services
from diversion_app.ui.referrals.outcome22_tasks import Outcome22Tasks
from diversion_app.ui.referrals.referral_actions import AllocateDialog
from diversion_app.ui.referrals.referral_columns import CLOCK_REFRESH_MS, REFERRAL_COLUMNS
from diversion_app.ui.referrals.referral_record import ReferralRecordWindow, open_referral
from diversion_app.ui.referrals.today_panel import TodayPanel
from diversion_app.ui.widgets.flow_layout import FlowLayout
from diversion_app.ui.widgets.lazy_table import LazyTableModel
from diversion_app.ui.widgets.list_page import ListPage
from diversion_app.ui.widgets.page_base import Page


@dataclass(frozen=True)
class Tile:
    key: str
    caption: str
    list_title: str
    filter: ReferralFilter
    sort: str
    descending: bool = False
    team_only: bool = False


TILES: list[Tile] = [
    Tile(
        "overdue",
        "Overdue",
        "Overdue, most overdue first",
        ReferralFilter(overdue_only=True),
        "due",
    ),
    Tile(
        "due_soon",
        "Due soon (12 h)",
        "Due soon, due first",
        ReferralFilter(due_soon_only=True),
        "due",
    ),
    Tile(
        "unallocated",
        "Unallocated",
        "Unallocated, oldest first",
        ReferralFilter(unallocated_only=True),
        "received_at",
        team_only=True,
    ),
    Tile(
        "open_referrals",
        "Open referrals",
        "Open referrals, due first",
        ReferralFilter(open_only=True),
        "urgency",
    ),
    Tile(
        "met_last_7_days",
        "Met, last 7 days",
        "Clock met in the last 7 days",
        ReferralFilter(met_within_days=7),
        "received_at",
        True,
    ),
    Tile(
        "missed_last_7_days",
        "Missed, last 7 days",
        "Clock missed in the last 7 days",
        ReferralFilter(missed_within_days=7),
        "received_at",
        True,
    ),
    Tile(
        "met_last_28_days",
        "Met, last 28 days",
        "Clock met in the last 28 days",
        ReferralFilter(met_within_days=28),
        "received_at",
        True,
    ),
    Tile(
        "missed_last_28_days",
        "Missed, last 28 days",
        "Clock missed in the last 28 days",
        ReferralFilter(missed_within_days=28),
        "received_at",
        True,
    ),
]
TILES += [
    Tile(
        "assessments_overdue",
        "Assessment overdue",
        "Assessment past its 10 working days, oldest due first",
        ReferralFilter(assessment_overdue_only=True),
        "assessment_due",
    ),
    Tile(
        "recommendations_overdue",
        "Advice overdue",
        "Recommendation (advice) to the police past its 15 working days",
        ReferralFilter(recommendation_overdue_only=True),
        "received_at",
    ),
]
DEFAULT_TILE = "open_referrals"


TILE_TONES = {"overdue": "overdue", "due_soon": "dueSoon"}
"""Tiles drawn in a warning colour (``ui/style.py``): red Overdue, amber Due soon."""


class CountTile(QPushButton):
    """A count that opens the list behind it (Enter, Space or a click)."""

    def __init__(self, tile: Tile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tile = tile
        self.setObjectName("countTile")
        self.setProperty("tone", TILE_TONES.get(tile.key, "plain"))
        self.setCheckable(True)
        self.setAccessibleName(tile.caption)
        self.setMinimumHeight(56)
        self.setMinimumWidth(128)
        self.set_value(0)

    def set_value(self, value: int) -> None:
        self.value = value
        self.setText(f"{value:,}\n{self.tile.caption}")
        self.setAccessibleDescription(f"{value} {self.tile.caption}; opens the list")


class DashboardPage(Page):
    title = "Dashboard"

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, parent)
        self.team_view = can(actor, Permission.ALLOCATE) or not (
            can(actor, Permission.WORK_REFERRAL) and actor.user_id is not None
        )
        self.caseworker_id = None if self.team_view else actor.user_id
        self.opened: ReferralRecordWindow | None = None
        layout = QVBoxLayout(self)
        self.outcome22 = Outcome22Tasks(
            services, actor, lambda referral_id: self.open_referral(referral_id), self
        )
        layout.addWidget(self.outcome22)
        self.today: TodayPanel | None = None
        if not self.team_view:
            self.today = TodayPanel(services, actor)
            self.today.open_referral.connect(self.open_referral)
            layout.addWidget(self.today)
        grid = FlowLayout()
        self.tiles: dict[str, CountTile] = {}
        shown = [t for t in TILES if self.team_view or not t.team_only]
        for tile in shown:
            button = CountTile(tile)
            button.setToolTip(tile.list_title)
            button.clicked.connect(lambda _checked=False, key=tile.key: self.open_tile(key))
            self.tiles[tile.key] = button
            grid.addWidget(button)
        layout.addLayout(grid)
        self.current = next(t for t in TILES if t.key == DEFAULT_TILE)
        listing = services.referral_list
        self.model: LazyTableModel[ReferralRow] = LazyTableModel(
            REFERRAL_COLUMNS,
            lambda request: listing.page(actor, self._request(request), self.current_filter()),
            lambda text: listing.count(actor, text, self.current_filter()),
            parent=self,
        )
        self.list = ListPage(self._list_title(), self.model, noun=("referral", "referrals"))
        self.list.on_row_activated(self.open_row)
        self.allocate_dialog: AllocateDialog | None = None
        if can(actor, Permission.ALLOCATE):
            self.allocate_button = QPushButton("A&llocate selected…")
            self.allocate_button.setAccessibleName("Allocate the selected referrals")
            self.allocate_button.setToolTip("Select several with Shift or Ctrl, then allocate")
            self.allocate_button.clicked.connect(self.allocate_selected)
            self.list.toolbar.addWidget(self.allocate_button)
            self.list.toolbar.addStretch(1)
            self.list.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        layout.addWidget(self.list, 1)
        self.tiles[DEFAULT_TILE].setChecked(True)
        self.timer = QTimer(self)
        self.timer.setInterval(CLOCK_REFRESH_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def _list_title(self) -> str:
        if self.team_view:
            return self.current.list_title
        if self.current.key == DEFAULT_TILE:
            return "My referrals, due first"
        return f"My referrals: {self.current.list_title[:1].lower()}{self.current.list_title[1:]}"

    def current_filter(self) -> ReferralFilter:
        if self.caseworker_id is None:
            return self.current.filter
        return replace(self.current.filter, caseworker_id=self.caseworker_id)

    def _request(self, request: PageRequest) -> PageRequest:
        if request.sort is not None:
            return request
        return replace(request, sort=self.current.sort, descending=self.current.descending)

    def open_tile(self, key: str) -> None:
        """Show the list behind a tile (the tile stays pressed)."""
        self.current = next(t for t in TILES if t.key == key)
        for tile_key, button in self.tiles.items():
            button.setChecked(tile_key == key)
        self.list.heading.setText(self._list_title())
        self.list.heading.setAccessibleName(self._list_title())
        self.list.reload()

    def allocate_selected(self) -> None:
        """Allocate the selected referrals (say, the Unallocated tile's) in one action."""
        rows = sorted({index.row() for index in self.list.table.selectionModel().selectedRows()})
        chosen = [int(self.model.row_at(row).id) for row in rows]
        if not chosen:
            self.list.empty_label.setText("Select the referrals to allocate first.")
            self.list.empty_label.show()
            return
        dialog = AllocateDialog(self.services, self.actor, chosen, "", self)
        dialog.accepted.connect(self.refresh)
        self.allocate_dialog = dialog
        dialog.open()

    def open_row(self, row: ReferralRow) -> None:
        self.open_referral(row.id)

    def open_referral(self, referral_id: int) -> None:
        self.opened = open_referral(self, self.services, self.actor, referral_id)
        if self.opened is not None:
            self.opened.view.changed.connect(self.refresh)

    def refresh_counts(self) -> None:
        counts: DashboardCounts = self.services.dashboard.counts(self.actor, self.caseworker_id)
        for key, tile in self.tiles.items():
            tile.set_value(getattr(counts, key))

    def refresh(self) -> None:
        self.refresh_counts()
        self.outcome22.refresh()
        if self.today is not None:
            self.today.refresh()
        self.list.reload()

    def tick(self) -> None:
        """Every half minute: the counts and the clocks shown move on with time."""
        self.refresh_counts()
        if self.today is not None:
            self.today.refresh()
        self.model.refresh_loaded()
