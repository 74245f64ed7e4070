"""``make bench``: every measure on a region-sized database, one table, and JSON results.

    python -m tests.bench.run [--rebuild] [--quick] [--only NAME ...]

Builds (or reuses) the big database, measures each measure repeatedly, prints a
table of median, spread (interquartile range), aim and the ratio to a baseline
measured in the same run, and writes ``tests/bench/results/latest.json`` (plus a
timestamped copy and ``latest.md``). Modules ``tests/bench/bench_*.py`` are found and
their ``run()`` called; a measure nobody provides yet is listed as "not available yet".
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from tests.bench import common
from tests.bench.common import BENCH_DIR, RESULTS_DIR, Measure

EXPECTED_ELSEWHERE: list[tuple[str, str, float, tuple[str, ...]]] = [
    (
        "caseload_pdf_1000_open_cases",
        "Caseload PDF for 1,000 open cases",
        2.0,
        ("caseload_pdf_1000", "caseload_1000"),
    ),
    (
        "period_report_200k_referrals",
        "Period report over 200,000 referrals",
        2.0,
        ("performance_pdf_200k", "period_report", "period_pdf"),
    ),
]
"""Measures other modules (bench_reports.py, issue 8) provide: name, label, aim, and the
fragments of the keys their ``run()`` may use for them."""


def compile_the_application() -> None:
    """Byte-compile ``diversion_app`` as installing a package does.

    Cold starts are measured as an installed application starts: from compiled
    modules. An editable checkout run with ``PYTHONDONTWRITEBYTECODE`` set (as on the
    machines the bench runs on) would otherwise compile every module from source at every
    start, which measured 2.7 s against 1.65 s for the same start."""
    import compileall

    compileall.compile_dir(str(Path(common.ROOT) / "diversion_app"), quiet=1)


def _known(key: str) -> tuple[str, float] | None:
    for _name, label, aim, fragments in EXPECTED_ELSEWHERE:
        if any(fragment in key for fragment in fragments):
            return label, aim
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.run")
    parser.add_argument("--rebuild", action="store_true", help="build the big database again")
    parser.add_argument("--quick", action="store_true", help="fewer repeats (5)")
    parser.add_argument(
        "--only", nargs="*", default=None, help="startup, lists, memory, modules (default: all)"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.quick:
        common.REPEATS = 5
    parts = set(args.only or ["startup", "lists", "memory", "modules"])
    started = time.time()
    compile_the_application()

    database, record = common.big_database(rebuild=args.rebuild)
    print(f"Database: {database.name} ({record['summary']})", flush=True)
    measures: list[dict[str, Any]] = [_generation(record).as_dict()]
    if "lists" in parts:
        print("Measuring the referral list and the dashboard...", flush=True)
        from tests.bench import lists

        measures += [m.as_dict() for m in lists.measure(database)]
    if "startup" in parts:
        print("Measuring cold starts...", flush=True)
        from tests.bench import startup

        measures += [m.as_dict() for m in startup.cold_start(database, max(5, common.REPEATS // 2))]
    if "memory" in parts:
        print("Measuring peak memory...", flush=True)
        from tests.bench import startup

        measures.append(startup.peak_memory(database).as_dict())
    if "modules" in parts:
        measures += _from_modules()
        measures += _missing(measures)
    beside = postgres_beside(database, record, parts, measures)

    result = {
        "run_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "seconds": round(time.time() - started, 1),
        "repeats": common.REPEATS,
        "machine": _machine(),
        "database": record,
        "measures": measures,
    }
    table = render_table(measures)
    if beside is not None:
        result["postgres"] = beside
        table += "\n\nSQLite and PostgreSQL side by side (medians):\n\n" + beside["table"]
    print()
    print(table)
    _write(result, table)
    return 0


def postgres_beside(
    database: Path, record: dict[str, Any], parts: set[str], on_sqlite: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The same measures on the PostgreSQL copy when ``DIVERSION_BENCH_POSTGRES_URL`` is set."""
    from tests.bench import postgres

    url = postgres.bench_url()
    if url is None:
        return None
    print("Copying the big database into PostgreSQL (skipped if it is there)...", flush=True)
    loaded = postgres.load(database, record, url)
    measures: list[dict[str, Any]] = []
    if "lists" in parts:
        print("PostgreSQL: the referral list and the dashboard...", flush=True)
        from tests.bench import lists

        measures += [m.as_dict() for m in lists.measure(database, url)]
    if "startup" in parts:
        print("PostgreSQL: cold starts...", flush=True)
        from tests.bench import startup

        measures += [m.as_dict() for m in startup.cold_start(url, max(5, common.REPEATS // 2))]
    if "memory" in parts:
        print("PostgreSQL: peak memory...", flush=True)
        from tests.bench import startup

        measures.append(startup.peak_memory(url).as_dict())
    if "modules" in parts:
        print("PostgreSQL: the Young people search...", flush=True)
        from tests.bench import bench_search

        for key, value in bench_search.run(url=url).items():
            measures.append(_normalise(key, value, "tests.bench.bench_search"))
        print("PostgreSQL: the reports...", flush=True)
        from tests.bench import bench_reports

        for key, value in bench_reports.run(url=url).items():
            measures.append(_normalise(key, value, "tests.bench.bench_reports"))
    rows = side_by_side(on_sqlite, measures)
    return {
        "server": postgres.server_version(url),
        "load": loaded,
        "measures": measures,
        "side_by_side": rows,
        "table": render_side_by_side(rows),
    }


def side_by_side(
    on_sqlite: list[dict[str, Any]], on_postgres: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """One row per measure taken on both: the two medians and PostgreSQL's over SQLite's."""
    by_name = {m["name"]: m for m in on_sqlite if m.get("available")}
    rows = []
    for measure in on_postgres:
        sqlite = by_name.get(measure["name"])
        if sqlite is None or not measure.get("available"):
            continue
        ratio = measure["median"] / sqlite["median"] if sqlite["median"] else None
        rows.append(
            {
                "name": measure["name"],
                "label": measure["label"],
                "unit": measure.get("unit", "s"),
                "sqlite_median": sqlite["median"],
                "postgres_median": measure["median"],
                "postgres_over_sqlite": ratio,
                "sqlite_ratio_to_baseline": sqlite.get("ratio"),
                "postgres_ratio_to_baseline": measure.get("ratio"),
                "aim": measure.get("aim"),
                "ratio_aim": measure.get("ratio_aim"),
                "sqlite_meets_aim": sqlite.get("meets_aim"),
                "postgres_meets_aim": measure.get("meets_aim"),
            }
        )
    return rows


def render_side_by_side(rows: list[dict[str, Any]]) -> str:
    header = [
        "measure",
        "SQLite",
        "PostgreSQL",
        "PostgreSQL / SQLite",
        "to baseline (SQLite, PostgreSQL)",
        "meets aim (SQLite, PostgreSQL)",
    ]
    table = [header]
    verdict = {True: "yes", False: "NO", None: "-"}
    for row in rows:
        unit = row["unit"]
        to_baseline = ", ".join(
            "-" if row[key] is None else f"{row[key]:.1f}x"
            for key in ("sqlite_ratio_to_baseline", "postgres_ratio_to_baseline")
        )
        ratio = row["postgres_over_sqlite"]
        table.append(
            [
                row["label"],
                _figure(row["sqlite_median"], unit),
                _figure(row["postgres_median"], unit),
                "-" if ratio is None else f"{ratio:.2f}x",
                to_baseline,
                f"{verdict[row['sqlite_meets_aim']]}, {verdict[row['postgres_meets_aim']]}",
            ]
        )
    widths = [max(len(str(line[i])) for line in table) for i in range(len(header))]
    lines = [
        "| " + " | ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)) + " |"
        for line in table
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _generation(record: dict[str, Any]) -> Measure:
    counts = record.get("counts", {})
    return Measure(
        "generate_big_database",
        "Generating the big database (diversion-app demo)",
        [record["build_seconds"]],
        aim=120.0,
        note=(
            "one build, timed when it was made"
            + (" (cached: run with --rebuild to time it again)" if record.get("cached") else "")
        ),
        extra={"counts": counts, "built_at": record.get("built_at"), "size_mb": record["size_mb"]},
    )


def _from_modules() -> list[dict[str, Any]]:
    """Call ``run()`` of every tests/bench/bench_*.py and normalise what it returns."""
    found: list[dict[str, Any]] = []
    for path in sorted(BENCH_DIR.glob("bench_*.py")):
        name = f"tests.bench.{path.stem}"
        print(f"Running {name}.run()...", flush=True)
        try:
            returned = importlib.import_module(name).run()
        except Exception as error:
            traceback.print_exc()
            found.append(
                {
                    "name": path.stem,
                    "label": f"{path.stem}.run()",
                    "available": False,
                    "note": f"failed: {type(error).__name__}",
                    "module": name,
                }
            )
            continue
        for key, value in (returned or {}).items():
            normalised = _normalise(key, value, name)
            if normalised.get("info"):
                found.append({**normalised, "module": name})
            else:
                found.append(normalised)
    return found


def _normalise(key: str, value: Any, module: str) -> dict[str, Any]:
    if isinstance(value, Measure):
        data = value.as_dict()
    elif isinstance(value, int | float) and key.endswith("_s"):
        label, aim = _known(key) or (key, None)
        data = Measure(key, label, [float(value)], aim=aim, note="one run").as_dict()
    elif isinstance(value, int | float | str):
        # a figure that describes the run (how many rows, say), not a measure
        return {"name": key, "label": key, "available": False, "info": True, "value": value}
    elif isinstance(value, dict) and ("samples" in value or "median" in value):
        samples = value.get("samples") or [value["median"]]
        measure = Measure(
            name=str(value.get("name", key)),
            label=str(value.get("label", key)),
            samples=[float(s) for s in samples],
            aim=value.get("aim", value.get("aim_s")),
            unit=str(value.get("unit", "s")),
            baseline=value.get("baseline"),
            baseline_label=str(value.get("baseline_label", "")),
            ratio_aim=value.get("ratio_aim"),
            note=str(value.get("note", "")),
        )
        data = measure.as_dict()
        data["extra"] = {k: v for k, v in value.items() if k not in data}
    else:
        data = {"name": key, "label": key, "available": False, "note": f"unreadable: {value!r}"}
    data["module"] = module
    return data


def _missing(measures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    missing = []
    names = [str(m.get("name", "")).lower() for m in measures if m.get("available")]
    for name, label, aim, keys in EXPECTED_ELSEWHERE:
        if not any(k in found for k in (name, *keys) for found in names):
            missing.append(
                {
                    "name": name,
                    "label": label,
                    "aim": aim,
                    "unit": "s",
                    "available": False,
                    "median": None,
                    "note": "not available yet (expects tests/bench/bench_reports.py, issue 8)",
                }
            )
    return missing


# --- output -----------------------------------------------------------------------------------
def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:.0f} {unit}"


def render_table(measures: list[dict[str, Any]]) -> str:
    header = ["measure", "median", "spread (IQR)", "aim", "ratio to baseline", "meets aim"]
    rows = [header]
    for m in measures:
        if m.get("info"):
            continue
        unit = m.get("unit", "s")
        if not m.get("available"):
            aim = _figure(m.get("aim"), unit) if m.get("aim") else "-"
            rows.append([m["label"], m.get("note", "not available yet"), "", f"< {aim}", "", ""])
            continue
        spread = f"{_figure(m['spread_low'], unit)} - {_figure(m['spread_high'], unit)}"
        if len(m["samples"]) == 1:
            spread = "(one run)"
        aim = f"< {_figure(m['aim'], unit)}" if m.get("aim") is not None else ""
        ratio = ""
        if m.get("ratio") is not None:
            ratio = f"{m['ratio']:.1f}x {m.get('baseline_label', '')}".strip()
            if m.get("ratio_aim") is not None:
                ratio += f" (aim < {m['ratio_aim']:g}x)"
        if m.get("ratio_aim") is not None:
            aim += f"{', ' if aim else ''}< {m['ratio_aim']:g}x"
        verdict = {True: "yes", False: "NO", None: ""}[m.get("meets_aim")]
        rows.append([m["label"], _figure(m["median"], unit), spread, aim, ratio, verdict])
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
    lines = [
        "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |"
        for r in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _machine() -> dict[str, Any]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "load_average_at_end": load,
        "sqlite": __import__("sqlite3").sqlite_version,
    }


def _write(result: dict[str, Any], table: str) -> None:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=2, default=str)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    for path in (RESULTS_DIR / "latest.json", RESULTS_DIR / f"run-{stamp}.json"):
        path.write_text(text)
    machine = result["machine"]
    summary = (
        f"# Benchmark run {result['run_at']}\n\n"
        f"{result['database']['summary']}\n\n"
        f"Machine: {machine['platform']}, {machine['cpus']} CPUs, Python {machine['python']}, "
        f"SQLite {machine['sqlite']}, load average at the end {machine['load_average_at_end']}."
        f"\nRepeats per measure: {result['repeats']}; spread is the interquartile range.\n\n"
        f"{table}\n"
    )
    (RESULTS_DIR / "latest.md").write_text(summary)
    print(
        f"\nWritten: {Path(RESULTS_DIR / 'latest.json').relative_to(common.ROOT)} "
        f"(and run-{stamp}.json, latest.md)"
    )


if __name__ == "__main__":
    sys.exit(main())
