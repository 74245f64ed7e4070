"""Dialogs (forms opened from pages)."""
