"""perf-2: covering indexes for the period report

Revision ID: 0003_perf2
Revises: 0002_issue10
Create Date: 2026-11-28 20:35:00
"""
from __future__ import annotations

from alembic import op


revision = '0003_perf2'
down_revision = '0002_issue10'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index(
            'ix_referrals_period_report',
            ['received_at', 'status', 'pathway', 'source', 'clock_met_at', 'clock_due_at',
             'ended_at', 'young_person_id'],
            unique=False,
        )
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.create_index('ix_assessments_completed_status', ['completed_on', 'status'], unique=False)
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.create_index('ix_programmes_completed_status', ['completed_on', 'status'], unique=False)
    with op.batch_alter_table('closures', schema=None) as batch_op:
        batch_op.create_index('ix_closures_closed_status_outcome', ['closed_on', 'status', 'outcome'], unique=False)
        batch_op.create_index('ix_closures_follow_up_status', ['follow_up_due_on', 'status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('closures', schema=None) as batch_op:
        batch_op.drop_index('ix_closures_follow_up_status')
        batch_op.drop_index('ix_closures_closed_status_outcome')
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.drop_index('ix_programmes_completed_status')
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_index('ix_assessments_completed_status')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index('ix_referrals_period_report')
