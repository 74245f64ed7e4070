"""The SQL condition "this referral is open", written so a planner can use the open-only index.

The database keeps a partial index of open referrals by young person
(``uq_referrals_one_open_per_pathway``, ``WHERE status IN (<the open statuses>)``). A
planner may use a partial index only when it can prove, while planning, that the query
asks for no other rows. With the open statuses sent as bound parameters SQLite cannot
(it plans before it sees the values), so a search read every referral of every matching
young person from the table to look at its status: about twice the work. Written into
the SQL as constants, the statuses match the index's own condition. They are the fixed
values of ``OPEN_REFERRAL_STATUSES``, never anything a person typed.
"""

from __future__ import annotations

import sqlalchemy as sa

from diversion_app.domain.enums import OPEN_REFERRAL_STATUSES
from diversion_app.persistence.models import Referral


def referral_is_open() -> sa.ColumnElement[bool]:
    """``referrals.status IN ('received', ...)`` with the open statuses as constants."""
    return Referral.status.in_(
        sa.bindparam(
            "open_referral_statuses",
            list(OPEN_REFERRAL_STATUSES),
            expanding=True,
            literal_execute=True,
            type_=Referral.status.type,
        )
    )
