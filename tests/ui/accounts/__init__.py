"""Tests of the accounts workflow's screens."""
