"""The Schools page: school work per area and per school, each line opening its record.

Across the top, one tile per area (a SPOC's own area first, and chosen when the page
opens): open school referrals, restorative justice this term and this school year, and
referrals passed to the YOS. Below, the area's schools with the same figures; choosing a
school narrows the lists underneath (open school referrals, restorative justice this term
and this year, referrals to the YOS) to it. The forms for new school work, and for those
allowed the administration of schools and SPOCs, open from the toolbar.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.enums import Area
from diversion_app.domain.permissions import Permission
from diversion_app.domain.school_rules import term_name
from diversion_app.domain.timekeeping import format_date, london_today
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.permissions import can
from diversion_app.services.registry import Services
from diversion_app.services.schools.lists import (
    RjRow,
    SchoolReferralRow,
    SchoolScope,
    SchoolWorkSummary,
)
from diversion_app.services.schools.overview import SchoolRow
from diversion_app.ui.referrals.referral_record import open_referral
from diversion_app.ui.schools import referral_link  # noqa: F401  (adds the School referral button)
from diversion_app.ui.schools.school_admin_dialogs import SCHOOL_ADMIN_COLUMNS
from diversion_app.ui.widgets.columns import stretch_column
from diversion_app.ui.widgets.form_scaffold import inform
from diversion_app.ui.widgets.lazy_table import Column, LazyTableModel, ListModel
from diversion_app.ui.widgets.list_page import DataTable, ListPage
from diversion_app.ui.widgets.page_base import Page
from diversion_app.ui.widgets.reason_dialogs import with_reason

SCHOOL_COLUMNS: list[Column[SchoolRow]] = [
    Column("School", lambda r: r.name, tooltip=lambda r: r.name),
    Column("Area", lambda r: r.area.label),
    Column("Type", lambda r: r.school_type.label),
    Column("SPOC", lambda r: r.spoc),
    Column("Open school referrals", lambda r: str(r.open_school_referrals), align_right=True),
    Column("RJ this term", lambda r: str(r.restorative_justice_this_term), align_right=True),
    Column("RJ this year", lambda r: str(r.restorative_justice_this_year), align_right=True),
    Column("Referred to YOS", lambda r: str(r.referrals_to_yos), align_right=True),
]

REFERRAL_COLUMNS: list[Column[SchoolReferralRow]] = [
    Column("Concern", lambda r: format_date(r.concern_date), sort_key="concern_date"),
    Column("Pupil", lambda r: r.young_person, sort_key="young_person"),
    Column("School", lambda r: r.school, sort_key="school"),
    Column("Type of concern", lambda r: r.concern_type.label, sort_key="concern_type"),
    Column("Action", lambda r: r.action.label if r.action else "Not decided yet"),
    Column(
        "YOS referral",
        lambda r: (
            f"{r.referral_id}: {r.referral_status.label}"
            if r.referral_id and r.referral_status
            else ""
        ),
    ),
    Column("School referral", lambda r: "Open" if r.open else "Closed"),
]

RJ_COLUMNS: list[Column[RjRow]] = [
    Column("Held", lambda r: format_date(r.held_on), sort_key="held_on"),
    Column("School", lambda r: r.school, sort_key="school"),
    Column("Type", lambda r: r.rj_type.label, sort_key="rj_type"),
    Column("Pupils", lambda r: r.pupils),
    Column("Agreement", lambda r: "Reached" if r.agreement_reached else "Not reached"),
    Column("Follow-up check", lambda r: format_date(r.follow_up_on)),
]


class WorkList(QWidget):
    """A paged table of school work in the page's current scope."""

    def __init__(
        self,
        title: str,
        model: LazyTableModel[Any],
        empty: str,
        open_row: Callable[[Any], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.model = model
        self.table = DataTable(title)
        self.table.setModel(model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.row_activated.connect(lambda row: open_row(model.row_at(row)))
        headings = [
            model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
        ]
        if "School" in headings:
            stretch_column(self.table, headings.index("School"))
        self.empty = QLabel(empty)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        model.modelReset.connect(self._update)

    def _update(self) -> None:
        self.empty.setVisible(self.model.total == 0)
        if self.model.total:
            self.table.resizeColumnsToContents()


class AreaTile(QPushButton):
    """One area's figures; pressing it shows that area."""

    def __init__(self, area: Area | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.area = area
        self.setCheckable(True)
        self.setMinimumHeight(86)
        self.setStyleSheet(
            "QPushButton { text-align: left; padding: 8px 12px; background: #f5f7fa;"
            " border: 1px solid #6b7785; border-radius: 6px; color: #1f3b57; }"
            " QPushButton:checked { background: #dbe9f6; border: 2px solid #2f6690; }"
        )

    def show_figures(self, heading: str, figures: SchoolWorkSummary) -> None:
        text = (
            f"{heading}\n"
            f"{figures.open_school_referrals} open school referrals\n"
            f"RJ: {figures.restorative_justice_this_term} this term,"
            f" {figures.restorative_justice_this_year} this year\n"
            f"{figures.referred_to_yos} referred to the YOS"
        )
        self.setText(text)
        self.setAccessibleName(text.replace("\n", "; "))


class SchoolsPage(Page):
    title = "Schools"
    also_for = (Permission.MANAGE_REFERENCE_LISTS,)
    """Administrators reach the school and SPOC administration from here too."""

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, parent)
        self.sees_cases = can(actor, Permission.VIEW_CASES)
        self.own_area = services.school_work.own_area(actor) if self.sees_cases else None
        self.area: Area | None = self.own_area
        self.school_id: int | None = None
        self.school_name = ""
        self.dialog: QWidget | None = None
        self.last_message: QWidget | None = None
        self.model: ListModel[Any]
        if self.sees_cases:
            self.model = ListModel(
                SCHOOL_COLUMNS, lambda: services.schools.schools(actor, self.area), parent=self
            )
        else:  # an administrator: the schools as reference data, no school work
            self.model = ListModel(
                SCHOOL_ADMIN_COLUMNS,
                lambda: services.school_admin.all_schools(actor, include_inactive=False),
                parent=self,
            )
        self.list = ListPage(self.title, self.model, noun=("school", "schools"))
        self.list.table.selectionModel().currentRowChanged.connect(self._school_changed)
        stretch_column(self.list.table, 0)
        self._build_toolbar()
        self.tiles: list[AreaTile] = []
        tiles_row = QHBoxLayout()
        ordered = [self.own_area] if self.own_area else []
        ordered += [area for area in Area if area is not self.own_area]
        for area in [*ordered, None]:
            tile = AreaTile(area)
            tile.clicked.connect(lambda _c=False, a=area: self.show_area(a))
            self.tiles.append(tile)
            tiles_row.addWidget(tile)
        self.scope_label = QLabel()
        self.scope_label.setAccessibleName("What the lists show")
        self.whole_area = QPushButton("Show the &whole area")
        self.whole_area.setAccessibleName("Show the whole area")
        self.whole_area.clicked.connect(lambda: self.show_area(self.area))
        scope_row = QHBoxLayout()
        scope_row.addWidget(self.scope_label, 1)
        scope_row.addWidget(self.whole_area)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("School work")
        self.work_lists = self._build_work_lists()
        for work in self.work_lists:
            self.tabs.addTab(work, work.title)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(8, 0, 8, 0)
        lower_layout.addLayout(scope_row)
        lower_layout.addWidget(self.tabs, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if self.sees_cases:
            tiles_box = QWidget()
            tiles_box.setLayout(tiles_row)
            list_layout = self.list.layout()
            assert isinstance(list_layout, QVBoxLayout)
            list_layout.insertWidget(1, tiles_box)
        layout.addWidget(splitter, 1)
        lower.setVisible(self.sees_cases)
        self._mark_tiles()

    # --- building ---------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = self.list.toolbar
        self.new_referral = QPushButton("&New school referral…")
        self.new_referral.setAccessibleName("New school referral")
        self.new_referral.clicked.connect(self.open_new_referral)
        self.new_rj = QPushButton("&Restorative justice…")
        self.new_rj.setAccessibleName("Record restorative justice")
        self.new_rj.clicked.connect(self.open_new_rj)
        self.schools_admin = QPushButton("S&chools…")
        self.schools_admin.setAccessibleName("Administer schools")
        self.schools_admin.clicked.connect(self.open_schools_admin)
        self.spocs_admin = QPushButton("S&POCs…")
        self.spocs_admin.setAccessibleName("Administer SPOCs")
        self.spocs_admin.clicked.connect(self.open_spocs_admin)
        records = can(self.actor, Permission.SCHOOL_WORK)
        manages = can(self.actor, Permission.MANAGE_REFERENCE_LISTS)
        for button, allowed in (
            (self.new_referral, records),
            (self.new_rj, records),
            (self.schools_admin, manages),
            (self.spocs_admin, manages),
        ):
            button.setVisible(allowed)
            bar.addWidget(button)
        bar.addStretch(1)

    def _build_work_lists(self) -> list[WorkList]:
        work = self.services.school_lists
        actor = self.actor

        def referrals(kind: str) -> LazyTableModel[SchoolReferralRow]:
            return LazyTableModel(
                REFERRAL_COLUMNS,
                lambda request: work.school_referrals(actor, self.scope(), kind, request),
                lambda text: work.count_school_referrals(actor, self.scope(), kind, text),
                parent=self,
            )

        def rj(period: str) -> LazyTableModel[RjRow]:
            return LazyTableModel(
                RJ_COLUMNS,
                lambda request: work.restorative_justice_list(actor, self.scope(), period, request),
                lambda text: work.count_restorative_justice(actor, self.scope(), period, text),
                parent=self,
            )

        return [
            WorkList(
                "Open school referrals",
                referrals("open"),
                "No open school referrals here.",
                lambda row: self.open_school_referral(row.id),
            ),
            WorkList(
                "Restorative justice this term",
                rj("term"),
                "No restorative justice recorded here this term.",
                lambda row: self.open_rj(row.id),
            ),
            WorkList(
                "Restorative justice this school year",
                rj("year"),
                "No restorative justice recorded here this school year.",
                lambda row: self.open_rj(row.id),
            ),
            WorkList(
                "Referred to the YOS",
                referrals("to_yos"),
                "No referrals passed to the YOS from here yet.",
                lambda row: self.open_yos_referral(row.referral_id),
            ),
        ]

    # --- scope ------------------------------------------------------------------------------
    def scope(self) -> SchoolScope:
        return SchoolScope(area=self.area, school_id=self.school_id)

    def show_area(self, area: Area | None) -> None:
        self.area = area
        self.school_id = None
        self.school_name = ""
        self._mark_tiles()
        self.refresh()

    def show_school(self, school_id: int, name: str) -> None:
        self.school_id = school_id
        self.school_name = name
        self._reload_work()

    def _school_changed(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            row = self.model.row_at(current.row())
            self.show_school(row.id, row.name)

    def _mark_tiles(self) -> None:
        for tile in self.tiles:
            tile.setChecked(tile.area is self.area)

    # --- loading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        self.list.reload()
        if not self.sees_cases:
            return
        by_area = self.services.school_lists.summaries_by_area(self.actor)
        for tile in self.tiles:
            figures = by_area[tile.area]
            if tile.area is None:
                heading = "All areas"
            elif tile.area is self.own_area:
                heading = f"{tile.area.label} (your area)"
            else:
                heading = f"{tile.area.label} area"
            tile.show_figures(heading, figures)
        self._reload_work()

    def _reload_work(self) -> None:
        if not self.sees_cases:
            return
        if self.school_id is not None:
            where = self.school_name
        elif self.area is not None:
            where = f"the {self.area.label} area"
        else:
            where = "all areas"
        figures = self.services.school_lists.summary(self.actor, self.scope())
        term = term_name(london_today(self.services.ctx.now()))
        self.scope_label.setText(
            f"Showing {where}. This term ({term}) from {format_date(figures.term_start)};"
            f" this school year from {format_date(figures.year_start)}."
        )
        self.whole_area.setVisible(self.school_id is not None)
        counts = (
            figures.open_school_referrals,
            figures.restorative_justice_this_term,
            figures.restorative_justice_this_year,
            figures.referred_to_yos,
        )
        for index, (work, count) in enumerate(zip(self.work_lists, counts, strict=True)):
            work.model.reload()
            self.tabs.setTabText(index, f"{work.title} ({count})")

    # --- opening records and forms ----------------------------------------------------------
    def _show_dialog(self, dialog: Any, on_done: Callable[[], None] | None = None) -> None:
        self.dialog = dialog
        if on_done is not None:
            dialog.finished.connect(lambda _result: on_done())
        dialog.open()

    def open_new_referral(self) -> None:
        from diversion_app.ui.schools.school_referral_form import (
            SchoolReferralForm,
            saved_message,
        )

        form = SchoolReferralForm(self.services, self.actor, self.school_id, self)

        def done() -> None:
            if form.saved is not None:
                self.refresh()
                self.last_message = inform(self, "School referral saved", saved_message(form.saved))

        self._show_dialog(form, done)

    def open_new_rj(self) -> None:
        from diversion_app.ui.schools.restorative_justice_form import RestorativeJusticeForm

        form = RestorativeJusticeForm(self.services, self.actor, self.school_id, self)
        self._show_dialog(form, lambda: self.refresh() if form.saved else None)

    def open_school_referral(self, school_referral_id: int) -> None:
        from diversion_app.ui.schools.school_referral_form import SchoolReferralDialog

        services, actor = self.services, self.actor
        dialog = with_reason(
            self,
            services,
            actor,
            lambda: SchoolReferralDialog(services, actor, school_referral_id, self),
        )
        if dialog is None:
            return
        opened = dialog
        self._show_dialog(opened, lambda: self.refresh() if opened.changed else None)

    def open_rj(self, rj_id: int) -> None:
        from diversion_app.ui.schools.restorative_justice_form import RestorativeJusticeDialog

        services, actor = self.services, self.actor
        dialog = with_reason(
            self, services, actor, lambda: RestorativeJusticeDialog(services, actor, rj_id, self)
        )
        if dialog is not None:
            self._show_dialog(dialog)

    def open_yos_referral(self, referral_id: int | None) -> None:
        if referral_id is not None:
            self.dialog = open_referral(self, self.services, self.actor, referral_id)

    def open_schools_admin(self) -> None:
        from diversion_app.ui.schools.school_admin_dialogs import SchoolsAdminDialog

        self._show_dialog(SchoolsAdminDialog(self.services, self.actor, self), self.refresh)

    def open_spocs_admin(self) -> None:
        from diversion_app.ui.schools.school_admin_dialogs import SpocsAdminDialog

        self._show_dialog(SpocsAdminDialog(self.services, self.actor, self), self.refresh)
