"""Reading the clock's "due soon" threshold inside any workflow's session.

Every place that reads the 48-hour clock (lists, dashboard, record, caseload, timeline)
asks ``due_soon_window`` rather than using a fixed 12 hours, so changing the setting
changes them all at once. Changing it is ``services.accounts.clock_settings``.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.due_soon import DUE_SOON_SETTING, due_soon_from_setting
from diversion_app.persistence.models import Setting


def due_soon_window(session: Session) -> timedelta:
    """How long before the due time an open clock counts as due soon."""
    value = session.execute(
        sa.select(Setting.value).where(Setting.key == DUE_SOON_SETTING)
    ).scalar_one_or_none()
    return due_soon_from_setting(value)
