"""Workflows: one public call per user action, one transaction each, returning plain DTOs.

One package per workflow over a small shared base:

- ``base/``: the unit of work (context), the acting user, errors, list paging, the
  audit trail, permission checks and safe CSV writing. Imports only the domain and
  persistence; never a workflow.
- ``people/``: young people, households, Community Resolutions, the timeline, the record.
- ``referrals/``: making a referral, the referral list and record, allocation,
  contacts and the 48-hour clock's watch, the team dashboard's counts.
- ``casework/``: visits and the diary, calendar export, the whole-family assessment,
  the personal programme, closure and the 12-month follow-up.
- ``schools/``: schools and SPOCs, school referrals and restorative justice in schools.
- ``reports/``: the caseload summary, the period report, CSV exports.
- ``accounts/``: signing in, accounts and roles, passwords, the audit trail's reader,
  database health.
- ``registry.py``: every service built once over one context (the composition).

A workflow package imports ``base`` and other workflows' public names only (never a
``_private`` helper), and nothing here imports ``ui``.
"""
