"""Referrals on screen: the dashboard, the Referrals page, the referral record, the
referral and contact forms, and how the 48-hour clock is drawn (``clock_*``)."""
