"""Tests of the referrals workflow's services."""
