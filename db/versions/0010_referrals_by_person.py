"""Referrals by young person, in the order received: a search's referrals from one index

A search of the referral list finds the young people whose name matches, then their
referrals, and orders them by when they were received. The index of referrals by young
person held only the young person, so each matching referral's row was read for its
received time. This index holds the young person, the received time and the id; it
replaces the one it extends (every lookup by young person still uses it). No row
changes: existing rows are only indexed.

Revision ID: 0010_referrals_by_person
Revises: 0009_name_search_index
Create Date: 2026-11-30 20:20:00
"""

from __future__ import annotations

from alembic import op

revision = "0010_referrals_by_person"
down_revision = "0009_name_search_index"
branch_labels = None
depends_on = None

BY_PERSON_COLUMNS = ["young_person_id", "received_at", "id"]


def upgrade() -> None:
    # made in place, never through a batch (a batch on SQLite may copy the table)
    op.create_index("ix_referrals_young_person_received", "referrals", BY_PERSON_COLUMNS)
    op.drop_index("ix_referrals_young_person_id", table_name="referrals")


def downgrade() -> None:
    op.create_index("ix_referrals_young_person_id", "referrals", ["young_person_id"])
    op.drop_index("ix_referrals_young_person_received", table_name="referrals")
