"""Tests of the reports workflow's screens."""
