"""Tests of the people workflow's services."""
