"""What a report build can raise, importable without ReportLab (so start-up stays light)."""

from __future__ import annotations


class ReportCancelled(Exception):
    """The person cancelled the build; nothing was written."""
