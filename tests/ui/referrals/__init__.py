"""Tests of the referrals workflow's screens."""
