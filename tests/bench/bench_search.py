"""Benchmark: keystroke to updated results on the Young people page, over 100,000 people.

The database is built once with the demo builder and cached under ``tests/bench/.cache/``.
Each keystroke types one more character into the search box and applies the search
straight away (the page's 150 ms typing pause is left out: it is a deliberate wait, not
work); the time runs until the table model has its new count and first batch and the
pending events (the table's repaint) are processed.

Run alone with ``python -m tests.bench.bench_search``; ``tests/bench/run.py`` calls ``run()``.
Not part of the test suite.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CACHE = Path(__file__).resolve().parent / ".cache"
PEOPLE = 100_000
SEED = 2026
NOW = datetime(2026, 11, 28, 14, 30, tzinfo=UTC)
TYPED = [
    "mia okafor",
    "zoe",
    "o'neill",
    "fitzgerald",
    "05/03/2011",
    "DM5 3",
    "LP0045678",
    "26/0001",
    "kowalski kacper",
]
"""What an officer types, one character at a time."""


def database(people: int = PEOPLE, seed: int = SEED) -> Path:
    """The cached demo database (built on first use: a few minutes for 100,000 people)."""
    from diversion_app.demo.generator import build_demo
    from diversion_app.persistence.engine import session_factory, sqlite_url
    from diversion_app.persistence.migrate import open_database
    from diversion_app.services.base.context import ServiceContext
    from tests.bench import common

    if people == common.YOUNG_PEOPLE and seed == common.SEED:
        return common.big_database()[0]  # the region database make bench has built already
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"young-people-{people}-{seed}.db"
    if path.exists():
        return path
    partial = path.with_suffix(".building")
    partial.unlink(missing_ok=True)
    opened = open_database(sqlite_url(partial), now=NOW)
    build_demo(
        ServiceContext(session_factory(opened.engine), now_provider=lambda: NOW),
        young_people=people,
        seed=seed,
    )
    opened.engine.dispose()
    partial.rename(path)
    return path


def run(people: int = PEOPLE, url: str | None = None) -> dict[str, Any]:
    """Type each search in ``TYPED`` a key at a time, timing every keystroke (on the
    PostgreSQL copy of the region database at ``url`` when one is given).

    Returns ``{measure name: {samples (ms), median, aim, unit, ...}}``, the shape the
    ``make bench`` harness (tests/bench/run.py) reads from every ``bench_*.py``.
    """
    from PySide6.QtWidgets import QApplication

    from diversion_app.app import LOCAL_ACTOR, configure_qt_application
    from diversion_app.persistence.engine import session_factory, sqlite_url
    from diversion_app.persistence.migrate import open_database
    from diversion_app.services.base.context import ServiceContext
    from diversion_app.services.registry import Services
    from diversion_app.ui.people.young_people_page import YoungPeoplePage

    configure_qt_application()
    app = QApplication.instance() or QApplication(sys.argv)
    opened = open_database(url or sqlite_url(database(people)), now=NOW)
    try:
        services = Services.build(
            ServiceContext(session_factory(opened.engine), now_provider=lambda: NOW)
        )
        page = YoungPeoplePage(services, LOCAL_ACTOR)
        page.resize(1200, 700)
        page.show()
        page.activate()
        app.processEvents()
        search = page.list.search
        assert search is not None
        timings: list[float] = []
        cpu_timings: list[float] = []
        per_query: dict[str, float] = {}
        for text in TYPED:
            search.clear()
            page.list.apply_search()
            app.processEvents()
            query_times = []
            for end in range(1, len(text) + 1):
                search.setText(text[:end])
                started, cpu_started = time.perf_counter(), time.process_time()
                page.list.apply_search()
                app.processEvents()
                query_times.append((time.perf_counter() - started) * 1000)
                cpu_timings.append((time.process_time() - cpu_started) * 1000)
            per_query[text] = round(statistics.median(query_times), 2)
            timings.extend(query_times)
        page.close()
        ordered = sorted(timings)
        return {
            "young_people_search_keystroke": {
                "name": "young_people_search_keystroke",
                "label": f"Young people search: keystroke to updated results ({people:,} people)",
                "samples": [round(t, 2) for t in timings],
                "aim": 50,
                "unit": "ms",
                "median": round(statistics.median(timings), 2),
                "p90": round(ordered[int(len(ordered) * 0.9)], 2),
                "max": round(ordered[-1], 2),
                "median_cpu_ms": round(statistics.median(cpu_timings), 2),
                "load_average": round(os.getloadavg()[0], 2),
                "people": people,
                "keystrokes": len(timings),
                "median_by_search": per_query,
                "note": "typing pause of 150 ms not included; CPU time beside wall time",
            }
        }
    finally:
        opened.engine.dispose()


def main() -> int:
    people = int(sys.argv[1]) if len(sys.argv) > 1 else PEOPLE
    result = run(people)["young_people_search_keystroke"]
    result.pop("samples")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
