"""Signing in on the command line: ``--user NAME`` and a password from a prompt or
``DIVERSION_PASSWORD``.

Every command that reads or writes case data adds the option with ``add_user_option``
and calls ``signed_in_actor`` before it touches a record; the same lock-out rules and
audit events apply as in the window. Maintenance commands (``demo`` on a new file,
``check``) do not sign in: they read no personal data.
"""

from __future__ import annotations

import argparse
import getpass
import os

from diversion_app.services.accounts.accounts import SignInRefused
from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services

PASSWORD_ENV = "DIVERSION_PASSWORD"


def add_user_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--user",
        required=True,
        metavar="NAME",
        help=f"your username; the password is asked for, or read from {PASSWORD_ENV}",
    )


def read_password(username: str) -> str:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    try:
        return getpass.getpass(f"Password for {username}: ")
    except EOFError:
        raise SignInRefused(
            f"No password was given: type it at the prompt, or set {PASSWORD_ENV} for a script."
        ) from None


def signed_in_actor(args: argparse.Namespace, services: Services) -> Actor:
    """The actor for ``--user`` (SignInRefused, a ServiceError, if the password is wrong)."""
    return services.accounts.sign_in(str(args.user), read_password(str(args.user)))
