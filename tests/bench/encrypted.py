"""The benchmarks on an encrypted copy of the big database, beside the plain one.

    python -m tests.bench.encrypted [--quick]

Builds (or reuses) the big database, makes an encrypted copy once (``encrypt``), then runs
the same measures on both, alternately plain then encrypted: the referral list, a search
keystroke, sorting, the dashboard counts (``lists.py``), the period report for a year and
the young people search (here), and the cold start to the main window (``startup.py``).
Prints each measure's medians and the ratio encrypted / plain (the aim: at most 1.3), and
writes ``tests/bench/results/encrypted-latest.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from datetime import date
from pathlib import Path

from tests.bench import common
from tests.bench.common import CACHE_DIR, RESULTS_DIR, Measure, repeat

PASSPHRASE = "benchmark passphrase, not a secret"
RATIO_AIM = 1.3


def encrypted_copy(plain: Path) -> Path:
    from diversion_app.persistence import encryption

    target = CACHE_DIR / f"{plain.stem}-encrypted.db"
    if not target.exists():
        print("Encrypting a copy of the big database, once...", flush=True)
        working = target.with_name(target.name + ".plain")
        shutil.copy(plain, working)
        started = time.perf_counter()
        encryption.encrypt_database(working, PASSPHRASE)
        print(f"  encrypted in {time.perf_counter() - started:.1f} s", flush=True)
        working.rename(target)
    return target


def service_measures(database: Path) -> list[Measure]:
    from diversion_app.app import LOCAL_ACTOR, build_services
    from diversion_app.persistence.engine import sqlite_url
    from diversion_app.services.base.listing import PageRequest

    services = build_services(sqlite_url(database), defer_large_check=True)
    actor = LOCAL_ACTOR
    year = (date(2025, 6, 1), date(2026, 5, 31))
    results = [
        Measure(
            "period_report_year",
            "Period report figures for a year (June to May, beside the year before)",
            repeat(lambda: services.reports.performance(actor, *year), max(3, common.REPEATS // 3)),
        ),
        Measure(
            "young_people_search",
            'Young people: count and first 200 matching "smith"',
            repeat(
                lambda: (
                    services.young_people.count(actor, "smith"),
                    services.young_people.search(actor, PageRequest(text="smith")),
                )
            ),
        ),
    ]
    services.ctx.sessions.kw["bind"].dispose()
    return results


def measure_all(database: Path, cold_starts: int) -> dict[str, Measure]:
    from tests.bench import lists, startup

    measures = lists.measure(database) + service_measures(database)
    measures += startup.cold_start(database, cold_starts)[:1]
    return {m.name: m for m in measures}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.encrypted")
    parser.add_argument("--quick", action="store_true", help="fewer repeats (5)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.quick:
        common.REPEATS = 5
    from diversion_app.persistence import encryption

    plain, record = common.big_database()
    encrypted = encrypted_copy(plain)
    encryption.unlock(encrypted, PASSPHRASE)
    os.environ["DIVERSION_DB_PASSPHRASE"] = PASSPHRASE  # for the cold-start children
    cold = max(5, common.REPEATS // 2)
    print("Measuring the plain database...", flush=True)
    on_plain = measure_all(plain, cold)
    print("Measuring the encrypted copy...", flush=True)
    on_encrypted = measure_all(encrypted, cold)
    rows = []
    for name, measure in on_plain.items():
        other = on_encrypted[name]
        ratio = other.median / measure.median if measure.median else None
        rows.append(
            {
                "name": name,
                "label": measure.label,
                "plain_median_s": measure.median,
                "encrypted_median_s": other.median,
                "ratio": ratio,
                "within_aim": ratio is not None and ratio <= RATIO_AIM,
            }
        )
    lines = [
        f"Encrypted vs plain big database ({record['summary']})",
        "",
        "| measure | plain | encrypted | ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['label']} | {row['plain_median_s'] * 1000:.1f} ms | "
            f"{row['encrypted_median_s'] * 1000:.1f} ms | {row['ratio']:.2f} |"
        )
    table = "\n".join(lines)
    print(table)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "encrypted-latest.md").write_text(table + "\n")
    (RESULTS_DIR / "encrypted-latest.json").write_text(
        json.dumps({"repeats": common.REPEATS, "ratio_aim": RATIO_AIM, "measures": rows}, indent=2)
    )
    return 0 if all(row["within_aim"] for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
