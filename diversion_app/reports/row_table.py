"""A long table of plain-text rows drawn straight on the canvas: thousands of rows quickly.

ReportLab's ``Table`` measures every cell again each time a long table splits across a
page, and a ``Paragraph`` per cell costs a parser run each; a whole team's caseload
(tens of thousands of rows) took most of a minute that way. ``RowTable`` wraps each
cell's text once, knows every row's height up front, splits at a page in time
proportional to the rows on that page, and draws the header row again on every page.

Text is drawn as given (never parsed as markup), in runs of fonts that have its glyphs
(``common.draw_text``), so any name prints as typed.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from itertools import accumulate
from typing import Any, NamedTuple

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from diversion_app.reports.common import BASE_FONT, BOLD_FONT, LIGHT, NAVY, RULE, runs
from diversion_app.reports.pdf_ops import Painter, number

PADDING_X = 3.0
PADDING_Y = 2.5
CELL_START = "BT 1 0 0 1 0 0 Tm ET"
"""Written before each cell, as ReportLab's own table cells do: text extraction (copying,
screen readers, pypdf) then reads each cell as a line of its own, not run into the next."""
MAX_LINES_PER_CELL = 12
"""A cell never grows taller than this many lines (so a row always fits on a page)."""


class Line(NamedTuple):
    """One line of a cell, already fitted to the column's width."""

    text: str
    size: float = 7.5
    leading: float = 9.0
    colour: Any = None
    bold: bool = False


class Row(NamedTuple):
    """One table row: a tuple of lines per column, and an optional background per column."""

    cells: tuple[tuple[Line, ...], ...]
    backgrounds: tuple[Any, ...]

    @property
    def height(self) -> float:
        return 2 * PADDING_Y + max(sum(line.leading for line in cell) for cell in self.cells)


@functools.lru_cache(maxsize=100_000)
def font_runs(text: str, base: str) -> tuple[tuple[str, str], ...]:
    """``common.runs``, remembered: a long table repeats the same words and dates."""
    return tuple(runs(text, base))


@functools.lru_cache(maxsize=100_000)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """The printed width of ``text``, in the fonts it will be drawn in."""
    base = BOLD_FONT if bold else BASE_FONT
    return float(sum(pdfmetrics.stringWidth(p, font, size) for font, p in font_runs(text, base)))


@functools.lru_cache(maxsize=100_000)
def fit_lines(
    text: str,
    width: float,
    *,
    size: float = 7.5,
    leading: float = 9.0,
    colour: Any = None,
    bold: bool = False,
    wrap: bool = True,
) -> tuple[Line, ...]:
    """``text`` wrapped at spaces (or inside a word longer than ``width``) into lines.

    With ``wrap=False`` only its own line breaks count (short figures such as dates and
    reference numbers stay whole, as in a ReportLab table cell).
    """
    lines = _fitted(text, width - 2 * PADDING_X, size, bold, wrap)
    return tuple(Line(line, size, leading, colour, bold) for line in lines)


def _fitted(text: str, room: float, size: float, bold: bool, wrap: bool) -> tuple[str, ...]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap(paragraph, room, size, bold) if wrap else [paragraph])
    if len(lines) > MAX_LINES_PER_CELL:
        last = lines[MAX_LINES_PER_CELL - 1]
        while last and text_width(f"{last}…", size, bold) > room:
            last = last[:-1]  # the mark that text was cut must fit the column too
        lines = [*lines[: MAX_LINES_PER_CELL - 1], f"{last.rstrip()}…"]
    return tuple(lines)


def _wrap(text: str, room: float, size: float, bold: bool) -> list[str]:
    if text_width(text, size, bold) <= room:
        return [text]
    words = [(bold, word) for word in text.split(" ")]
    return ["".join(piece for _bold, piece in line) for line in wrap_words(words, room, size)]


Segment = tuple[bool, str]
"""A piece of a line and whether it is bold."""


def wrap_words(words: Sequence[Segment], room: float, size: float) -> list[list[Segment]]:
    """``words`` (each bold or not) into lines no wider than ``room``, broken at the spaces
    between them; a word longer than a line is cut. Neighbouring words of the same weight
    share one segment."""
    lines: list[list[Segment]] = []
    current: list[Segment] = []
    width = 0.0
    for bold, word in words:
        word_width = text_width(word, size, bold)
        space = text_width(" ", size, bold)
        started = any(piece for _bold, piece in current)  # a leading space starts nothing
        if started and width + space + word_width <= room:
            last_bold, last = current[-1]
            current[-1:] = (
                [(bold, f"{last} {word}")]
                if last_bold == bold
                else [(last_bold, last), (bold, f" {word}")]
            )
            width += space + word_width
            continue
        if started:
            lines.append(current)
        while word_width > room and len(word) > 1:
            cut = longest_fitting(word, room, size, bold)
            lines.append([(bold, word[:cut])])
            word = word[cut:]
            word_width = text_width(word, size, bold)
        current, width = [(bold, word)], word_width
    if current:
        lines.append(current)
    return lines


def longest_fitting(word: str, room: float, size: float, bold: bool) -> int:
    cut = len(word) - 1
    while cut > 1 and text_width(word[:cut], size, bold) > room:
        cut -= 1
    return max(cut, 1)


class RowTable(Flowable):  # type: ignore[misc]
    """Header row plus body rows; splits between rows, repeating the header on each page."""

    def __init__(
        self,
        header: Sequence[str],
        widths: Sequence[float],
        rows: Sequence[Row],
        *,
        right_aligned: frozenset[int] = frozenset(),
        stripes: Sequence[Any] = (colors.white, colors.HexColor("#f6f8fa")),
        first: int = 0,
        repeating: frozenset[int] = frozenset(),
    ) -> None:
        """``repeating``: columns whose cells recur (labels, counts); their drawing is kept."""
        super().__init__()
        self.repeating = repeating
        self.widths = list(widths)
        self.rows = rows
        self.right_aligned = right_aligned
        self.stripes = list(stripes)
        self.first = first
        """Index of this part's first row in the whole table (keeps the stripes in step)."""
        self.header = tuple(
            fit_lines(title, width, colour=colors.white, bold=True)
            for title, width in zip(header, widths, strict=True)
        )
        self.header_height = Row(self.header, ()).height
        self.heights = [row.height for row in rows]
        self.ends = list(accumulate(self.heights))
        """Height of the body up to and including each row."""
        self.hAlign = "LEFT"
        self._painter: Painter | None = None

    @property
    def total_width(self) -> float:
        return sum(self.widths)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = self.total_width
        self.height = self.header_height + (self.ends[-1] if self.ends else 0.0)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        room = available_height - self.header_height
        fitting = _rows_within(self.ends, room)
        if fitting == 0 or fitting >= len(self.rows):
            return []
        return [self._part(0, fitting), self._part(fitting, len(self.rows))]

    def _part(self, start: int, end: int) -> RowTable:
        part = RowTable.__new__(RowTable)
        Flowable.__init__(part)
        part.widths, part.stripes = self.widths, self.stripes
        part.right_aligned, part.repeating = self.right_aligned, self.repeating
        part.header, part.header_height, part.hAlign = self.header, self.header_height, "LEFT"
        part.rows = self.rows[start:end]
        part.first = self.first + start
        part.heights = self.heights[start:end]
        offset = self.ends[start - 1] if start else 0.0
        part.ends = [end_at - offset for end_at in self.ends[start:end]]
        return part

    # --- drawing ----------------------------------------------------------------------------
    def draw(self) -> None:
        canvas = self.canv
        self._painter = Painter(canvas)
        top = self.height
        full = self.total_width
        canvas.saveState()
        self._painter.rect(0, top - self.header_height, full, self.header_height, NAVY)
        self._draw_cells(self.header, top, self.header_height)
        canvas.setStrokeColor(LIGHT)
        canvas.setLineWidth(0.25)
        x = 0.0
        for width in self.widths[:-1]:
            x += width
            canvas.line(x, top, x, top - self.header_height)
        y = top - self.header_height
        rules = []
        for number_in_part, (row, height) in enumerate(zip(self.rows, self.heights, strict=True)):
            stripe = self.stripes[(self.first + number_in_part) % len(self.stripes)]
            self._draw_backgrounds(row, stripe, y - height, height)
            self._draw_cells(row.cells, y, height)
            y -= height
            rules.append(f"0 {number(y)} m {number(full)} {number(y)} l")
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.25)
        canvas._code.append(" ".join(rules) + " S" if rules else "")
        canvas.setStrokeColor(NAVY)
        canvas.setLineWidth(0.8)
        canvas.line(0, top - self.header_height, full, top - self.header_height)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.rect(0, 0, full, top, stroke=1, fill=0)
        canvas.restoreState()

    def _draw_backgrounds(self, row: Row, stripe: Any, bottom: float, height: float) -> None:
        """Each run of neighbouring cells with the same fill as one rectangle (white: none)."""
        painter = self._painter
        assert painter is not None
        x = 0.0
        run_start, run_fill = 0.0, None
        for column, width in enumerate(self.widths):
            fill = row.backgrounds[column] if column < len(row.backgrounds) else None
            fill = stripe if fill is None else (None if fill is False else fill)
            if fill is colors.white:
                fill = None
            if fill is not run_fill:
                if run_fill is not None:
                    painter.rect(run_start, bottom, x - run_start, height, run_fill)
                run_start, run_fill = x, fill
            x += width
        if run_fill is not None:
            painter.rect(run_start, bottom, x - run_start, height, run_fill)

    def _draw_cells(self, cells: Sequence[Sequence[Line]], top: float, height: float) -> None:
        """Each cell's lines, in column order (so a reader extracts a cell's text together).

        The operators of a cell seen before (the same words in the same column) are
        reused: only the position of each line is written anew.
        """
        painter = self._painter
        assert painter is not None
        code = self.canv._code
        x = 0.0
        for column, (cell, width) in enumerate(zip(cells, self.widths, strict=True)):
            right = column in self.right_aligned
            if column in self.repeating:
                key = (cell, width, right)
                layout = painter.cells.get(key)
                if layout is None:
                    layout = self._cell_layout(painter, cell, width, right)
                    painter.cells[key] = layout
            else:
                layout = self._cell_layout(painter, cell, width, right)
            code.append(CELL_START)
            for dx, dy, template, line in layout:
                if template is None:
                    pieces = font_runs(line.text, BOLD_FONT if line.bold else BASE_FONT)
                    colour = line.colour if line.colour is not None else colors.black
                    code.append(painter.text_ops(x + dx, top + dy, pieces, line.size, colour))
                else:
                    code.append(f"{template[0]}{x + dx:.2f} {top + dy:.2f}{template[1]}")
            x += width

    @staticmethod
    def _cell_layout(
        painter: Painter, cell: Sequence[Line], width: float, right: bool
    ) -> tuple[tuple[float, float, tuple[str, str] | None, Line], ...]:
        """Where each line of a cell starts (from the cell's top left) and how it is drawn."""
        placed = []
        baseline = -PADDING_Y
        for line in cell:
            baseline -= (line.leading + line.size) / 2
            pieces = font_runs(line.text, BOLD_FONT if line.bold else BASE_FONT)
            start = PADDING_X
            if right:
                start = width - PADDING_X - text_width(line.text, line.size, line.bold)
            colour = line.colour if line.colour is not None else colors.black
            placed.append((start, baseline, painter.line_template(pieces, line.size, colour), line))
            baseline -= (line.leading - line.size) / 2
        return tuple(placed)


def _rows_within(ends: Sequence[float], room: float) -> int:
    """How many leading rows fit in ``room`` (binary search over the running heights)."""
    low, high = 0, len(ends)
    while low < high:
        middle = (low + high) // 2
        if ends[middle] <= room:
            low = middle + 1
        else:
            high = middle
    return low
