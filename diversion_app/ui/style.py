"""The application's look: one small style sheet."""

STYLE_SHEET = """
QListWidget#navigation { font-size: 11pt; border: none; background: #1f3b57; color: #ffffff; }
QListWidget#navigation::item { padding: 10px 14px; }
QListWidget#navigation::item:selected { background: #2f6690; color: #ffffff; }
QLabel#pageHeading { font-size: 15pt; font-weight: 600; color: #1f3b57; }
QFrame#countTile { background: #f5f7fa; border: 1px solid #d0d7de; border-radius: 6px; }
QLabel#tileValue { font-size: 20pt; font-weight: 600; color: #1f3b57; }
QPushButton#countTile { background: #f5f7fa; border: 1px solid #d0d7de; border-radius: 6px;
    font-size: 12pt; color: #1f3b57; padding: 6px; }
QPushButton#countTile:checked { background: #dbe9f6; border: 2px solid #2f6690; }
QHeaderView::section { font-weight: 600; padding: 4px; }
"""
