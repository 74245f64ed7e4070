"""How many rows recent searches listed, to choose how to read the next one.

Typing narrows a search one letter at a time. Once a search has listed few rows, a longer
search that begins with it can be paged and counted in one statement (``count(*) OVER ()``)
instead of being counted first and then paged, which matches every name twice. The
numbers kept here only choose between those two ways of reading: never a result.
"""

from __future__ import annotations

KEPT = 32
"""At most this many searches are remembered (then the memory starts again)."""
FEW = 3_000
"""A search listing fewer rows than this counts as few."""


class RecentCounts:
    def __init__(self, few: int = FEW) -> None:
        self.few = few
        self._counts: dict[str, int] = {}

    def remember(self, text: str, listed: int) -> None:
        if len(self._counts) >= KEPT:
            self._counts.clear()
        self._counts[text.strip().casefold()] = listed

    def known_few(self, text: str) -> bool:
        """A remembered search that ``text`` begins with listed few rows."""
        typed = text.strip().casefold()
        return any(
            typed.startswith(known) and listed < self.few for known, listed in self._counts.items()
        )
