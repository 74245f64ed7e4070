"""What every printed report shares: fonts, safe text, page furniture and the build itself.

- Fonts: DejaVu Sans (Latin, Greek, Cyrillic, Arabic letters...) from the resources, a
  system CJK TrueType font when one is installed (WenQuanYi, Droid Sans Fallback...),
  and ReportLab's built-in CID font STSong-Light for CJK text when none is.
- Safe text: every user string goes through ``markup`` (``xml.sax.saxutils.escape``,
  control characters dropped, runs in a font that has their glyphs) before a
  ``Paragraph`` sees it, so ``<img src=...>`` in a name is printed, never fetched.
- Page furniture: OFFICIAL-SENSITIVE at the top and bottom of every page, the title,
  when and by whom it was printed, and "Page x of y" from a two-pass canvas.
- Metadata: a generic title ("Caseload summary"), author "Diversion"; never a name.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from diversion_app.domain.timekeeping import format_datetime
from diversion_app.paths import resource
from diversion_app.reports.errors import Progress as _Progress
from diversion_app.reports.errors import ReportCancelled

BASE_FONT = "DejaVuSans"
BOLD_FONT = "DejaVuSans-Bold"
CID_FONT = "STSong-Light"
MARKING = "OFFICIAL-SENSITIVE"
AUTHOR = "Diversion"

NAVY = colors.HexColor("#1f3a5f")
GREY = colors.HexColor("#5f6b7a")
LIGHT = colors.HexColor("#e8edf3")
RULE = colors.HexColor("#b8c2cc")
MARKING_RED = colors.HexColor("#a4001d")

SYSTEM_FALLBACK_FONTS: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/unifont/unifont.ttf", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("C:/Windows/Fonts/simsun.ttc", 0),
)
"""TrueType fonts (not CFF/OpenType-PS, which ReportLab cannot embed) tried for glyphs
DejaVu lacks, in order. Missing ones are skipped."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_RIGHT_TO_LEFT = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")

try:  # joined Arabic letters, and right-to-left runs in visual order (PDF has no bidi)
    import arabic_reshaper as _arabic_reshaper
    from bidi import get_display as _get_display
except ImportError:  # pragma: no cover - both are dependencies; without them text stays logical
    _arabic_reshaper = None
    _get_display = None


@dataclass(frozen=True)
class _Font:
    name: str
    cmap: frozenset[int] | None
    """Code points with a glyph (None: the CJK CID font, which covers CJK ranges)."""


@functools.cache
def base_fonts() -> _Font:
    """Register the report's own fonts (DejaVu Sans and its bold) once."""
    base = TTFont(BASE_FONT, str(resource("fonts", "DejaVuSans.ttf")))
    pdfmetrics.registerFont(base)
    pdfmetrics.registerFont(TTFont(BOLD_FONT, str(resource("fonts", "DejaVuSans-Bold.ttf"))))
    pdfmetrics.registerFontFamily(
        BASE_FONT, normal=BASE_FONT, bold=BOLD_FONT, italic=BASE_FONT, boldItalic=BOLD_FONT
    )
    return _Font(BASE_FONT, frozenset(base.face.charToGlyph))


@functools.cache
def fonts() -> tuple[_Font, ...]:
    """The base font, then the fallbacks for glyphs it lacks (registered once).

    The fallbacks are system fonts of several megabytes; they are read only when a text
    needs a glyph DejaVu lacks (``_font_for``), not for every report."""
    found = [base_fonts()]
    for index, (path, subfont) in enumerate(_fallback_candidates()):
        try:
            font = TTFont(f"DiversionFallback{index}", path, subfontIndex=subfont)
        except Exception:
            continue
        pdfmetrics.registerFont(font)
        found.append(_Font(font.fontName, frozenset(font.face.charToGlyph)))
    try:
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
        found.append(_Font(CID_FONT, None))
    except Exception:
        pass
    return tuple(found)


def _fallback_candidates() -> list[tuple[str, int]]:
    candidates = [(path, sub) for path, sub in SYSTEM_FALLBACK_FONTS if Path(path).is_file()]
    extra = sorted(resource("fonts").glob("*.ttf"))
    candidates += [(str(p), 0) for p in extra if not p.name.startswith("DejaVuSans")]
    if not candidates and shutil.which("fc-list"):
        try:
            listed = subprocess.run(
                ["fc-list", ":lang=zh", "file"],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            listed = ""
        for line in sorted(listed.splitlines()):
            path = line.split(":")[0].strip()
            if path.lower().endswith((".ttf", ".ttc")):
                candidates.append((path, 0))
    return candidates


def _is_cjk(code: int) -> bool:
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x2FA1F
    )


def _font_for(char: str, base: str) -> str:
    code = ord(char)
    if code in (base_fonts().cmap or ()) or char.isspace():
        return base
    for font in fonts()[1:]:
        if font.cmap is None:
            if _is_cjk(code):
                return font.name
        elif code in font.cmap:
            return font.name
    return base


def visual(text: str) -> str:
    """Right-to-left text (Arabic, Hebrew...) shaped and put in the order it is seen.

    A PDF draws glyphs left to right as given, so Arabic letters are joined
    (presentation forms) and each line is reordered by the Unicode bidi algorithm.
    Text without right-to-left letters is returned unchanged.
    """
    if not _RIGHT_TO_LEFT.search(text) or _get_display is None or _arabic_reshaper is None:
        return text
    lines = text.split("\n")
    return "\n".join(str(_get_display(_arabic_reshaper.reshape(line))) for line in lines)


def runs(text: str, base: str = BASE_FONT) -> list[tuple[str, str]]:
    """``text`` cut into (font name, piece) runs, each piece in a font that has its glyphs."""
    cleaned = visual(_CONTROL.sub("", text))
    if cleaned.isascii():  # the base fonts have every printable ASCII glyph
        return [(base, cleaned)] if cleaned else []
    result: list[tuple[str, str]] = []
    for char in cleaned:
        font = _font_for(char, base)
        if result and result[-1][0] == font:
            result[-1] = (font, result[-1][1] + char)
        else:
            result.append((font, char))
    return result


def markup(text: str | None, base: str = BASE_FONT) -> str:
    """A user string made safe for a ``Paragraph``: escaped, with fallback-font runs."""
    if not text:
        return ""
    pieces = []
    for font, piece in runs(text, base):
        safe = escape(piece).replace("\n", "<br/>")
        pieces.append(safe if font == base else f'<font face="{font}">{safe}</font>')
    return "".join(pieces)


def draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    align: str = "left",
    base: str = BASE_FONT,
) -> None:
    """Draw a user string on the canvas in runs of the right fonts (no markup involved)."""
    pieces = runs(text, base)
    width = sum(pdfmetrics.stringWidth(piece, font, size) for font, piece in pieces)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    for font, piece in pieces:
        canvas.setFont(font, size)
        canvas.drawString(x, y, piece)
        x += pdfmetrics.stringWidth(piece, font, size)


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles (made once; treat as read-only)."""
    base_fonts()
    body = ParagraphStyle("body", fontName=BASE_FONT, fontSize=9, leading=11.5)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9),
        "cell": ParagraphStyle("cell", parent=body, fontSize=7.5, leading=9),
        "cell_bold": ParagraphStyle(
            "cell_bold", parent=body, fontName=BOLD_FONT, fontSize=7.5, leading=9
        ),
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=BOLD_FONT,
            fontSize=17,
            leading=21,
            textColor=NAVY,
            spaceAfter=2 * mm,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=BOLD_FONT,
            fontSize=11.5,
            leading=14,
            textColor=NAVY,
            spaceBefore=4 * mm,
            spaceAfter=1.5 * mm,
        ),
        "term": ParagraphStyle("term", parent=body, fontName=BOLD_FONT, spaceBefore=1.5 * mm),
        "muted": ParagraphStyle("muted", parent=body, textColor=GREY),
    }


@dataclass(frozen=True)
class PageFurniture:
    """What is drawn on every page around the content."""

    title: str
    subtitle: str
    printed_at: str
    printed_by: str
    audit_head: str = ""
    """The audit trail's head when printed ("Audit trail: 17,550 events, head 3fa2c1d9ab12")."""
    prepared_for: str = ""
    """Who the copy is for and why ("For panel of 12/01 (Panel or case meeting)")."""

    def draw(self, canvas: Canvas, page: int, pages: int) -> None:
        """Everything around the page's content. All but the page number is the same on
        every page: its operators are made on the first page and written again after."""
        made = getattr(canvas, "_diversion_furniture", None)
        if made is None or made[:2] != (self, canvas._pagesize):
            top, prepared_for = (
                _operators(canvas, self._draw_top),
                _operators(canvas, self._draw_for),
            )
            made = (self, canvas._pagesize, top, prepared_for)
            canvas._diversion_furniture = made
        canvas._code.extend(made[2])
        canvas.saveState()
        canvas.setFillColor(GREY)
        canvas.setFont(BASE_FONT, 8)
        canvas.drawRightString(canvas._pagesize[0] - 12 * mm, 6 * mm, f"Page {page} of {pages}")
        canvas.restoreState()
        canvas._code.extend(made[3])

    def _draw_top(self, canvas: Canvas) -> None:
        width, height = canvas._pagesize
        left, right = 12 * mm, width - 12 * mm
        canvas.saveState()
        canvas.setFillColor(MARKING_RED)
        canvas.setFont(BOLD_FONT, 10)
        canvas.drawCentredString(width / 2, height - 9 * mm, MARKING)
        canvas.drawCentredString(width / 2, 6 * mm, MARKING)
        canvas.setFillColor(GREY)
        draw_text(canvas, left, height - 15 * mm, f"{self.title} — {self.subtitle}", 8)
        draw_text(
            canvas,
            right,
            height - 15 * mm,
            f"Printed {self.printed_at} by {self.printed_by}",
            8,
            align="right",
        )
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, height - 17 * mm, right, height - 17 * mm)
        canvas.line(left, 11 * mm, right, 11 * mm)
        canvas.setFont(BASE_FONT, 8)
        canvas.drawString(left, 7.5 * mm, "Diversion — youth diversion scheme")
        if self.audit_head:
            canvas.setFont(BASE_FONT, 6.5)
            canvas.drawString(left, 4 * mm, self.audit_head)
        canvas.restoreState()

    def _draw_for(self, canvas: Canvas) -> None:
        if not self.prepared_for:
            return
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setFillColor(GREY)
        draw_text(canvas, width - 12 * mm, height - 11.5 * mm, self.prepared_for, 7, align="right")
        canvas.restoreState()


def _operators(canvas: Canvas, draw: Callable[[Canvas], None]) -> list[str]:
    """The page operators ``draw`` writes (taken back off the page, to be written again)."""
    start = len(canvas._code)
    draw(canvas)
    made = canvas._code[start:]
    del canvas._code[start:]
    return list(made)


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds every page back until the end, so each can say "Page x of y"."""

    def __init__(self, *args: Any, furniture: PageFurniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:
        state = dict(self.__dict__)
        # held compressed: a long report's pages would otherwise fill memory until the end
        state["_code"] = zlib.compress("\n".join(self._code).encode(), 1)
        self._held.append(state)
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for index, state in enumerate(self._held):
            self.__dict__.update(state)
            self._code = [zlib.decompress(state["_code"]).decode()]
            self._held[index] = {}  # each page's state is let go once it is written
            self._furniture.draw(self, self._pageNumber, total)
            super().showPage()
        super().save()


Progress = _Progress
"""Told (pages so far, pages expected) as the build goes (defined without ReportLab)."""


def build_pdf(
    path: Path,
    flowables: Sequence[Flowable],
    *,
    title: str,
    furniture: PageFurniture,
    page_size: tuple[float, float] = A4,
    expected_pages: int = 1,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the PDF to ``path``; returns the number of pages. Raises ReportCancelled."""
    base_fonts()
    doc = BaseDocTemplate(
        str(path),
        pagesize=page_size,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=21 * mm,
        bottomMargin=15 * mm,
        title=title,
        author=AUTHOR,
        subject=MARKING,
        creator=AUTHOR,
        keywords="",
        invariant=False,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    pages = [0]

    def on_progress(kind: str, value: int) -> None:
        if kind == "PAGE":
            pages[0] = value
            if cancelled is not None and cancelled():
                raise ReportCancelled()
            if progress is not None:
                progress(value, max(expected_pages, value))

    doc.setProgressCallBack(on_progress)
    doc.build(list(flowables), canvasmaker=functools.partial(NumberedCanvas, furniture=furniture))
    return pages[0]


def printed_at_text(instant: Any) -> str:
    return format_datetime(instant)


LANDSCAPE_A4 = landscape(A4)

rl_config.useA85 = 0
"""Page streams are compressed binary, not also ASCII85-encoded: that encoding runs in
pure Python here and took a third of the time of printing a long caseload."""
