"""Weighted random choice for the demo generator, reproducible from the generator's seed."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def weighted(rng: random.Random, choices: Sequence[tuple[T, float]]) -> T:
    """One of ``choices`` (value, weight), each as likely as its share of the total weight."""
    point = rng.random() * sum(weight for _, weight in choices)
    for choice, weight in choices:
        point -= weight
        if point < 0:
            return choice
    return choices[-1][0]
