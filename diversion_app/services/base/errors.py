"""The services' exceptions: each message is a plain sentence fit to show a user."""

from __future__ import annotations

from diversion_app.domain.errors import DomainError, ValidationError


class ServiceError(Exception):
    """Base for every error a service raises on purpose."""


class NotFound(ServiceError):
    """The record asked for does not exist (or is not visible to this user)."""


class PermissionDenied(ServiceError):
    """The acting user's roles do not allow this action."""


class Conflict(ServiceError):
    """The action clashes with data already saved (a duplicate, a stale edit)."""

    def __init__(self, message: str, *, existing_id: int | None = None) -> None:
        super().__init__(message)
        self.existing_id = existing_id


class DatabaseBusy(ServiceError):
    """Another program held the database's write lock for longer than a writer waits."""


__all__ = [
    "Conflict",
    "DatabaseBusy",
    "DomainError",
    "NotFound",
    "PermissionDenied",
    "ServiceError",
    "ValidationError",
]
