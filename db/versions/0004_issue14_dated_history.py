"""issue 14: dated history (allocation periods, assessment steps) and "no parent or carer"

Revision ID: 0004_issue14
Revises: 0003_perf2
Create Date: 2026-11-30 11:10:00

Existing rows are carried over as facts:

* allocation periods are rebuilt from the referral's allocation history lines
  (``referral_events`` kind "allocation", whose names are matched to users); where
  that history cannot be matched to the current caseworker, one period is made for
  the current caseworker starting at ``allocated_at`` (earlier holders of such a
  referral cannot be recovered: the old schema overwrote them);
* an assessment with a completion date gets a "completed" step on that date; a
  signed-off one a "signed_off" step on its sign-off instant; a returned one a
  "returned" step dated at its last change (the old schema kept no return date, so
  this is the best that survives);
* ``community_resolutions`` gains empty ``withdrawn_*`` columns (no CR is withdrawn);
* a referral linked to a CR takes the CR's offence date (others stay empty: the old
  schema did not store one);
* a referral ended as "not engaged" without a closure gets one (outcome "did not
  engage", closed the London day it ended, approved then, follow-up due 12 months on),
  so it has its 12-month reoffending follow-up; who ended it is in the audit trail, not
  on the closure (the old rows do not say).
"""
from __future__ import annotations

from datetime import UTC, datetime, date
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

from diversion_app.domain.closure import follow_up_due
from diversion_app.persistence.types import UTCDateTime

revision = '0004_issue14'
down_revision = '0009_issue19'
branch_labels = None
depends_on = None

LONDON = ZoneInfo("Europe/London")


def _aware(value: object) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _day(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return value.date()
    assert isinstance(value, date)
    return value


def upgrade() -> None:
    op.create_table(
        'allocation_periods',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('referral_id', sa.Integer(), nullable=False),
        sa.Column('caseworker_id', sa.Integer(), nullable=False),
        sa.Column('held_from', UTCDateTime(), nullable=False),
        sa.Column('held_until', UTCDateTime(), nullable=True),
        sa.Column('allocated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['allocated_by_id'], ['users.id'], name=op.f('fk_allocation_periods_allocated_by_id_users')),
        sa.ForeignKeyConstraint(['caseworker_id'], ['users.id'], name=op.f('fk_allocation_periods_caseworker_id_users')),
        sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_allocation_periods_referral_id_referrals'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_allocation_periods')),
    )
    with op.batch_alter_table('allocation_periods', schema=None) as batch_op:
        batch_op.create_index('ix_allocation_periods_caseworker_from', ['caseworker_id', 'held_from'], unique=False)
        batch_op.create_index('ix_allocation_periods_referral_from', ['referral_id', 'held_from'], unique=False)
    op.create_table(
        'no_carer_decisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('referral_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('recorded_at', UTCDateTime(), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_no_carer_decisions_recorded_by_id_users')),
        sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_no_carer_decisions_referral_id_referrals'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_no_carer_decisions')),
        sa.UniqueConstraint('referral_id', name=op.f('uq_no_carer_decisions_referral_id')),
    )
    op.create_table(
        'assessment_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('effective_on', sa.Date(), nullable=False),
        sa.Column('at', UTCDateTime(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_assessment_events_assessment_id_assessments'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_assessment_events_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_events')),
    )
    with op.batch_alter_table('assessment_events', schema=None) as batch_op:
        batch_op.create_index('ix_assessment_events_assessment_on', ['assessment_id', 'effective_on'], unique=False)
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offence_date', sa.Date(), nullable=True))
    with op.batch_alter_table('community_resolutions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_reason', sa.Text(), nullable=True))
    # a referral linked to a CR takes the CR's offence date; others had none stored
    op.execute(
        "UPDATE referrals SET offence_date = (SELECT cr.offence_date FROM community_resolutions cr "
        "WHERE cr.id = referrals.community_resolution_id) "
        "WHERE community_resolution_id IS NOT NULL"
    )
    _carry_allocations()
    _carry_assessments()
    _close_not_engaged()


def _carry_allocations() -> None:
    connection = op.get_bind()
    users: dict[str, list[int]] = {}
    for user_id, name in connection.execute(sa.text("SELECT id, display_name FROM users")):
        users.setdefault(name, []).append(user_id)
    history: dict[int, list[tuple[datetime, str]]] = {}
    for referral_id, at, to_value in connection.execute(
        sa.text(
            "SELECT referral_id, at, to_value FROM referral_events "
            "WHERE kind = 'allocation' ORDER BY referral_id, at, id"
        )
    ):
        when = _aware(at)
        if when is not None and to_value is not None:
            history.setdefault(referral_id, []).append((when, to_value))
    periods = sa.table(
        'allocation_periods',
        sa.column('referral_id', sa.Integer()),
        sa.column('caseworker_id', sa.Integer()),
        sa.column('held_from', UTCDateTime()),
        sa.column('held_until', UTCDateTime()),
        sa.column('allocated_by_id', sa.Integer()),
    )
    rows: list[dict[str, object]] = []
    for referral_id, caseworker_id, allocated_at, received_at in connection.execute(
        sa.text(
            "SELECT id, caseworker_id, allocated_at, received_at FROM referrals "
            "WHERE caseworker_id IS NOT NULL ORDER BY id"
        )
    ):
        rebuilt: list[tuple[int, datetime]] = []
        for when, name in history.get(referral_id, []):
            matches = users.get(name, [])
            if len(matches) != 1:
                rebuilt = []
                break
            rebuilt.append((matches[0], when))
        if not rebuilt or rebuilt[-1][0] != caseworker_id:
            start = _aware(allocated_at) or _aware(received_at)
            rebuilt = [(caseworker_id, start)] if start is not None else []
        for index, (worker, start) in enumerate(rebuilt):
            until = rebuilt[index + 1][1] if index + 1 < len(rebuilt) else None
            rows.append(
                {
                    'referral_id': referral_id,
                    'caseworker_id': worker,
                    'held_from': start,
                    'held_until': until,
                    'allocated_by_id': None,
                }
            )
        if len(rows) >= 2000:
            connection.execute(periods.insert(), rows)
            rows = []
    if rows:
        connection.execute(periods.insert(), rows)


def _carry_assessments() -> None:
    connection = op.get_bind()
    steps = sa.table(
        'assessment_events',
        sa.column('assessment_id', sa.Integer()),
        sa.column('kind', sa.String()),
        sa.column('effective_on', sa.Date()),
        sa.column('at', UTCDateTime()),
        sa.column('user_id', sa.Integer()),
    )
    rows: list[dict[str, object]] = []
    for (
        assessment_id, assessor_id, status, completed_on, signed_by, signed_at, updated_at
    ) in connection.execute(
        sa.text(
            "SELECT id, assessor_id, status, completed_on, signed_off_by_id, signed_off_at, "
            "updated_at FROM assessments ORDER BY id"
        )
    ):
        completed = _day(completed_on)
        changed = _aware(updated_at)
        signed = _aware(signed_at)
        assert changed is not None
        if completed is not None:
            rows.append(
                {
                    'assessment_id': assessment_id,
                    'kind': 'completed',
                    'effective_on': completed,
                    'at': min(changed, signed) if signed is not None else changed,
                    'user_id': assessor_id,
                }
            )
        if status == 'signed_off' and signed is not None:
            rows.append(
                {
                    'assessment_id': assessment_id,
                    'kind': 'signed_off',
                    'effective_on': signed.astimezone(LONDON).date(),
                    'at': signed,
                    'user_id': signed_by,
                }
            )
        if status == 'returned':
            rows.append(
                {
                    'assessment_id': assessment_id,
                    'kind': 'returned',
                    'effective_on': changed.astimezone(LONDON).date(),
                    'at': changed,
                    'user_id': None,
                }
            )
        if len(rows) >= 2000:
            connection.execute(steps.insert(), rows)
            rows = []
    if rows:
        connection.execute(steps.insert(), rows)


def _close_not_engaged() -> None:
    """A referral ended as not engaged gets the closure (and so the 12-month follow-up) it
    never had: closed on the London day it ended, outcome "did not engage"."""
    connection = op.get_bind()
    closures = sa.table(
        'closures',
        sa.column('referral_id', sa.Integer()),
        sa.column('closed_on', sa.Date()),
        sa.column('outcome', sa.String()),
        sa.column('exit_summary', sa.Text()),
        sa.column('status', sa.String()),
        sa.column('approved_at', UTCDateTime()),
        sa.column('follow_up_due_on', sa.Date()),
    )
    rows = []
    for referral_id, ended_at, changed_at, reason in connection.execute(
        sa.text(
            "SELECT id, ended_at, status_changed_at, status_reason FROM referrals "
            "WHERE status = 'not_engaged' AND NOT EXISTS "
            "(SELECT 1 FROM closures c WHERE c.referral_id = referrals.id) ORDER BY id"
        )
    ):
        ended = _aware(ended_at) or _aware(changed_at)
        assert ended is not None
        closed_on = ended.astimezone(LONDON).date()
        rows.append(
            {
                'referral_id': referral_id,
                'closed_on': closed_on,
                'outcome': 'did_not_engage',
                'exit_summary': reason or 'Ended as not engaged (carried over by an upgrade).',
                'status': 'approved',
                'approved_at': ended,
                'follow_up_due_on': follow_up_due(closed_on),
            }
        )
    if rows:
        connection.execute(closures.insert(), rows)


def downgrade() -> None:
    with op.batch_alter_table('community_resolutions', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_reason')
        batch_op.drop_column('withdrawn_by_id')
        batch_op.drop_column('withdrawn_at')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_column('offence_date')
    with op.batch_alter_table('assessment_events', schema=None) as batch_op:
        batch_op.drop_index('ix_assessment_events_assessment_on')
    op.drop_table('assessment_events')
    op.drop_table('no_carer_decisions')
    with op.batch_alter_table('allocation_periods', schema=None) as batch_op:
        batch_op.drop_index('ix_allocation_periods_referral_from')
        batch_op.drop_index('ix_allocation_periods_caseworker_from')
    op.drop_table('allocation_periods')
