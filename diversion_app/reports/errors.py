"""What a report build can raise, importable without ReportLab (so start-up stays light)."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
"""Told (pages so far, pages expected) as the build goes."""


class ReportCancelled(Exception):
    """The person cancelled the build; nothing was written."""
