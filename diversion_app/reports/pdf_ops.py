"""PDF content-stream operators written directly, for tables of tens of thousands of cells.

ReportLab's text objects re-encode every string through the font's subsets on every
call, which made the team caseload's 300,000 cell texts the largest cost of printing
it. ``Painter`` encodes each distinct (font, size, text) once per document and writes
the operators itself; a table repeats the same words ("Allocated", "None booked") and
dates thousands of times. Fonts ReportLab cannot subset this way (the CJK CID font) go
through an ordinary text object.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas


def number(value: float) -> str:
    """A coordinate as PDF wants it: two decimals at most, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


class Painter:
    """Appends drawing operators to a canvas's current page, caching text encodings."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        cache = getattr(canvas, "_diversion_text_cache", None)
        if cache is None:
            cache = {}
            canvas._diversion_text_cache = cache  # one per document (the subsets are)
        self._text: dict[tuple[str, float, str], str | None] = cache
        self._colours: dict[int, tuple[Any, str]] = {}
        cells = getattr(canvas, "_diversion_cell_cache", None)
        if cells is None:
            cells = {}
            canvas._diversion_cell_cache = cells
        self.cells: dict[Any, Any] = cells
        """Operators of cells already drawn in this document, by their lines and width."""

    def _encoded(self, font_name: str, size: float, text: str) -> str | None:
        key = (font_name, size, text)
        if key not in self._text:
            font = pdfmetrics.getFont(font_name)
            if not getattr(font, "_dynamicFont", False):
                self._text[key] = None
            else:
                doc = self.canvas._doc
                parts = []
                for subset, piece in font.splitString(text, doc):
                    name = font.getSubsetInternalName(subset, doc)
                    parts.append(f"{name} {number(size)} Tf ({self.canvas._escape(piece)}) Tj")
                self._text[key] = " ".join(parts)
        return self._text[key]

    def fill_colour(self, colour: Any) -> str:
        """The fill operator for ``colour`` (remembered by identity: hashing a Color is slow)."""
        known = self._colours.get(id(colour))
        if known is None or known[0] is not colour:
            red, green, blue = colour.red, colour.green, colour.blue
            known = (colour, f"{number(red)} {number(green)} {number(blue)} rg")
            self._colours[id(colour)] = known
        return known[1]

    def text_ops(
        self, x: float, y: float, pieces: Sequence[tuple[str, str]], size: float, colour: Any
    ) -> str:
        """Operators drawing ``pieces`` ((font, text) runs) from (x, y), in ``colour``."""
        ops = [f"q {self.fill_colour(colour)}"]
        for font_name, piece in pieces:
            encoded = self._encoded(font_name, size, piece)
            if encoded is None:  # a font that needs ReportLab's own text object
                text = self.canvas.beginText(x, y)
                text.setFont(font_name, size)
                text.setFillColor(colour)
                text.textOut(piece)
                ops.append(text.getCode())
            else:
                ops.append(f"BT 1 0 0 1 {x:.2f} {y:.2f} Tm {encoded} ET")
            if len(pieces) > 1:
                x += pdfmetrics.stringWidth(piece, font_name, size)
        ops.append("Q")
        return " ".join(ops)

    def line_template(
        self, pieces: Sequence[tuple[str, str]], size: float, colour: Any
    ) -> tuple[str, str] | None:
        """(before, after) the "x y" of a one-run line, to be reused anywhere on the page.

        None when the line needs more than one run or a font without subsets.
        """
        if len(pieces) != 1:
            return None
        encoded = self._encoded(pieces[0][0], size, pieces[0][1])
        if encoded is None:
            return None
        return f"q {self.fill_colour(colour)} BT 1 0 0 1 ", f" Tm {encoded} ET Q"

    def rect(self, x: float, y: float, width: float, height: float, colour: Any) -> None:
        """A filled rectangle, no outline."""
        self.canvas._code.append(
            f"q {self.fill_colour(colour)} {number(x)} {number(y)} {number(width)} "
            f"{number(height)} re f Q"
        )
