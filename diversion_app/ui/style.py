"""The application's look: one small style sheet and the palette's readable greys.

Every text colour here and in the other style sheets of ``ui/`` has at least 4.5:1
contrast against its background, and every border that carries meaning at least 3:1
against the page; ``tests/ui/test_contrast.py`` computes it from these values.
"""

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

PLACEHOLDER_GREY = "#5f6368"
"""Hint text in empty fields: 6.0:1 on white (Qt's default is about 4:1)."""
DISABLED_TEXT = "#5c5c5c"
"""Text of disabled controls: still readable (5.7:1 on the window grey)."""

STYLE_SHEET = """
QListWidget#navigation { font-size: 11pt; border: none; background: #1f3b57; color: #ffffff; }
QListWidget#navigation::item { padding: 10px 14px; }
QListWidget#navigation::item:selected { background: #2f6690; color: #ffffff; }
QLabel#pageHeading { font-size: 15pt; font-weight: 600; color: #1f3b57; }
QFrame#countTile { background: #f5f7fa; border: 1px solid #6b7785; border-radius: 6px; }
QLabel#tileValue { font-size: 20pt; font-weight: 600; color: #1f3b57; }
QPushButton#countTile { background: #f5f7fa; border: 1px solid #6b7785; border-radius: 6px;
    font-size: 11pt; color: #1f3b57; padding: 4px 10px; }
QPushButton#countTile:checked { background: #dbe9f6; border: 2px solid #2f6690; }
QPushButton#countTile[tone="overdue"] { background: #fde7e9; border: 2px solid #b00020;
    color: #8c0019; font-weight: 600; }
QPushButton#countTile[tone="overdue"]:checked { background: #f8c9cf; border: 3px solid #8c0019; }
QPushButton#countTile[tone="dueSoon"] { background: #fff3cd; border: 2px solid #8a6100;
    color: #5c3b00; font-weight: 600; }
QPushButton#countTile[tone="dueSoon"]:checked { background: #ffe69c; border: 3px solid #5c3b00; }
QPushButton#countTile:focus { border: 3px solid #1f3b57; }
QFrame#todayPanel { background: #eef6fc; border: 1px solid #5b7d99; border-radius: 6px; }
QLabel#todayHeading { font-weight: 600; color: #1f3b57; }
QHeaderView::section { font-weight: 600; padding: 4px; }
"""


def apply_palette(app: QApplication) -> None:
    """Darken the palette's hint and disabled text so that both can be read."""
    palette = app.palette()
    for group in (
        QPalette.ColorGroup.Active,
        QPalette.ColorGroup.Inactive,
        QPalette.ColorGroup.Disabled,
    ):
        palette.setColor(group, QPalette.ColorRole.PlaceholderText, QColor(PLACEHOLDER_GREY))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_TEXT))
    app.setPalette(palette)
