"""young people: a covering index for the search list's name order

Revision ID: 0002_issue3
Revises: 0001
Create Date: 2026-11-28 19:20:00

The Young people search filters on ``search_name`` and lists by family name; with
(family_name_key, search_name, id) in one index SQLite scans it in order without
touching the table, so a keystroke over 100,000 people stays well under 50 ms.
"""
from __future__ import annotations

from alembic import op


revision = '0002_issue3'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('young_people', schema=None) as batch_op:
        batch_op.create_index(
            'ix_young_people_name_order', ['family_name_key', 'search_name', 'id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('young_people', schema=None) as batch_op:
        batch_op.drop_index('ix_young_people_name_order')
