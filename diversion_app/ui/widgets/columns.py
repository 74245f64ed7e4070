"""Which column of a table takes the spare width."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView


def stretch_column(table: QTableView, column: int) -> None:
    """The (name) column takes the spare width, so the figures stay in view and the names
    are not cut short while the last column stands half empty."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
