"""``--for`` and ``--purpose`` on every command that prints or exports personal data: the
recipient and purpose are recorded with the disclosure in the audit trail."""

from __future__ import annotations

import argparse

from diversion_app.domain.access_rules import DisclosurePurpose, Recipient, recipient


def add_recipient_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--for",
        dest="recipient",
        required=True,
        metavar="RECIPIENT",
        help='who the copy is for, for example "panel of 12/01" or "school DSL"',
    )
    parser.add_argument(
        "--purpose",
        required=True,
        choices=[purpose.value for purpose in DisclosurePurpose],
        help="what it is for",
    )
    parser.add_argument("--purpose-note", default="", help="a few words (required with 'other')")


def recipient_from(args: argparse.Namespace) -> Recipient:
    """The recipient the options give (``ValidationError`` says what to fix)."""
    return recipient(args.recipient, DisclosurePurpose(args.purpose), args.purpose_note)
