"""The test suite: unit (domain), integration (services, persistence, CLI), ui (pytest-qt)."""
