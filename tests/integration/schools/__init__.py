"""Tests of the schools workflow's services."""
