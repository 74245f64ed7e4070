"""Tests of the reports workflow's services."""
