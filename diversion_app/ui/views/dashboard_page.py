"""The Dashboard: the 48-hour clock across the team at a glance, and what is due first."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from diversion_app.services.actor import Actor
from diversion_app.services.dashboard import DashboardCounts
from diversion_app.services.listing import PageRequest
from diversion_app.services.referrals import ReferralFilter, ReferralRow
from diversion_app.services.registry import Services
from diversion_app.ui.models.lazy_table import LazyTableModel
from diversion_app.ui.views.base import Page
from diversion_app.ui.views.referrals_page import CLOCK_REFRESH_MS, REFERRAL_COLUMNS
from diversion_app.ui.widgets.list_page import ListPage

TILES: list[tuple[str, str]] = [
    ("overdue", "Overdue"),
    ("due_soon", "Due soon (12 h)"),
    ("unallocated", "Unallocated"),
    ("open_referrals", "Open referrals"),
    ("met_last_7_days", "Met, last 7 days"),
    ("missed_last_7_days", "Missed, last 7 days"),
    ("met_last_28_days", "Met, last 28 days"),
    ("missed_last_28_days", "Missed, last 28 days"),
]


class CountTile(QFrame):
    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("countTile")
        layout = QVBoxLayout(self)
        self.value = QLabel("0")
        self.value.setObjectName("tileValue")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(caption)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setAccessibleName(caption)

    def set_value(self, value: int) -> None:
        self.value.setText(f"{value:,}")
        self.setAccessibleDescription(f"{value} {self.caption.text()}")


class DashboardPage(Page):
    title = "Dashboard"

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, parent)
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.tiles: dict[str, CountTile] = {}
        for index, (key, caption) in enumerate(TILES):
            tile = CountTile(caption)
            self.tiles[key] = tile
            grid.addWidget(tile, index // 4, index % 4)
        layout.addLayout(grid)
        listing = services.referral_list
        due_first = ReferralFilter(open_only=True)
        self.model: LazyTableModel[ReferralRow] = LazyTableModel(
            REFERRAL_COLUMNS,
            lambda request: listing.page(
                actor, PageRequest(request.offset, request.limit, sort="urgency"), due_first
            ),
            lambda text: listing.count(actor, text, due_first),
            parent=self,
        )
        self.list = ListPage(
            "Open referrals, due first", self.model, noun=("open referral", "open referrals")
        )
        layout.addWidget(self.list, 1)
        self.timer = QTimer(self)
        self.timer.setInterval(CLOCK_REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()

    def refresh(self) -> None:
        counts: DashboardCounts = self.services.dashboard.counts(self.actor)
        for key, tile in self.tiles.items():
            tile.set_value(getattr(counts, key))
        self.list.reload()
