"""issue 15: a version on every editable record (no lost update)

Every existing row starts at version 1; SQLAlchemy then adds ``WHERE version = <as read>``
to each UPDATE and DELETE and bumps the number, so a stale save is refused.

Revision ID: 0005_issue15
Revises: 0003_perf2
Create Date: 2026-11-30 11:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005_issue15'
down_revision = '0003_perf2'
branch_labels = None
depends_on = None

VERSIONED_TABLES = (
    'users',
    'schools',
    'spocs',
    'households',
    'household_members',
    'young_people',
    'community_resolutions',
    'referrals',
    'visits',
    'assessments',
    'programmes',
    'interventions',
    'closures',
    'follow_ups',
    'school_referrals',
    'restorative_justice',
)


def upgrade() -> None:
    # A plain ADD COLUMN with a constant default: SQLite does it without copying the table,
    # and every existing row reads as version 1.
    for table in VERSIONED_TABLES:
        op.add_column(
            table, sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False)
        )


def downgrade() -> None:
    # Dropped in place (SQLite 3.35+): a batch copy of a parent table with foreign keys on
    # would fail or cascade into its children.
    for table in reversed(VERSIONED_TABLES):
        op.drop_column(table, 'version')
