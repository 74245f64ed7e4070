"""Dialogs that work on one referral: assessment, programme, closure, follow-up."""
