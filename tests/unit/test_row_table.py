"""The long-table flowable behind the caseload PDF: wrapping, page splits, header on each part."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from diversion_app.reports.common import fonts
from diversion_app.reports.row_table import (
    MAX_LINES_PER_CELL,
    PADDING_X,
    Row,
    RowTable,
    _rows_within,
    fit_lines,
    text_width,
)

fonts()

WORDS = st.lists(
    st.text(alphabet="abcdefghij KLMNOPéßΩДд", min_size=1, max_size=30), min_size=1, max_size=8
)


@settings(max_examples=150, deadline=None)
@given(words=WORDS, width=st.floats(min_value=30, max_value=200))
def test_wrapped_lines_fit_the_column_and_keep_every_word(words: list[str], width: float) -> None:
    text = " ".join(words)
    lines = fit_lines(text, width)
    room = width - 2 * PADDING_X
    assert 1 <= len(lines) <= MAX_LINES_PER_CELL
    for line in lines:
        # a single character wider than the column is the only thing allowed to overflow
        assert text_width(line.text, 7.5) <= room + 0.01 or len(line.text) == 1
    if len(lines) < MAX_LINES_PER_CELL:
        assert "".join(line.text for line in lines).replace(" ", "") == text.replace(" ", "")


def test_short_figures_stay_whole_when_not_wrapped() -> None:
    lines = fit_lines("Due\n04/10/2026 01:30", 20, wrap=False)
    assert [line.text for line in lines] == ["Due", "04/10/2026 01:30"]


@settings(max_examples=200, deadline=None)
@given(
    heights=st.lists(st.floats(min_value=1, max_value=50), min_size=0, max_size=60),
    room=st.floats(min_value=0, max_value=2000),
)
def test_rows_within_counts_exactly_the_rows_that_fit(heights: list[float], room: float) -> None:
    ends = []
    total = 0.0
    for height in heights:
        total += height
        ends.append(total)
    fitting = _rows_within(ends, room)
    assert all(end <= room for end in ends[:fitting])
    assert fitting == len(ends) or ends[fitting] > room


def _table(rows: int) -> RowTable:
    body = [
        Row((fit_lines(str(n), 40), fit_lines(f"Person {n}\nEast", 80)), (None, None))
        for n in range(rows)
    ]
    return RowTable(["Ref.", "Young person"], [40, 80], body)


def test_a_long_table_splits_page_by_page_in_order_with_the_header_on_each_part() -> None:
    table = _table(500)
    width, height = table.wrap(500, 400)
    assert width == 120 and height > 400
    parts: list[RowTable] = []
    rest = table
    while True:
        rest.wrap(500, 400)
        pieces = rest.split(500, 400)
        if not pieces:
            parts.append(rest)
            break
        first, rest = pieces  # type: ignore[assignment]
        assert first.wrap(500, 400)[1] <= 400  # the part taken fits the page
        parts.append(first)
    shown = [row.cells[0][0].text for part in parts for row in part.rows]
    assert shown == [str(n) for n in range(500)]
    assert all(part.header == table.header for part in parts)
    # the stripes carry on from part to part
    assert [part.first for part in parts] == [
        sum(len(p.rows) for p in parts[:i]) for i in range(len(parts))
    ]


def test_nothing_is_split_off_when_not_even_one_row_fits() -> None:
    table = _table(3)
    table.wrap(500, 10)
    assert table.split(500, 10) == []
