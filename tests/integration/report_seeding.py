"""Seeding awkward caseloads straight into a database: hostile names, long notes, big numbers."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa

from diversion_app.domain.clock import CLOCK_LENGTH
from diversion_app.persistence import models as m
from diversion_app.services.base.context import ServiceContext

HOSTILE_NAME = '<img src="http://127.0.0.1:9/x"> & Sons <b>'
AWKWARD_NAMES: list[tuple[str, str]] = [
    ("Test", HOSTILE_NAME),
    ("ليلى", "حداد"),
    ("小明", "王"),
    ("Ζωή", "Παπαδοπούλου"),
    ("Дмитрий", "Иванов"),
    ("Siobhán", "Ó Súilleabháin"),
]
LONG_NOTE = ("The family asked us to call back after the school run; " * 100)[:5000]


def seed_caseload(ctx: ServiceContext, *, cases: int, username: str = "busy", now: datetime) -> int:
    """A caseworker ``username`` with ``cases`` open referrals; returns the caseworker's id.

    The first referrals belong to the awkward names above; the first one is overdue with a
    5,000-character reason, so the long note is printed too.
    """
    engine = ctx.sessions.kw["bind"]
    with engine.begin() as c:
        worker = c.execute(
            sa.insert(m.User).values(
                username=username,
                display_name="Busy Caseworker",
                active=True,
                failed_sign_ins=0,
                created_at=now,
            )
        ).inserted_primary_key[0]
        c.execute(sa.insert(m.UserRole).values(user_id=worker, role="caseworker"))
        household = c.execute(
            sa.insert(m.Household).values(address_line1="1 Example Street", created_at=now)
        ).inserted_primary_key[0]
        people = []
        for index in range(cases):
            given, family = (
                AWKWARD_NAMES[index] if index < len(AWKWARD_NAMES) else ("Case", f"Number{index}")
            )
            people.append(
                {
                    "id": 100_000 + index,
                    "given_name": given,
                    "family_name": family,
                    "search_name": f"{given} {family}".lower(),
                    "family_name_key": family.lower(),
                    "date_of_birth": date(2012, 1, 1),
                    "gender": "not_known",
                    "ethnicity": "not_stated",
                    "household_id": household,
                    "area": ("south", "east", "west")[index % 3],
                    "created_at": now,
                    "updated_at": now,
                }
            )
        c.execute(sa.insert(m.YoungPerson), people)
        referrals = []
        for index in range(cases):
            received = now - timedelta(hours=3 + (index % 200) * 7)
            due = received + CLOCK_LENGTH
            met = received + timedelta(hours=20) if index % 3 == 2 else None
            referrals.append(
                {
                    "id": 200_000 + index,
                    "young_person_id": 100_000 + index,
                    "pathway": "prevention",
                    "source": "school",
                    "referrer_name": "A Teacher",
                    "reasons": ["other"],
                    "received_at": received,
                    "caseworker_id": worker,
                    "allocated_at": received,
                    "status": "contacted" if met else "allocated",
                    "status_changed_at": received,
                    "clock_due_at": due,
                    "clock_met_at": met,
                    "clock_reason": LONG_NOTE if index == 0 else None,
                    "created_at": received,
                }
            )
        referrals[0]["received_at"] = now - timedelta(hours=60)
        referrals[0]["clock_due_at"] = now - timedelta(hours=12)
        c.execute(sa.insert(m.Referral), referrals)
    return int(worker)
