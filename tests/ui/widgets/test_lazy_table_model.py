"""The lazy table model: batches on demand, sorts by asking again, passes qtmodeltester."""

from __future__ import annotations

from dataclasses import dataclass

from pytestqt.modeltest import ModelTester

from diversion_app.services.base.listing import PageRequest
from diversion_app.ui.widgets.lazy_table import Column, LazyTableModel


@dataclass(frozen=True)
class Item:
    number: int


class FakeSource:
    def __init__(self, size: int) -> None:
        self.items = [Item(n) for n in range(size)]
        self.requests: list[PageRequest] = []

    def fetch(self, request: PageRequest) -> list[Item]:
        self.requests.append(request)
        rows = [i for i in self.items if request.text in str(i.number)]
        rows.sort(key=lambda i: i.number, reverse=request.descending)
        return rows[request.offset : request.offset + request.limit]

    def count(self, text: str) -> int:
        return sum(1 for i in self.items if text in str(i.number))


def _model(source: FakeSource) -> LazyTableModel[Item]:
    return LazyTableModel(
        [
            Column("Number", lambda i: str(i.number), sort_key="number"),
            Column("Half", lambda i: str(i.number // 2)),
        ],
        source.fetch,
        source.count,
        batch_size=50,
    )


def test_model_passes_qtmodeltester(qtmodeltester: ModelTester) -> None:
    model = _model(FakeSource(120))
    model.reload()
    qtmodeltester.check(model, force_py=True)


def test_fetches_in_batches_and_sorts_by_requery() -> None:
    source = FakeSource(120)
    model = _model(source)
    model.reload()
    assert model.rowCount() == 50 and model.total == 120 and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 120 and not model.canFetchMore()
    from PySide6.QtCore import Qt

    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert source.requests[-1].sort == "number" and source.requests[-1].descending
    assert model.index(0, 0).data() == "119" and model.rowCount() == 50
    model.set_filter_text("7")
    assert model.total == source.count("7")


def test_a_sort_reads_the_first_batch_in_the_new_order_without_counting_again() -> None:
    from PySide6.QtCore import Qt

    source = FakeSource(120)
    counted: list[str] = []
    first_pages: list[PageRequest] = []

    def count(text: str) -> int:
        counted.append(text)
        return source.count(text)

    def first_page(request: PageRequest) -> tuple[list[Item], int]:
        first_pages.append(request)
        return source.fetch(request), source.count(request.text)

    model = LazyTableModel(
        [Column("Number", lambda i: str(i.number), sort_key="number")],
        source.fetch,
        count,
        fetch_first=first_page,
        batch_size=50,
    )
    model.set_filter_text("")
    assert len(first_pages) == 1 and model.total == 120
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert len(first_pages) == 1 and counted == []  # the same matches: not counted again
    assert source.requests[-1].descending
    assert model.index(0, 0).data() == "119" and model.total == 120
    assert model.rowCount() == 50 and model.canFetchMore()
    source.items = source.items[:30]  # others removed rows meanwhile: the sort shows fewer
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert model.total == model.rowCount() == 30 and not model.canFetchMore()
