"""Tests of the casework workflow's services."""
