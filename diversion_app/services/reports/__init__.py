"""Reports: the caseload summary and period report figures (as data, then PDF through
``diversion_app.reports``), caseload figures per caseworker, and CSV exports.

May import ``services.base`` and the public calls of ``services.referrals``.
"""
