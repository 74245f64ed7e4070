"""Migration 0006 carries a database built at 0003 with data: the keyless trail is re-chained
under the new key (content and order kept), the re-chaining is itself recorded, every young
person is sealed, and the triggers refusing UPDATE and DELETE are in place."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from diversion_app.domain.audit_seal import GENESIS_HASH
from diversion_app.persistence.engine import create_engine, session_factory, sqlite_url
from diversion_app.persistence.migrate import open_database, upgrade
from diversion_app.services.accounts.maintenance import check_database
from diversion_app.services.base.context import ServiceContext

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _old_chain(rows: list[tuple]) -> list[tuple[str, str]]:
    """The links the application wrote before 0006: keyless SHA-256."""
    links = []
    prev = GENESIS_HASH
    for at, user_id, username, action, entity, entity_id, yp_id, changes in rows:
        payload = json.dumps(
            [prev, at, user_id, username, action, entity, entity_id, yp_id, changes],
            sort_keys=True,
            ensure_ascii=True,
            separators=(",", ":"),
        )
        link = hashlib.sha256(payload.encode("ascii")).hexdigest()
        links.append((prev, link))
        prev = link
    return links


EVENTS = [
    (
        "2026-01-05T09:00:00+00:00",
        1,
        "sup",
        "created",
        "young_person",
        1,
        1,
        {"given_name": [None, "Amy"]},
    ),
    ("2026-01-05T09:05:00+00:00", 1, "sup", "viewed", "young_person", 1, 1, {}),
    ("2026-01-06T10:00:00+00:00", None, "system", "created", "demo_data", None, None, {"n": 2}),
    (
        "2026-01-07T11:00:00+00:00",
        1,
        "sup",
        "disclosed",
        "caseload_summary",
        None,
        None,
        {"what": "caseload", "referral_ids": [7, 8]},
    ),
]


def _build_at_0003(path: Path) -> None:
    engine = create_engine(sqlite_url(path))
    upgrade(engine, "0003_perf2")
    engine.dispose()
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO users (id, username, display_name, active, failed_sign_ins, created_at) "
            "VALUES (1, 'sup', 'Sam Supervisor', 1, 0, '2026-01-01 09:00:00')"
        )
        db.execute(
            "INSERT INTO households (id, address_line1, created_at) "
            "VALUES (1, '1 High Street', '2026-01-01 09:00:00')"
        )
        for person_id, given, born in ((1, "Amy", "2012-04-01"), (2, "Ben", "2014-09-30")):
            db.execute(
                "INSERT INTO young_people (id, given_name, family_name, search_name, "
                "family_name_key, date_of_birth, gender, ethnicity, household_id, area, "
                "looked_after, child_plan, send, created_at, updated_at) VALUES "
                "(?, ?, 'Ng', ?, 'ng', ?, 'female', 'asian', 1, 'south', 0, 0, 0, "
                "'2026-01-01 09:00:00', '2026-01-01 09:00:00')",
                (person_id, given, f"{given.lower()} ng", born),
            )
        for referral_id, person_id in ((7, 1), (8, 2)):
            db.execute(
                "INSERT INTO referrals (id, young_person_id, pathway, source, referrer_name, "
                "reasons, received_at, consent_young_person, consent_parent_carer, "
                "consent_to_share, status, status_changed_at, clock_due_at, created_at) VALUES "
                "(?, ?, 'prevention', 'school', 'Head', '[]', '2026-01-02 09:00:00', 0, 0, 0, "
                "'received', '2026-01-02 09:00:00', '2026-01-04 09:00:00', '2026-01-02 09:00:00')",
                (referral_id, person_id),
            )
        for (at, user_id, username, action, entity, entity_id, yp_id, changes), (
            prev,
            link,
        ) in zip(EVENTS, _old_chain([list(e) for e in EVENTS]), strict=True):
            db.execute(
                "INSERT INTO audit_events (at, user_id, username, action, entity, entity_id, "
                "young_person_id, changes, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    at.replace("T", " ").replace("+00:00", ""),
                    user_id,
                    username,
                    action,
                    entity,
                    entity_id,
                    yp_id,
                    json.dumps(changes),
                    prev,
                    link,
                ),
            )


def test_upgrading_a_database_with_a_keyless_trail_rechains_and_seals_it(tmp_path: Path) -> None:
    path = tmp_path / "at-0003.db"
    _build_at_0003(path)
    with sqlite3.connect(path) as db:
        old_hashes = [row[0] for row in db.execute("SELECT hash FROM audit_events ORDER BY id")]

    opened = open_database(sqlite_url(path), now=NOW)
    ctx = ServiceContext(session_factory(opened.engine), now_provider=lambda: NOW)
    assert opened.backup_path is not None
    assert check_database(ctx).problems == []
    opened.engine.dispose()

    with sqlite3.connect(path) as db:
        events = db.execute(
            "SELECT username, action, entity, entity_id, young_person_id, changes, hash "
            "FROM audit_events ORDER BY id"
        ).fetchall()
        people = db.execute("SELECT id, given_name, record_seal FROM young_people").fetchall()
        links = db.execute(
            "SELECT event_id, young_person_id FROM audit_disclosure_people ORDER BY 1, 2"
        ).fetchall()
        triggers = {
            name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
    assert [(e[0], e[1], e[2], e[3], e[4], json.loads(e[5])) for e in events[:4]] == [
        (e[2], e[3], e[4], e[5], e[6], e[7]) for e in EVENTS
    ]
    assert [e[6] for e in events[:4]] != old_hashes  # re-chained under the key
    assert events[4][1:3] == ("changed", "audit_trail")
    assert json.loads(events[4][5])["rechained_events"] == 4
    assert links == [(4, 1), (4, 2)]  # the caseload printed before now shows in both trails
    assert [(p[0], p[1]) for p in people] == [(1, "Amy"), (2, "Ben")]
    assert all(p[2] and len(p[2]) == 64 for p in people)
    assert {"audit_events_refuse_update", "audit_events_refuse_delete"} <= triggers


def test_a_database_whose_key_is_missing_is_refused_in_plain_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diversion_app.persistence.migrate import DatabaseOpenError

    path = tmp_path / "keyed.db"
    open_database(sqlite_url(path), now=NOW).engine.dispose()
    monkeypatch.setenv("DIVERSION_AUDIT_KEY_DIR", str(tmp_path / "elsewhere"))
    with pytest.raises(DatabaseOpenError, match="audit key for this database is not on this"):
        open_database(sqlite_url(path), now=NOW)
