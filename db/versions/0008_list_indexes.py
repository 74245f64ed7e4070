"""List indexes: the open referrals sorted, the dashboard's deadline counts, people searched

One index on the referrals, led by the status, holding every column the referral list
sorts by and the working-day deadline columns the dashboard counts. The young people's
name-order index gains ``disposed_at`` (made again with it), so a search of the Young
people list is counted and paged from the index alone. No row changes: existing rows are
only indexed.

Revision ID: 0008_list_indexes
Revises: 0007_issue17
Create Date: 2026-11-30 16:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0008_list_indexes"
down_revision = "0007_issue17"
branch_labels = None
depends_on = None

LIST_BY_STATUS_COLUMNS = [
    "status",
    "pathway",
    "received_at",
    "clock_due_at",
    "clock_met_at",
    "assessment_due_on",
    "assessed_on",
    "recommendation_due_on",
    "recommendation_sent_on",
    "young_person_id",
]
"""As the models' ``LIST_BY_STATUS_COLUMNS`` on this revision (a migration keeps its own copy)."""


NAME_ORDER_BEFORE = ["family_name_key", "search_name", "id"]
NAME_ORDER = [*NAME_ORDER_BEFORE, "disposed_at"]


def upgrade() -> None:
    # made in place, never through a batch (a batch on SQLite may copy the table)
    op.create_index("ix_referrals_list_by_status", "referrals", LIST_BY_STATUS_COLUMNS)
    op.drop_index("ix_young_people_name_order", table_name="young_people")
    op.create_index("ix_young_people_name_order", "young_people", NAME_ORDER)


def downgrade() -> None:
    op.drop_index("ix_young_people_name_order", table_name="young_people")
    op.create_index("ix_young_people_name_order", "young_people", NAME_ORDER_BEFORE)
    op.drop_index("ix_referrals_list_by_status", table_name="referrals")
