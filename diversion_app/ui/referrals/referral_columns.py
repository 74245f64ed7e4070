"""The referral list's columns and clock refresh, shared by the Referrals page and the
Dashboard (the Dashboard imports only these, not the Referrals page and its forms)."""

from __future__ import annotations

from diversion_app.domain.timekeeping import format_datetime
from diversion_app.services.referrals.referral_list import ReferralRow
from diversion_app.ui.referrals.clock_style import clock_background, clock_foreground, clock_text
from diversion_app.ui.referrals.deadline_style import (
    deadline_cell,
    deadline_foreground,
    deadline_tooltip,
)
from diversion_app.ui.widgets.lazy_table import Column

CLOCK_REFRESH_MS = 30_000

REFERRAL_COLUMNS: list[Column[ReferralRow]] = [
    Column("Young person", lambda r: r.young_person, sort_key="young_person"),
    Column("Pathway", lambda r: r.pathway.label, sort_key="pathway"),
    Column("Status", lambda r: r.status.label, sort_key="status"),
    Column("Received", lambda r: format_datetime(r.received_at), sort_key="received_at"),
    Column(
        "48-hour clock",
        lambda r: clock_text(r.clock),
        sort_key="due",
        foreground=lambda r: clock_foreground(r.clock),
        background=lambda r: clock_background(r.clock),
        tooltip=lambda r: f"Due {r.clock.due_text} (Europe/London)",
    ),
    Column("Due", lambda r: r.clock.due_text),
    Column("Caseworker", lambda r: r.caseworker),
    Column("Source", lambda r: r.source.label),
    Column(
        "Assessment due",
        lambda r: deadline_cell(r.assessment_deadline),
        sort_key="assessment_due",
        foreground=lambda r: deadline_foreground(r.assessment_deadline),
        tooltip=lambda r: deadline_tooltip(r.assessment_deadline),
    ),
]
