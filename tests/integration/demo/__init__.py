"""Tests of the demo generator and bulk loader."""
