"""The notes flowable behind the caseload's clock reasons: wrapping, every word kept,
page splits between lines, and the text read back from a PDF."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from diversion_app.reports.common import fonts
from diversion_app.reports.note_list import Note, NoteList, note_lines
from diversion_app.reports.row_table import text_width

fonts()

TEXT = st.text(alphabet="abcdefghij KLMNOPéßΩДд\n", min_size=0, max_size=400)
LEADS = st.from_regex(r"[0-9]{1,7}", fullmatch=True)


def _width(line: tuple[tuple[bool, str], ...]) -> float:
    return sum(text_width(text, 7.5, bold) for bold, text in line)


@settings(max_examples=200, deadline=None)
@given(lead=LEADS, text=TEXT, room=st.floats(min_value=20, max_value=500))
def test_lines_fit_and_keep_every_word_in_order(lead: str, text: str, room: float) -> None:
    lines = note_lines(Note(lead, text), room, 7.5)
    for line in lines:
        # only a single character wider than the line may overflow it
        assert _width(line) <= room + 0.01 or sum(len(t) for _, t in line) == 1
    printed = "".join(piece for line in lines for _bold, piece in line)
    assert printed.replace(" ", "") == (lead + text).replace(" ", "").replace("\n", "")
    assert "".join(piece for line in lines for bold, piece in line if bold) == lead  # only it


def test_the_text_own_line_breaks_start_new_lines() -> None:
    lines = note_lines(Note("12", "First line\nsecond line"), 400, 7.5)
    assert lines == [((True, "12"), (False, " First line")), ((False, "second line"),)]


@settings(max_examples=100, deadline=None)
@given(
    notes=st.lists(st.builds(Note, LEADS, TEXT), min_size=1, max_size=12),
    height=st.floats(min_value=0, max_value=300),
)
def test_a_split_keeps_every_line_once_and_in_order(notes: list[Note], height: float) -> None:
    whole = NoteList(notes)
    whole.wrap(300, 10_000)
    parts = whole.split(300, height)
    if not parts:  # it fits, or not even one line does
        assert whole.height <= height or height < whole.leading
        return
    first, rest = parts
    first.wrap(300, height)
    assert first.height <= height
    assert first.lines + rest.lines == whole.lines


def test_a_long_reason_prints_in_full_across_pages(tmp_path: Path) -> None:
    reason = " ".join(f"word{number}" for number in range(3000))
    notes = [Note("101", f"Ann Lee (overdue): {reason}"), Note("102", "Bo Wu (missed): Ill.")]
    path = tmp_path / "notes.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([NoteList(notes)])
    reader = PdfReader(path)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) > 1
    flat = " ".join(text.split())
    assert f"101 Ann Lee (overdue): {reason} 102 Bo Wu (missed): Ill." in flat
