"""How many rows recent searches listed, to choose how to read the next one.

Typing narrows a search one letter at a time. Once a search has listed few rows, a longer
search that begins with it can be paged and counted in one statement (``count(*) OVER ()``)
instead of being counted first and then paged, which matches every name twice. The
numbers kept here only choose between those two ways of reading: never a result.
"""

from __future__ import annotations

from collections.abc import Callable

KEPT = 32
"""At most this many searches are remembered (then the memory starts again)."""
FEW = 3_000
"""A search listing fewer rows than this counts as few."""


def _always(_longer: str, _shorter: str) -> bool:
    return True


class RecentCounts:
    def __init__(self, few: int = FEW, narrows: Callable[[str, str], bool] = _always) -> None:
        """``narrows(longer, shorter)``: whether a search that begins with another one is
        matched the same way (a list whose searches change kind as they grow says no)."""
        self.few = few
        self.narrows = narrows
        self._counts: dict[str, int] = {}

    def remember(self, text: str, listed: int) -> None:
        if len(self._counts) >= KEPT:
            self._counts.clear()
        self._counts[text.strip().casefold()] = listed

    def known_few(self, text: str) -> bool:
        """A remembered search that ``text`` begins with, and narrows, listed few rows."""
        typed = text.strip().casefold()
        return any(
            typed.startswith(known) and listed < self.few and self.narrows(typed, known)
            for known, listed in self._counts.items()
        )
