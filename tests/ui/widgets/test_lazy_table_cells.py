"""The table model keeps each shown cell's value per load, and never shows a stale one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from diversion_app.services.base.listing import PageRequest
from diversion_app.ui.widgets import lazy_table
from diversion_app.ui.widgets.lazy_table import Column, LazyTableModel


def _model(rows: list[str], made: list[str]) -> LazyTableModel[str]:
    def text(row: str) -> str:
        made.append(row)
        return row.upper()

    def fetch(request: PageRequest) -> list[str]:
        return rows[request.offset : request.offset + request.limit]

    return LazyTableModel(
        [Column("Name", text, foreground=lambda row: "#b00020" if row == "late" else None)],
        fetch,
        lambda _text: len(rows),
        batch_size=2,
    )


def test_a_cell_is_made_once_per_load_and_again_after_a_reload(qapp: object) -> None:
    rows, made = ["amy", "late", "cal"], []
    model = _model(rows, made)
    model.reload()
    first = model.index(0, 0)
    assert [model.data(first) for _ in range(5)] == ["AMY"] * 5
    assert made == ["amy"]
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(first, Qt.ItemDataRole.ForegroundRole) is None
    rows[0] = "bea"  # the data changed: a reload shows the new value
    model.reload()
    assert model.data(model.index(0, 0)) == "BEA"
    rows[1] = "dan"  # the rows shown fetched again (the clock's refresh)
    model.refresh_loaded()
    assert model.data(model.index(1, 0)) == "DAN"
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole) is None


def test_the_kept_values_are_bounded(qapp: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lazy_table, "CELLS_KEPT", 3)
    rows, made = [f"p{n}" for n in range(10)], []
    model = _model(rows, made)
    model.reload()
    while model.canFetchMore():
        model.fetchMore()
    texts = [model.data(model.index(n, 0)) for n in range(10)]
    assert texts == [f"P{n}" for n in range(10)]
    assert len(model._cells) <= 3
