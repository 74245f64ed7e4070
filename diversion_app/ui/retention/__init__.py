"""Retention: the supervisors' review queue, legal holds and decisions; the periods' settings."""
