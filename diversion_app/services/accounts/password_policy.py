"""What a password must be: long enough, not a common password, not the username.

The common-password list is a resource file (``resources/common-passwords.txt``), loaded
once. Messages are plain sentences; none repeats the password.
"""

from __future__ import annotations

import re
from functools import cache

from diversion_app.paths import resource

MIN_PASSWORD_LENGTH = 10
COMMON_PASSWORDS_FILE = "common-passwords.txt"


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list, lower-cased; comments and blank lines left out."""
    text = resource(COMMON_PASSWORDS_FILE).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


def _core(password: str) -> str:
    """The password without the digits and symbols people add to a word to pass a rule."""
    return re.sub(r"[\d\W_]+$", "", password.lower())


def password_problem(password: str, username: str = "") -> str | None:
    """Why ``password`` cannot be used, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters."
    if password != password.strip():
        return "A password cannot start or end with a space."
    lowered = password.lower()
    common = common_passwords()
    if lowered in common or _core(password) in common:
        return "That password is one of the most common passwords; choose another."
    if len(set(lowered)) < 4:
        return "That password repeats too few characters; choose another."
    name = username.strip().lower()
    if name and (lowered == name or (name in lowered and len(name) >= len(lowered) - 3)):
        return "A password cannot be the username; choose another."
    return None
