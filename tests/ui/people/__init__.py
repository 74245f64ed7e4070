"""Tests of the people workflow's screens."""
