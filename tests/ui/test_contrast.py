"""Colour contrast, computed from the application's palette and every style sheet in ui/:
text at least 4.5:1 against its background (WCAG 2.2 AA), borders that carry meaning
(tiles, focus rings, tone) at least 3:1 against the page."""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from diversion_app.ui import style

UI = Path(style.__file__).parent
HEX = r"#[0-9a-fA-F]{6}"
COLOR = re.compile(rf"(?<![-\w])color:\s*({HEX})")
BACKGROUND = re.compile(rf"background(?:-color)?:\s*({HEX})")
BORDER = re.compile(rf"border(?:-bottom|-top|-left|-right)?:\s*\d+px\s+solid\s+({HEX})")


def luminance(colour: str) -> float:
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _strings() -> Iterator[tuple[str, str]]:
    """(where, text) for every string in ui/ that looks like a style sheet, including
    module constants built with f-strings and dicts of styles."""
    for path in sorted(UI.rglob("*.py")):
        where = str(path.relative_to(UI))
        for node in ast.walk(ast.parse(path.read_text())):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and ("color" in text or "background" in text):
                yield where, text
        module = importlib.import_module(
            "diversion_app.ui." + ".".join(path.relative_to(UI).with_suffix("").parts)
        )
        for value in vars(module).values():
            values = value.values() if isinstance(value, dict) else [value]
            for item in values:
                if isinstance(item, str) and ("color" in item or "background" in item):
                    yield where, item


def _blocks(text: str) -> Iterator[tuple[str, str]]:
    """(selector, declarations) for each rule; a plain widget style is one block."""
    if "{" not in text:
        yield "", text
        return
    for selector, body in re.findall(r"([^{}]*)\{([^}]*)\}", text):
        yield selector.strip(), body


def _page(qapp: QApplication) -> list[str]:
    palette = qapp.palette()
    return [
        palette.color(QPalette.ColorRole.Window).name(),
        palette.color(QPalette.ColorRole.Base).name(),
        palette.color(QPalette.ColorRole.AlternateBase).name(),
    ]


def test_every_style_sheet_text_has_at_least_4_5_to_1(qapp: QApplication) -> None:
    style.apply_palette(qapp)
    page = _page(qapp)
    low: list[str] = []
    for where, text in _strings():
        blocks = list(_blocks(text))
        # a rule without a background sits on the one its style sheet gives the widget
        # (``QFrame#banner { background } QLabel { color }``), else on the page
        own = {selector: BACKGROUND.findall(body) for selector, body in blocks}
        for selector, body in blocks:
            colours = COLOR.findall(body)
            parent = selector.split()[0] if " " in selector else None
            others = [c for s, found in own.items() if s != selector for c in found]
            backgrounds = (
                own[selector]
                or (own.get(parent or "") or [])
                or (others if len(blocks) == 2 else [])
                or page
            )
            for colour in colours:
                for background in backgrounds:
                    found = ratio(colour, background)
                    if found < 4.5:
                        low.append(f"{where} {selector!r}: {colour} on {background} {found:.2f}")
    assert low == []


def test_meaningful_borders_have_at_least_3_to_1_against_the_page(qapp: QApplication) -> None:
    style.apply_palette(qapp)
    window = _page(qapp)[0]
    low = [
        f"{selector!r}: {colour} {ratio(colour, window):.2f}"
        for selector, body in _blocks(style.STYLE_SHEET)
        for colour in BORDER.findall(body)
        if ratio(colour, window) < 3
    ]
    assert low == []


@pytest.mark.parametrize(
    ("group", "role", "against"),
    [
        (QPalette.ColorGroup.Active, QPalette.ColorRole.Text, QPalette.ColorRole.Base),
        (QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
        (QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base),
        (QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QPalette.ColorRole.Base),
        (QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
        (QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    ],
)
def test_the_palette_text_has_at_least_4_5_to_1(
    qapp: QApplication,
    group: QPalette.ColorGroup,
    role: QPalette.ColorRole,
    against: QPalette.ColorRole,
) -> None:
    style.apply_palette(qapp)
    palette = qapp.palette()
    fore = palette.color(group, role).name()
    back = palette.color(QPalette.ColorGroup.Active, against).name()
    assert ratio(fore, back) >= 4.5, (fore, back)


def test_coloured_cells_and_the_disabled_account_grey_are_readable() -> None:
    from diversion_app.ui.casework import week_view
    from diversion_app.ui.referrals import clock_style

    pairs = [*clock_style.CLOCK_COLOURS.values(), week_view.CLASH_COLOURS, week_view.DONE_COLOURS]
    for fore, back in pairs:
        assert ratio(fore, back) >= 4.5, (fore, back)
    from diversion_app.ui.accounts.admin_page import DISABLED_GREY

    for background in ("#ffffff", "#f7f7f7", QColor("#efefef").name()):
        assert ratio(DISABLED_GREY, background) >= 4.5
