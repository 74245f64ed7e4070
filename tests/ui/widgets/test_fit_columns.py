"""A list's columns are fitted to their heading and first rows, and never wider than 320 px."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from diversion_app.ui.widgets.lazy_table import Column, ListModel
from diversion_app.ui.widgets.list_page import RESIZE_ROWS_SAMPLED, ListPage

ROWS = (
    [("Ann", "short"), ("Bartholomew Featherstonehaugh-Smythe", "x" * 200)]
    + [("Al", "y")] * 60
    + [("A name far down the list, past the rows sampled for widths", "z")]
)


def test_columns_fit_the_heading_and_first_rows(qtbot: QtBot) -> None:
    model: ListModel[tuple[str, str]] = ListModel(
        [Column("Young person", lambda r: r[0]), Column("Note", lambda r: r[1])],
        lambda: list(ROWS),
    )
    page = ListPage("People", model, noun=("person", "people"))
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    model.reload()
    cells = page.table.fontMetrics()
    name_width = page.table.columnWidth(0)
    # the longest name among the first rows is shown whole
    assert name_width >= cells.horizontalAdvance(ROWS[1][0])
    # a name further down than the rows sampled does not widen the column
    assert len(ROWS) - 1 > RESIZE_ROWS_SAMPLED
    assert name_width < cells.horizontalAdvance(ROWS[-1][0])
    # long text is capped (the last column also stretches to fill the table)
    assert page.table.horizontalHeader().sectionSize(1) >= 320
    headings = page.table.horizontalHeader().fontMetrics()
    short = ListModel([Column("A rather long heading", lambda r: r[0])], lambda: [("a",)])
    other = ListPage("Short", short, noun=("row", "rows"))
    qtbot.addWidget(other)
    other.show()
    short.reload()
    assert other.table.columnWidth(0) >= headings.horizontalAdvance("A rather long heading")
