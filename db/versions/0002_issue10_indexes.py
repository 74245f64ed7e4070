"""issue 10: indexes for sorting the referral list and the dashboard's counts

Revision ID: 0002_issue10
Revises: 0002_issue3
Create Date: 2026-11-28 19:10:00
"""
from __future__ import annotations

from alembic import op


revision = '0002_issue10'
down_revision = '0002_issue3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index('ix_referrals_status', ['status'], unique=False)
        batch_op.create_index('ix_referrals_pathway', ['pathway'], unique=False)
        batch_op.create_index('ix_referrals_status_met_due', ['status', 'clock_met_at', 'clock_due_at'], unique=False)
        batch_op.create_index('ix_referrals_met_due', ['clock_met_at', 'clock_due_at'], unique=False)
        batch_op.create_index('ix_referrals_due_status_met', ['clock_due_at', 'status', 'clock_met_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index('ix_referrals_due_status_met')
        batch_op.drop_index('ix_referrals_met_due')
        batch_op.drop_index('ix_referrals_status_met_due')
        batch_op.drop_index('ix_referrals_pathway')
        batch_op.drop_index('ix_referrals_status')
