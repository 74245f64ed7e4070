"""Weighted random choice for the demo generator, reproducible from the generator's seed."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


def weighted(rng: random.Random, choices: Sequence[tuple[T, float]]) -> T:
    """One of ``choices`` (value, weight), each as likely as its share of the total weight."""
    point = rng.random() * sum(weight for _, weight in choices)
    for choice, weight in choices:
        point -= weight
        if point < 0:
            return choice
    return choices[-1][0]


class Weighted(Generic[T]):
    """Fixed choices with their total weight added up once.

    ``pick(rng)`` is ``weighted(rng, choices)``: the same draw from ``rng`` and the same
    answer (the total is the same sum, in the same order), without adding the weights up
    again for each of a region's millions of rows.
    """

    __slots__ = ("choices", "total")

    def __init__(self, choices: Sequence[tuple[T, float]]) -> None:
        self.choices = tuple(choices)
        self.total = sum(weight for _, weight in self.choices)

    def pick(self, rng: random.Random) -> T:
        point = rng.random() * self.total
        for choice, weight in self.choices:
            point -= weight
            if point < 0:
                return choice
        return self.choices[-1][0]
