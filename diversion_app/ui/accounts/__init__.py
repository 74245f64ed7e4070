"""Accounts on screen: sign-in, the session lock, the Administration page and its account
dialogs, and the Audit trail page."""
