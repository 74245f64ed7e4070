"""issue 19: returns and deadlines: working-day deadlines, snapshots, outcome codes, victims

Existing referrals get their two working-day deadlines worked out from their received
date (bank holidays of England and Wales; no local closure days existed before) and the
day their assessment was first completed; every other new field starts empty and is
counted as "not recorded". Community Resolutions are Outcome 8 by definition.

Revision ID: 0009_issue19
Revises: 0003_perf2
Create Date: 2026-11-30 11:20:00
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

from diversion_app.domain.timekeeping import london_today
from diversion_app.domain.working_days import WorkingCalendar, deadlines_for

revision = "0009_issue19"
down_revision = "0005_issue15"
branch_labels = None
depends_on = None

_ENUM = sa.String(40)


def _answer_columns() -> list[sa.Column]:
    return [
        sa.Column("victim_rj_offered", _ENUM, nullable=True),
        sa.Column("victim_rj_took_part", _ENUM, nullable=True),
        sa.Column("victim_views_considered", _ENUM, nullable=True),
    ]


def upgrade() -> None:
    # every column is added in place (ALTER TABLE ... ADD COLUMN), never through a batch:
    # on SQLite a batch copies the table and dropping the old copy would cascade to every
    # contact, visit, assessment and closure of the referrals (foreign keys are on)
    op.add_column(
        "community_resolutions",
        sa.Column("outcome_code", _ENUM, nullable=False, server_default="8"),
    )
    for column in _answer_columns():
        op.add_column("community_resolutions", column)
    for column in (
        sa.Column("assessment_due_on", sa.Date(), nullable=True),
        sa.Column("assessed_on", sa.Date(), nullable=True),
        sa.Column("recommendation_due_on", sa.Date(), nullable=True),
        sa.Column("recommendation_sent_on", sa.Date(), nullable=True),
        sa.Column("outcome_code", _ENUM, nullable=True),
        sa.Column("gravity_score", sa.Integer(), nullable=True),
        sa.Column("victim_present", _ENUM, nullable=True),
        *_answer_columns(),
        sa.Column("outcome22_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome22_done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("turnaround_event", _ENUM, nullable=True),
        sa.Column("turnaround_event_on", sa.Date(), nullable=True),
        sa.Column("turnaround_referred_before", sa.Boolean(), nullable=True),
        sa.Column("turnaround_statutory_order", sa.Boolean(), nullable=True),
        sa.Column("turnaround_flag", sa.Boolean(), nullable=False, server_default=sa.false()),
    ):
        op.add_column("referrals", column)
    op.create_index("ix_referrals_assessment_due_on", "referrals", ["assessment_due_on"])
    op.create_index("ix_referrals_recommendation_due_on", "referrals", ["recommendation_due_on"])
    op.create_index("ix_referrals_outcome22_due_at", "referrals", ["outcome22_due_at"])
    op.create_index(
        "ix_referrals_period_deadlines",
        "referrals",
        [
            "received_at",
            "status",
            "ended_at",
            "assessment_due_on",
            "assessed_on",
            "recommendation_due_on",
            "recommendation_sent_on",
        ],
    )
    # SQLite adds the column in place (ADD COLUMN ... REFERENCES): a batch would copy the
    # table, and dropping the old copy would cascade to every contact, visit and assessment
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE referrals ADD COLUMN outcome22_done_by_id INTEGER "
            "CONSTRAINT fk_referrals_outcome22_done_by_id_users REFERENCES users (id)"
        )
    else:
        op.add_column(
            "referrals",
            sa.Column(
                "outcome22_done_by_id",
                sa.Integer(),
                sa.ForeignKey("users.id", name="fk_referrals_outcome22_done_by_id_users"),
                nullable=True,
            ),
        )
    op.create_table(
        "referral_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("stage", _ENUM, nullable=False),
        sa.Column("accommodation", _ENUM, nullable=False),
        sa.Column("accommodation_type", _ENUM, nullable=False),
        sa.Column("ete_type", _ENUM, nullable=False),
        sa.Column("ete_suitable", _ENUM, nullable=False),
        sa.Column("ete_hours_offered", sa.Integer(), nullable=True),
        sa.Column("ete_hours_attended", sa.Integer(), nullable=True),
        sa.Column("send_identified", _ENUM, nullable=False),
        sa.Column("send_plan", _ENUM, nullable=False),
        sa.Column("mh_screened", _ENUM, nullable=False),
        sa.Column("mh_need", _ENUM, nullable=False),
        sa.Column("mh_intervention_offered", _ENUM, nullable=False),
        sa.Column("mh_attending", _ENUM, nullable=False),
        sa.Column("sm_screened", _ENUM, nullable=False),
        sa.Column("sm_need", _ENUM, nullable=False),
        sa.Column("sm_intervention_offered", _ENUM, nullable=False),
        sa.Column("sm_attending", _ENUM, nullable=False),
        sa.Column("social_care", _ENUM, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name="fk_referral_snapshots_recorded_by_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.id"],
            ondelete="CASCADE",
            name="fk_referral_snapshots_referral_id_referrals",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_referral_snapshots"),
        sa.UniqueConstraint("referral_id", "stage", name="uq_referral_snapshots_referral_id"),
    )
    op.create_index("ix_referral_snapshots_referral_id", "referral_snapshots", ["referral_id"])
    _carry_existing_referrals()


def _instant(value: object) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _day(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _carry_existing_referrals() -> None:
    """Work out the deadlines, and when each was assessed, for the referrals already kept."""
    bind = op.get_bind()
    referrals = sa.table(
        "referrals",
        sa.column("id", sa.Integer()),
        sa.column("pathway", sa.String()),
        sa.column("received_at", sa.DateTime()),
        sa.column("assessment_due_on", sa.Date()),
        sa.column("recommendation_due_on", sa.Date()),
        sa.column("assessed_on", sa.Date()),
    )
    assessments = sa.table(
        "assessments",
        sa.column("referral_id", sa.Integer()),
        sa.column("completed_on", sa.Date()),
        sa.column("status", sa.String()),
    )
    first_completed = dict(
        bind.execute(
            sa.select(assessments.c.referral_id, sa.func.min(assessments.c.completed_on))
            .where(
                assessments.c.completed_on.is_not(None),
                assessments.c.status.in_(["completed", "signed_off"]),
            )
            .group_by(assessments.c.referral_id)
        ).all()
    )
    calendar = WorkingCalendar()
    rows = bind.execute(
        sa.select(referrals.c.id, referrals.c.pathway, referrals.c.received_at)
    ).all()
    for referral_id, pathway, received_at in rows:
        deadlines = deadlines_for(london_today(_instant(received_at)), calendar)
        bind.execute(
            referrals.update()
            .where(referrals.c.id == referral_id)
            .values(
                assessment_due_on=deadlines.assessment_due_on,
                recommendation_due_on=(
                    deadlines.recommendation_due_on if pathway == "diversion" else None
                ),
                assessed_on=_day(first_completed.get(referral_id)),
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("referral_snapshots", schema=None) as batch_op:
        batch_op.drop_index("ix_referral_snapshots_referral_id")
    op.drop_table("referral_snapshots")
    # dropped in place too (SQLite 3.35+ has DROP COLUMN), never by copying the table
    op.drop_index("ix_referrals_period_deadlines", table_name="referrals")
    op.drop_index("ix_referrals_outcome22_due_at", table_name="referrals")
    op.drop_index("ix_referrals_recommendation_due_on", table_name="referrals")
    op.drop_index("ix_referrals_assessment_due_on", table_name="referrals")
    for name in (
        "turnaround_flag",
        "turnaround_statutory_order",
        "turnaround_referred_before",
        "turnaround_event_on",
        "turnaround_event",
        "outcome22_done_at",
        "outcome22_due_at",
        "victim_views_considered",
        "victim_rj_took_part",
        "victim_rj_offered",
        "victim_present",
        "gravity_score",
        "outcome_code",
        "recommendation_sent_on",
        "recommendation_due_on",
        "assessed_on",
        "assessment_due_on",
    ):
        op.drop_column("referrals", name)
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(
            "fk_referrals_outcome22_done_by_id_users", "referrals", type_="foreignkey"
        )
        op.drop_column("referrals", "outcome22_done_by_id")
    for name in (
        "victim_views_considered",
        "victim_rj_took_part",
        "victim_rj_offered",
        "outcome_code",
    ):
        op.drop_column("community_resolutions", name)
