"""A fresh process that prints one report on the big database and says how long it took.

    python -m tests.bench.report_child team-caseload DB OUT
    python -m tests.bench.report_child period-ten-years DB OUT

Run by ``bench_reports.py`` so that each report's peak memory (ru_maxrss) is its own.
Prints one JSON line: wall seconds, CPU seconds, peak MB, rows and pages, and how many
progress reports arrived (the Reports page's progress bar is fed by them).
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.bench.peak_memory import peak_mb


def main(argv: list[str]) -> int:
    what, database, out = argv[0], argv[1], Path(argv[2])  # a file, or a PostgreSQL URL
    from diversion_app.domain.enums import Role
    from diversion_app.persistence.engine import session_factory, sqlite_url
    from diversion_app.persistence.migrate import open_database
    from diversion_app.services.base.actor import Actor
    from diversion_app.services.base.context import ServiceContext
    from diversion_app.services.registry import Services
    from diversion_app.services.reports.caseload_data import CaseloadScope
    from diversion_app.services.reports.performance_data import MAX_PERIOD_DAYS
    from tests.conftest import FOR_TESTS  # whom a printed report is for (it must say)

    now = datetime.now(UTC)
    url = database if "://" in database else sqlite_url(Path(database))
    opened = open_database(url, now=now, defer_large_check=True)
    services = Services.build(ServiceContext(session_factory(opened.engine), lambda: now))
    actor = Actor(None, "bench", "Benchmark", frozenset({Role.SUPERVISOR}))
    progress: list[int] = []
    started, cpu = time.perf_counter(), time.process_time()
    if what == "team-caseload":
        written = services.reports.write_caseload_pdf(
            actor,
            out,
            CaseloadScope(),
            progress=lambda done, _expected: progress.append(done),
            cancelled=lambda: False,
            for_whom=FOR_TESTS,
        )
    else:
        end = now.date()
        start = end - timedelta(days=MAX_PERIOD_DAYS - 1)  # ten years, the longest allowed
        written = services.reports.write_performance_pdf(
            actor,
            out,
            start,
            end,
            progress=lambda done, _expected: progress.append(done),
            cancelled=lambda: False,
            for_whom=FOR_TESTS,
        )
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": cpu,
                "peak_mb": peak_mb(),
                "rows": written.rows,
                "pages": written.pages,
                "progress_reports": len(progress),
            }
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
