"""Short notes printed one after another: the caseload's clock reasons, thousands quickly.

A ``Paragraph`` per note parses markup, then measures and breaks its lines again on every
page it is tried on; a whole team's three thousand clock reasons cost more than a second
that way. ``NoteList`` wraps each note once, in the fonts that have its glyphs (the same
measuring as ``row_table``), knows its height up front, splits between lines at a page
and writes its lines with ``Painter``. Each note starts with a bold lead (the referral
number); the rest is drawn as typed, never parsed as markup, and printed in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from reportlab.lib import colors
from reportlab.platypus import Flowable

from diversion_app.reports.common import BASE_FONT, BOLD_FONT
from diversion_app.reports.pdf_ops import Painter
from diversion_app.reports.row_table import Segment, font_runs, wrap_words


class Note(NamedTuple):
    lead: str
    """Printed in bold before the text (a referral number)."""
    text: str


def note_lines(note: Note, room: float, size: float) -> list[tuple[Segment, ...]]:
    """``note`` wrapped at spaces into lines no wider than ``room`` (a word longer than
    the line is cut); the text's own line breaks start new lines."""
    lines: list[tuple[Segment, ...]] = []
    for index, paragraph in enumerate(note.text.split("\n")):
        words: list[Segment] = [(False, word) for word in paragraph.split(" ")]
        if index == 0:
            words.insert(0, (True, note.lead))
        lines.extend(tuple(line) for line in wrap_words(words, room, size))
    return lines


class NoteList(Flowable):  # type: ignore[misc]
    """Notes one after another at one size and leading; splits between any two lines."""

    def __init__(self, notes: Sequence[Note], *, size: float = 7.5, leading: float = 9.0) -> None:
        super().__init__()
        self.notes = notes
        self.size, self.leading = size, leading
        self.lines: list[tuple[Segment, ...]] = []
        self._laid_out_for: float | None = None

    def _lay_out(self, width: float) -> None:
        if self._laid_out_for != width:
            size = self.size
            self.lines = [line for note in self.notes for line in note_lines(note, width, size)]
            self._laid_out_for = width

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._lay_out(available_width)
        self.width = available_width
        self.height = len(self.lines) * self.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self._lay_out(available_width)
        fitting = int(available_height // self.leading)
        if fitting <= 0 or fitting >= len(self.lines):
            return []
        return [self._part(self.lines[:fitting]), self._part(self.lines[fitting:])]

    def _part(self, lines: list[tuple[Segment, ...]]) -> NoteList:
        part = NoteList((), size=self.size, leading=self.leading)
        part.lines, part._laid_out_for = lines, self._laid_out_for
        return part

    def draw(self) -> None:
        painter = Painter(self.canv)
        code = self.canv._code
        baseline = self.height - self.size  # where a Paragraph puts its first line
        for line in self.lines:
            pieces = [
                run
                for bold, text in line
                for run in font_runs(text, BOLD_FONT if bold else BASE_FONT)
            ]
            code.append(painter.text_ops(0, baseline, pieces, self.size, colors.black))
            baseline -= self.leading
