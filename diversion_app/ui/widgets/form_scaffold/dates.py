"""The scaffold's dates: the one UK date input (``widgets.uk_date``) and reading it back.

A blank or impossible date is a problem beside the field, in the form's own words for a
blank one, never a silently changed date.
"""

from __future__ import annotations

from datetime import date

from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.timekeeping import parse_uk_date
from diversion_app.ui.widgets.uk_date import UkDateEdit


def date_field(accessible_name: str, value: date | None = None, *, hint: str = "") -> UkDateEdit:
    """The one typed UK date field, with its calendar."""
    return UkDateEdit(accessible_name, value, hint=hint)


def read_date(
    edit: UkDateEdit, field: str, problems: dict[str, str], *, required_message: str | None
) -> date | None:
    """The typed date, or None; a problem is added for a bad (or missing, if required) date."""
    text = edit.text().strip()
    if not text:
        if required_message:
            problems[field] = required_message
        return None
    try:
        return parse_uk_date(text)
    except DomainError as error:
        problems[field] = str(error)
        return None


def required_date(edit: UkDateEdit, field: str, missing: str) -> date:
    """The typed date; a ValidationError for ``field`` (shown beside it) if blank or wrong."""
    problems: dict[str, str] = {}
    value = read_date(edit, field, problems, required_message=missing)
    if value is None:
        raise ValidationError(problems)
    return value
