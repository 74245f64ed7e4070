"""Tests of the casework workflow's screens."""
