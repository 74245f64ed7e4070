"""What every benchmark shares: the big database (built once, cached), timing, and results.

The big database is a region's ten years: 100,000 young people, about 200,000
referrals and a million contacts and visits, built by ``diversion-app demo`` with a
fixed seed. It is cached under ``tests/bench/.cache/`` and rebuilt only when the code
that shapes it (the demo builder, the models, the migrations) or the seed changes.

A benchmark module ``bench_<topic>.py`` in this folder is found by ``run.py``; its
``run() -> dict`` returns ``{measure name: result}``, each result a ``Measure.as_dict()``
(or at least ``{"samples": [seconds, ...], "aim_s": float}``). Use ``big_database()``
for the path of the big database and ``repeat()`` to time something.
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = Path(__file__).resolve().parent
CACHE_DIR = BENCH_DIR / ".cache"
RESULTS_DIR = BENCH_DIR / "results"

YOUNG_PEOPLE = int(os.environ.get("DIVERSION_BENCH_PEOPLE", "100000"))
SEED = 2026
REPEATS = int(os.environ.get("DIVERSION_BENCH_REPEATS", "15"))

SHAPING_CODE = [
    *sorted(
        path.relative_to(ROOT).as_posix() for path in (ROOT / "diversion_app/demo").glob("*.py")
    ),
    "diversion_app/persistence/models.py",
    "diversion_app/persistence/types.py",
]
"""The demo builder's modules (every one of them: the rows' values come from several) and
the models."""


@dataclass
class Measure:
    """One measure: its samples (seconds, or MB for memory), its aim, and a baseline."""

    name: str
    label: str
    samples: list[float]
    aim: float | None = None
    unit: str = "s"
    baseline: float | None = None
    """The median of what the measure is compared with (same run, same machine)."""
    baseline_label: str = ""
    ratio_aim: float | None = None
    """An aim for median / baseline, where the issue sets one."""
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def spread(self) -> tuple[float, float]:
        """Interquartile range (lowest and highest for fewer than four samples)."""
        if len(self.samples) < 4:
            return min(self.samples), max(self.samples)
        quartiles = statistics.quantiles(self.samples, n=4, method="inclusive")
        return quartiles[0], quartiles[2]

    @property
    def ratio(self) -> float | None:
        return self.median / self.baseline if self.baseline else None

    @property
    def meets_aim(self) -> bool | None:
        if self.aim is None and self.ratio_aim is None:
            return None
        ok = self.aim is None or self.median < self.aim
        if self.ratio_aim is not None and self.ratio is not None:
            ok = ok and self.ratio < self.ratio_aim
        return ok

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        low, high = self.spread
        data.update(
            median=self.median,
            spread_low=low,
            spread_high=high,
            ratio=self.ratio,
            meets_aim=self.meets_aim,
            available=True,
        )
        return data


def repeat(
    action: Callable[[], Any],
    times: int = REPEATS,
    *,
    warmup: int = 1,
    before: Callable[[], Any] | None = None,
) -> list[float]:
    """Seconds taken by ``action`` each time (``before`` runs untimed before each)."""
    for _ in range(warmup):
        if before is not None:
            before()
        action()
    samples = []
    for _ in range(times):
        if before is not None:
            before()
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


# --- the big database --------------------------------------------------------------------------
def code_version() -> str:
    """A digest of everything that shapes the generated database, with its size and seed."""
    digest = hashlib.sha256(f"{YOUNG_PEOPLE}:{SEED}".encode())
    files = [ROOT / name for name in SHAPING_CODE]
    files += sorted((ROOT / "db" / "versions").glob("*.py"))
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def big_database(*, rebuild: bool = False) -> tuple[Path, dict[str, Any]]:
    """The cached big database and its build record (built now if missing or out of date)."""
    version = code_version()
    path = CACHE_DIR / f"region-{YOUNG_PEOPLE}-{version}.db"
    record_path = path.with_suffix(".json")
    if path.exists() and record_path.exists() and not rebuild:
        record = json.loads(record_path.read_text())
        record["cached"] = True
        return path, record
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    for old in CACHE_DIR.glob(f"region-{YOUNG_PEOPLE}-*"):  # the out-of-date one of this size
        old.unlink()
    command = [
        sys.executable,
        "-m",
        "diversion_app",
        "demo",
        "--db",
        str(path),
        "--young-people",
        str(YOUNG_PEOPLE),
        "--seed",
        str(SEED),
    ]
    print(f"Building the big database ({YOUNG_PEOPLE:,} young people), once...", flush=True)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        path.unlink(missing_ok=True)
        raise SystemExit(f"building the benchmark database failed:\n{done.stderr}")
    record = {
        "version": version,
        "seed": SEED,
        "young_people": YOUNG_PEOPLE,
        "build_seconds": seconds,
        "summary": done.stdout.splitlines()[0],
        "counts": table_counts(path),
        "size_mb": path.stat().st_size / 1e6,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    record_path.write_text(json.dumps(record, indent=2))
    record["cached"] = False
    return path, record


def table_counts(path: Path) -> dict[str, int]:
    import sqlite3

    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("young_people", "referrals", "contacts", "visits")
        }


def offscreen_env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.setdefault("PYTHONDONTWRITEBYTECODE", "0")
    return env
