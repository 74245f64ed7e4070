"""Tests of the accounts workflow's services."""
