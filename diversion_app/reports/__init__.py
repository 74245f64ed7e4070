"""Printed reports: ReportLab documents built from service DTOs (no Qt, no ORM)."""
