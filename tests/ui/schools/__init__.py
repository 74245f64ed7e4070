"""Tests of the schools workflow's screens."""
