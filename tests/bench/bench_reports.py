"""Benchmark: seconds to print the caseload PDF for 1,000 open cases and the period report
over 200,000 referrals. ``python -m tests.bench.bench_reports``; ``run()`` returns the figures.

The region database is the one ``make bench`` builds and caches (``common.big_database``).
The whole team's caseload and the ten-year period report are printed in fresh processes
(``report_child.py``) so each one's peak memory is its own. Not part of the test suite.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from diversion_app.domain.enums import Role
from diversion_app.persistence.engine import session_factory, sqlite_url
from diversion_app.persistence.migrate import open_database
from diversion_app.persistence.models import Referral
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.registry import Services
from diversion_app.services.reports.caseload_data import CaseloadScope
from tests.conftest import FOR_TESTS
from tests.pg_schemas import scratch_schema

NOW = datetime(2026, 11, 28, 14, 30, tzinfo=UTC)
CACHE = Path(__file__).resolve().parent / ".cache"
ACTOR = Actor(None, "bench", "Benchmark", frozenset({Role.SUPERVISOR}))


def _context(url: str) -> tuple[ServiceContext, Any]:
    opened = open_database(url, now=NOW)
    return ServiceContext(session_factory(opened.engine), now_provider=lambda: NOW), opened


@contextmanager
def _scratch(work: Path, url: str | None) -> Iterator[str]:
    """A database of its own for seeding: a file in ``work``, or a fresh schema (dropped
    afterwards) in the PostgreSQL database at ``url``, seeing none of the copy's tables."""
    if url is None:
        yield sqlite_url(work / "caseload.db")
        return
    with scratch_schema(url, "bench_scratch") as scratch:
        yield scratch


def _big_database() -> Path:
    """The region database ``make bench`` builds and caches (one build serves every measure)."""
    from tests.bench.common import big_database

    return big_database()[0]


def _child(what: str, database: Path | str, out: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.report_child", what, str(database), str(out)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _in_children(what: str, database: Path | str, folder: Path, times: int) -> list[dict[str, Any]]:
    return [_child(what, database, folder / f"{what}-{n}.pdf") for n in range(times)]


def _timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return round(time.perf_counter() - start, 3)


def _repeated(action: object, label: str, aim: float | None = None) -> dict[str, Any]:
    """``action`` timed ``TIMES`` times in this process: the samples, their label and aim
    (the first sample includes the process's first import of the report code)."""
    return {
        "label": label,
        "samples": [_timed(action) for _ in range(TIMES)],
        "aim": aim,
        "note": f"{TIMES} runs in one process, the first with its imports",
    }


def run(url: str | None = None) -> dict[str, Any]:
    """Build the reports and return the seconds each took (and the sizes measured): on the
    region's SQLite file, or on its PostgreSQL copy at ``url`` (the 1,000 cases are then
    seeded in a schema of their own)."""
    from tests.integration.report_seeding import seed_caseload

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        with _scratch(work, url) as scratch:
            ctx, opened = _context(scratch)
            seed_caseload(ctx, cases=1000, now=NOW)
            services = Services.build(ctx)
            results["caseload_pdf_1000_cases_s"] = _repeated(
                lambda: services.reports.write_caseload_pdf(
                    ACTOR,
                    work / "caseload.pdf",
                    CaseloadScope(caseworker_username="busy"),
                    for_whom=FOR_TESTS,
                ),
                "Caseload PDF for 1,000 open cases",
                2.0,
            )
            opened.engine.dispose()

        big: Path | str
        if url is None:
            big = work / "big.db"
            shutil.copy(_big_database(), big)
            ctx, opened = _context(sqlite_url(big))
        else:
            big = url  # the copy's audit trail gains the reports' disclosures, as the file's does
            ctx, opened = _context(url)
        services = Services.build(ctx)
        with ctx.read_only() as session:
            results["referrals"] = session.execute(sa.select(sa.func.count(Referral.id))).scalar()
        period = (date(2025, 11, 29), date(2026, 11, 28))
        results["performance_pdf_200k_referrals_s"] = _repeated(
            lambda: services.reports.write_performance_pdf(
                ACTOR, work / "period.pdf", *period, for_whom=FOR_TESTS
            ),
            "Period report over 200,000 referrals",
            2.0,
        )
        results["performance_figures_only_s"] = _repeated(
            lambda: services.reports.performance(ACTOR, *period),
            "Period report's figures only (a year, 200,000 referrals)",
        )
        opened.engine.dispose()
        results.update(report_measures(big, work))
    return results


def report_measures(database: Path | str, work: Path) -> dict[str, Any]:
    """The team's caseload and ten years' period report, each in fresh processes.

    ``database`` is the region's SQLite file or the URL of its PostgreSQL copy.
    """
    found: dict[str, Any] = {}
    for key, what, label in (
        ("team_caseload_pdf", "team-caseload", "Whole team's caseload PDF (every open referral)"),
        ("period_report_ten_years", "period-ten-years", "Period report PDF over ten years"),
    ):
        runs = _in_children(what, database, work, TIMES)
        found[key] = {
            "label": label,
            "samples": [run["seconds"] for run in runs],
            "aim": 10.0,
            "note": (
                f"{runs[0]['rows']:,} rows, {runs[0]['pages']:,} pages; CPU "
                f"{statistics.median(r['cpu_seconds'] for r in runs):.1f} s; peak "
                f"{max(r['peak_mb'] for r in runs):.0f} MB (aim < 300 MB); fresh process each"
            ),
            "cpu_seconds": [run["cpu_seconds"] for run in runs],
            "peak_mb": [run["peak_mb"] for run in runs],
            "rows": runs[0]["rows"],
            "pages": runs[0]["pages"],
            "progress_reports": runs[0]["progress_reports"],
        }
    return found


TIMES = 3
"""Runs of each whole-region report (each is seconds long; three give a median)."""


if __name__ == "__main__":
    print(json.dumps(run(), indent=2, default=str))
    sys.exit(0)
