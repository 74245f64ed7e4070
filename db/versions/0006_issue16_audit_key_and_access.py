"""issue 16: the audit trail re-chained under a key kept outside the database, sealed
young person records, triggers refusing UPDATE and DELETE on the trail, disclosures linked
to every young person they include, and subject access requests

A new table links each disclosure to every young person it included; earlier disclosures
are linked from what they recorded (their young person, or the young people of the
referrals they listed). Existing rows are carried: every audit event keeps its content and
order and gets a new keyed link (HMAC-SHA-256) in place of the keyless SHA-256 one; an
event saying the trail was re-chained (and how many events) is appended; every young
person gets its seal.
The key is created here, once, and stored in the keyring or an owner-only key file.

Revision ID: 0006_issue16
Revises: 0003_perf2
Create Date: 2026-11-30 11:20:00
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from diversion_app.domain.audit_seal import GENESIS_HASH, event_mac
from diversion_app.persistence.audit_key import create_key
from diversion_app.persistence.record_seals import seal_all
from diversion_app.persistence.types import UTCDateTime

revision = "0006_issue16"
down_revision = "0004_issue14"
branch_labels = None
depends_on = None

REFUSAL = "audit events cannot be changed or deleted"

_events = sa.table(
    "audit_events",
    sa.column("id", sa.Integer),
    sa.column("at", UTCDateTime()),
    sa.column("user_id", sa.Integer),
    sa.column("username", sa.String),
    sa.column("action", sa.String),
    sa.column("entity", sa.String),
    sa.column("entity_id", sa.Integer),
    sa.column("young_person_id", sa.Integer),
    sa.column("changes", sa.JSON),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
)


def _fields(row: sa.Row) -> dict:
    return {
        "at": row.at,
        "user_id": row.user_id,
        "username": row.username,
        "action": row.action,
        "entity": row.entity,
        "entity_id": row.entity_id,
        "young_person_id": row.young_person_id,
        "changes": row.changes,
    }


def _rechain(connection: sa.Connection, key: bytes, batch: int = 5000) -> tuple[int, str]:
    prev_hash = GENESIS_HASH
    last_id = 0
    count = 0
    while True:
        rows = connection.execute(
            sa.select(_events).where(_events.c.id > last_id).order_by(_events.c.id).limit(batch)
        ).all()
        if not rows:
            return count, prev_hash
        updates = []
        for row in rows:
            link = event_mac(key, prev_hash, **_fields(row))
            updates.append({"row_id": row.id, "new_prev": prev_hash, "new_hash": link})
            prev_hash = link
        connection.execute(
            sa.update(_events)
            .where(_events.c.id == sa.bindparam("row_id"))
            .values(prev_hash=sa.bindparam("new_prev"), hash=sa.bindparam("new_hash")),
            updates,
        )
        count += len(rows)
        last_id = rows[-1].id


def _record_rechain(connection: sa.Connection, key: bytes, count: int, prev_hash: str) -> None:
    fields = {
        "at": datetime.now(UTC).replace(microsecond=0),
        "user_id": None,
        "username": "system",
        "action": "changed",
        "entity": "audit_trail",
        "entity_id": None,
        "young_person_id": None,
        "changes": {"rechained_events": count, "seal": "HMAC-SHA-256, key outside the database"},
    }
    connection.execute(
        sa.insert(_events).values(
            **fields, prev_hash=prev_hash, hash=event_mac(key, prev_hash, **fields)
        )
    )


def _link_earlier_disclosures(connection: sa.Connection) -> None:
    referrals = sa.table("referrals", sa.column("id", sa.Integer), sa.column("young_person_id", sa.Integer))
    links = sa.table(
        "audit_disclosure_people", sa.column("event_id", sa.Integer), sa.column("young_person_id", sa.Integer)
    )
    owner = dict(connection.execute(sa.select(referrals.c.id, referrals.c.young_person_id)).all())
    rows = connection.execute(
        sa.select(_events.c.id, _events.c.young_person_id, _events.c.changes).where(
            _events.c.action == "disclosed"
        )
    ).all()
    for event_id, young_person_id, changes in rows:
        people = {young_person_id} if young_person_id else set()
        for referral_id in (changes or {}).get("referral_ids", []) or []:
            if referral_id in owner:
                people.add(owner[referral_id])
        if people:
            connection.execute(
                sa.insert(links), [{"event_id": event_id, "young_person_id": p} for p in sorted(people)]
            )


def _create_triggers(connection: sa.Connection) -> None:
    if connection.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_events_refuse_{verb.lower()} BEFORE {verb} ON audit_events "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
            )
    elif connection.dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION audit_events_refuse() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{REFUSAL}'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER audit_events_refuse_change BEFORE UPDATE OR DELETE ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION audit_events_refuse()"
        )
        op.execute(
            "CREATE TRIGGER audit_events_refuse_truncate BEFORE TRUNCATE ON audit_events "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse()"
        )


def upgrade() -> None:
    with op.batch_alter_table("young_people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("record_seal", sa.String(length=64), nullable=True))
    op.create_table(
        "audit_disclosure_people",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["audit_events.id"],
            name=op.f("fk_audit_disclosure_people_event_id_audit_events"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_audit_disclosure_people_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint(
            "event_id", "young_person_id", name=op.f("pk_audit_disclosure_people")
        ),
    )
    with op.batch_alter_table("audit_disclosure_people", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_disclosure_people_young_person_id"),
            ["young_person_id"],
            unique=False,
        )
    op.create_table(
        "subject_access_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("requester", sa.Enum("young_person", "parent_carer", "representative", name="requester", native_enum=False, create_constraint=False, length=40), nullable=False),
        sa.Column("requester_name", sa.String(length=120), nullable=False),
        sa.Column("parent_member_id", sa.Integer(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.Enum("open", "sent", "withdrawn", name="requeststatus", native_enum=False, create_constraint=False, length=40), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_subject_access_requests_created_by_id_users")),
        sa.ForeignKeyConstraint(["parent_member_id"], ["household_members.id"], name=op.f("fk_subject_access_requests_parent_member_id_household_members"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["young_person_id"], ["young_people.id"], name=op.f("fk_subject_access_requests_young_person_id_young_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_access_requests")),
    )
    with op.batch_alter_table("subject_access_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subject_access_requests_created_by_id"), ["created_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_subject_access_requests_parent_member_id"), ["parent_member_id"], unique=False)
        batch_op.create_index("ix_subject_access_requests_status_due", ["status", "due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_subject_access_requests_young_person_id"), ["young_person_id"], unique=False)
    connection = op.get_bind()
    key = create_key(connection)
    count, head = _rechain(connection, key)
    if count:
        _record_rechain(connection, key, count, head)
    seal_all(connection, key)
    _link_earlier_disclosures(connection)
    _create_triggers(connection)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_events_refuse_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_refuse_delete")
    elif connection.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_refuse_change ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS audit_events_refuse_truncate ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_refuse()")
    op.drop_table("subject_access_requests")
    op.drop_table("audit_disclosure_people")
    with op.batch_alter_table("young_people", schema=None) as batch_op:
        batch_op.drop_column("record_seal")
