"""issue 17: retention review and disposal

Young people gain when their records were disposed of, a kept-until review date and a
legal hold; a new table holds each review decision (keep or dispose) and is the
disposal log. Existing rows are carried as they are: nobody is disposed of, nobody has
a review date or a hold.

Revision ID: 0007_issue17
Revises: 0003_perf2
Create Date: 2026-11-30 11:15:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from diversion_app.persistence.types import UTCDateTime


revision = '0007_issue17'
down_revision = '0003_perf2'
branch_labels = None
depends_on = None


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


def downgrade() -> None:
    with op.batch_alter_table('retention_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_retention_decisions_young_person_id'))
        batch_op.drop_index('ix_retention_decisions_decided_at')
    op.drop_table('retention_decisions')
    with op.batch_alter_table('young_people', schema=None) as batch_op:
        batch_op.drop_column('legal_hold_reason')
        batch_op.drop_column('retention_review_on')
        batch_op.drop_column('disposed_at')
