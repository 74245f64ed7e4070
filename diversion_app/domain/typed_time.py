"""A time of day typed the UK way on the 24-hour clock: 14:30, 9:05, 0930.

The rule behind the date-time and time inputs; a plain ``DomainError`` says what to fix.
"""

from __future__ import annotations

import re
from datetime import time

from diversion_app.domain.errors import DomainError

_TIME = re.compile(r"^\s*(\d{1,2})[:.]?(\d{2})\s*$")


def parse_24_hour_time(text: str) -> time:
    """14:30 (or 14.30, 1430, 9:05); hours 00-23 and minutes 00-59."""
    match = _TIME.match(text)
    if not match:
        raise DomainError(
            f"'{text.strip()}' is not a time: type it on the 24-hour clock, like 14:30."
        )
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise DomainError(
            f"{text.strip()} is not a time of day: hours go from 00 to 23 and minutes "
            "from 00 to 59."
        )
    return time(hour, minute)


def format_24_hour_time(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"
