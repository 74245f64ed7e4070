"""Alembic migrations for the Diversion database (shipped as ``diversion_app._migrations``)."""
