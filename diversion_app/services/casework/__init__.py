"""Casework after allocation: visits and the diary, calendar (.ics) export, the
whole-family assessment, the personal programme, closure and the 12-month follow-up.

May import ``services.base`` and the public calls of ``services.referrals``.
"""
