"""Several processes writing to one database at once: do writes wait, then succeed?

Run by hand (never in the timed suite)::

    .venv/bin/python -m tests.bench.load_writers --processes 4 --seconds 60
    .venv/bin/python -m tests.bench.load_writers --url postgresql+psycopg://.../db

Each worker process signs in as its own supervisor and loops for the given time over
what a busy team does: make a referral, record a contact on one of its referrals, open a
referral record (an audited view) and, every tenth action, sign in again. Every call goes
through the services exactly as the GUI's do. The parent prints one line per kind of
action (operations, failures, per second) and a total, and exits non-zero if more than
1% failed or any sign-in failed.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from diversion_app.domain.contact_rules import ContactDraft
from diversion_app.domain.enums import ContactMethod, ContactOutcome, Role
from diversion_app.persistence.engine import session_factory, sqlite_url
from diversion_app.persistence.migrate import open_database
from diversion_app.persistence.models import User, UserRole
from diversion_app.services.accounts.passwords import hash_password
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.registry import Services
from tests.factories import add_household, child, referral_draft

PASSWORD = "load test pass phrase 2026"
CHILDREN_PER_WORKER = 3000


def _services(url: str) -> Services:
    opened = open_database(url, now=datetime.now(UTC))
    return Services.build(ServiceContext(session_factory(opened.engine)))


def prepare(url: str, processes: int) -> None:
    """The schema, one supervisor per worker (with a password) and children to refer."""
    services = _services(url)
    ctx = services.ctx
    with ctx.unit_of_work() as session:
        for worker in range(processes):
            user = User(
                username=f"load{worker}",
                display_name=f"Load Supervisor {worker}",
                password_hash=hash_password(PASSWORD),
                created_at=ctx.now(),
            )
            user.roles = [UserRole(role=Role.SUPERVISOR), UserRole(role=Role.CASEWORKER)]
            session.add(user)
    with ctx.unit_of_work() as session:
        household = add_household(session, ctx.now())
        for worker in range(processes):
            for number in range(CHILDREN_PER_WORKER):
                session.add(
                    child(
                        household.id,
                        ctx.now(),
                        given=f"W{worker}",
                        family=f"Child{number}",
                        born=date(2012, 5, 1),
                    )
                )


def work(url: str, worker: int, seconds: float) -> dict[str, object]:
    """One worker's loop; what it did and what failed, by kind."""
    services = _services(url)
    done: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    actor = services.accounts.sign_in(f"load{worker}", PASSWORD)
    first_child = 1 + worker * CHILDREN_PER_WORKER
    next_child = first_child
    referrals: list[int] = []
    rng = random.Random(worker)
    stop_at = time.monotonic() + seconds
    action = 0
    while time.monotonic() < stop_at:
        action += 1
        if action % 10 == 0:
            kind = "sign-in"
        elif not referrals or rng.random() < 0.3:
            kind = "referral"
        else:
            kind = rng.choice(["contact", "record view"])
        try:
            if kind == "sign-in":
                actor = services.accounts.sign_in(f"load{worker}", PASSWORD)
            elif kind == "referral":
                now = services.ctx.now()
                made = services.referral_record.make(
                    actor, referral_draft(next_child, now - timedelta(hours=1))
                )
                next_child += 1
                referrals.append(made.id)
            elif kind == "contact":
                services.contacts.record(
                    actor,
                    ContactDraft(
                        referral_id=rng.choice(referrals),
                        occurred_at=services.ctx.now() - timedelta(minutes=5),
                        method=ContactMethod.PHONE,
                        outcome=ContactOutcome.NO_ANSWER,
                        with_young_person=True,
                    ),
                )
            else:
                services.referral_record.record(actor, rng.choice(referrals))
            done[kind] += 1
        except Exception as error:  # counted, not hidden: the parent prints them
            failed[kind] += 1
            errors[f"{error.__class__.__name__}: {str(error)[:120]}"] += 1
    return {"done": dict(done), "failed": dict(failed), "errors": dict(errors)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="a database URL (default: a new SQLite file)")
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        print(json.dumps(work(args.url, args.worker, args.seconds)))
        return 0
    url = args.url or sqlite_url(Path(tempfile.mkdtemp(prefix="diversion-load-")) / "load.db")
    prepare(url, args.processes)
    command = [sys.executable, "-m", "tests.bench.load_writers", "--url", url]
    children = [
        subprocess.Popen(
            [*command, "--worker", str(worker), "--seconds", str(args.seconds)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for worker in range(args.processes)
    ]
    done: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    for worker_process in children:
        output, _ = worker_process.communicate()
        result = json.loads(output.strip().splitlines()[-1])
        done.update(result["done"])
        failed.update(result["failed"])
        errors.update(result["errors"])
    backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    print(f"{backend}, {args.processes} processes, {args.seconds:.0f} s")
    for kind in sorted(set(done) | set(failed)):
        total = done[kind] + failed[kind]
        print(
            f"  {kind:12} {total:6} operations {failed[kind]:5} failed "
            f"{total / args.seconds:7.1f} per second"
        )
    operations = sum(done.values()) + sum(failed.values())
    failures = sum(failed.values())
    share = failures / operations if operations else 1.0
    print(
        f"  {'all':12} {operations:6} operations {failures:5} failed "
        f"{operations / args.seconds:7.1f} per second ({share:.2%} failed)"
    )
    for message, count in errors.most_common(5):
        print(f"  {count} x {message}")
    return 0 if share < 0.01 and not failed["sign-in"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
