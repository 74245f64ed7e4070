"""Accounts: signing in, the first administrator, accounts and roles, passwords and their
policy, the audit trail's reader (``admin_lists``) and database health (``maintenance``).

May import ``services.base`` only.
"""
