"""Workflows: one public call per user action, one transaction each, returning plain DTOs."""
