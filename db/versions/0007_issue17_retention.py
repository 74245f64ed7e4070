"""issue 17: retention review and disposal

Young people gain when their records were disposed of, a kept-until review date and a
legal hold; a new table holds each review decision (keep or dispose) and is the
disposal log. Existing rows are carried as they are: nobody is disposed of, nobody has
a review date or a hold. The audit trail's UPDATE trigger (from 0006) is replaced by one
that refuses every change but one: blanking the details of a disposed young person's
events (the who, what and when, and the chain's links, stay as they were).

Revision ID: 0007_issue17
Revises: 0006_issue16
Create Date: 2026-11-30 11:15:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from diversion_app.persistence.types import UTCDateTime


revision = '0007_issue17'
down_revision = '0006_issue16'
branch_labels = None
depends_on = None


REFUSAL = "audit events cannot be changed or deleted"

# Every column but ``changes`` is as it was, the young person has been disposed of, and the
# new details are the one erased marker (``services/base/audit.ERASED_KEY``).
_SQLITE_ERASURE = (
    "NEW.id = OLD.id AND NEW.at IS OLD.at AND NEW.user_id IS OLD.user_id "
    "AND NEW.username IS OLD.username AND NEW.action IS OLD.action "
    "AND NEW.entity IS OLD.entity AND NEW.entity_id IS OLD.entity_id "
    "AND NEW.young_person_id IS OLD.young_person_id AND NEW.prev_hash IS OLD.prev_hash "
    "AND NEW.hash IS OLD.hash AND OLD.young_person_id IS NOT NULL "
    "AND json_valid(NEW.changes) AND json_type(NEW.changes) = 'object' "
    "AND (SELECT count(*) FROM json_each(NEW.changes)) = 1 "
    "AND json_extract(NEW.changes, '$.erased') IS NOT NULL "
    "AND EXISTS (SELECT 1 FROM young_people WHERE young_people.id = OLD.young_person_id "
    "AND young_people.disposed_at IS NOT NULL)"
)
_POSTGRES_ERASURE = (
    "TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.at IS NOT DISTINCT FROM OLD.at "
    "AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id "
    "AND NEW.username IS NOT DISTINCT FROM OLD.username "
    "AND NEW.action IS NOT DISTINCT FROM OLD.action "
    "AND NEW.entity IS NOT DISTINCT FROM OLD.entity "
    "AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id "
    "AND NEW.young_person_id IS NOT DISTINCT FROM OLD.young_person_id "
    "AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash "
    "AND OLD.young_person_id IS NOT NULL "
    "AND jsonb_typeof(NEW.changes::jsonb) = 'object' "
    "AND (SELECT count(*) FROM jsonb_object_keys(NEW.changes::jsonb)) = 1 "
    "AND NEW.changes::jsonb ? 'erased' "
    "AND EXISTS (SELECT 1 FROM young_people WHERE young_people.id = OLD.young_person_id "
    "AND young_people.disposed_at IS NOT NULL)"
)


def _audit_update_trigger(*, allow_erasure: bool) -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_events_refuse_update")
        when = f"WHEN NOT ({_SQLITE_ERASURE}) " if allow_erasure else ""
        op.execute(
            "CREATE TRIGGER audit_events_refuse_update BEFORE UPDATE ON audit_events "
            f"{when}BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        )
    elif dialect == "postgresql":
        allowed = f"IF {_POSTGRES_ERASURE} THEN RETURN NEW; END IF; " if allow_erasure else ""
        op.execute(
            "CREATE OR REPLACE FUNCTION audit_events_refuse() RETURNS trigger AS $$ "
            f"BEGIN {allowed}RAISE EXCEPTION '{REFUSAL}'; END; $$ LANGUAGE plpgsql"
        )


def upgrade() -> None:
    with op.batch_alter_table('young_people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disposed_at', UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('retention_review_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('legal_hold_reason', sa.Text(), nullable=True))
    op.create_table(
        'retention_decisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('young_person_id', sa.Integer(), nullable=False),
        sa.Column('decision', sa.String(length=20), nullable=False),
        sa.Column('decided_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_by', sa.String(length=64), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('review_on', sa.Date(), nullable=True),
        sa.Column('records', sa.JSON(), nullable=False),
        sa.Column('backups', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_retention_decisions_decided_by_id_users')),
        sa.ForeignKeyConstraint(['young_person_id'], ['young_people.id'], name=op.f('fk_retention_decisions_young_person_id_young_people')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_decisions')),
    )
    with op.batch_alter_table('retention_decisions', schema=None) as batch_op:
        batch_op.create_index('ix_retention_decisions_decided_at', ['decided_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_retention_decisions_young_person_id'), ['young_person_id'], unique=False)
    _audit_update_trigger(allow_erasure=True)


def downgrade() -> None:
    _audit_update_trigger(allow_erasure=False)
    with op.batch_alter_table('retention_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_retention_decisions_young_person_id'))
        batch_op.drop_index('ix_retention_decisions_decided_at')
    op.drop_table('retention_decisions')
    with op.batch_alter_table('young_people', schema=None) as batch_op:
        batch_op.drop_column('legal_hold_reason')
        batch_op.drop_column('retention_review_on')
        batch_op.drop_column('disposed_at')
