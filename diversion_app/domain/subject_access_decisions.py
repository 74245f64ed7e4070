"""What may happen to a subject access request after it is recorded, besides the pack:
the one two-month extension, withdrawing it, and marking it answered outside the
application. Plain rules; ``services/people/subject_access`` applies them and audits them.

The extension follows the Data Protection Act 2018 (section 45 with section 54(3)-(4) and
UK GDPR article 12(3)): the one-month deadline may be extended once, by two further
months, only because the request is complex or the requester has made a number of
requests, and the requester must be told why within the first month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from diversion_app.domain.enums import LabelledEnum
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.subject_access import RequestStatus, extended_due, reply_due
from diversion_app.domain.timekeeping import format_date

REASON_MIN = 10
REASON_MAX = 1000


class ExtensionGround(LabelledEnum):
    """The only grounds the law allows for taking longer than one month."""

    COMPLEX = "complex"
    NUMEROUS = "numerous"

    @property
    def label(self) -> str:
        return {
            ExtensionGround.COMPLEX: "The request is complex",
            ExtensionGround.NUMEROUS: "The requester has made a number of requests",
        }[self]


@dataclass(frozen=True)
class RequestState:
    """The parts of a saved request the rules look at."""

    status: RequestStatus
    received_on: date
    due_on: date

    @property
    def extended(self) -> bool:
        return self.due_on > reply_due(self.received_on)


def _open(state: RequestState, doing: str) -> None:
    if state.status is not RequestStatus.OPEN:
        raise ValidationError(
            {"status": f"This request is already {state.status.label.lower()}: {doing}."}
        )


def _reason_problem(text: str, what: str) -> str | None:
    words = " ".join(text.split())
    if len(words) < REASON_MIN:
        return f"Say {what} in a few words ({REASON_MIN} characters or more)."
    if len(words) > REASON_MAX:
        return f"Keep it to {REASON_MAX:,} characters or fewer."
    return None


def check_extension(
    state: RequestState, ground: ExtensionGround | None, reason: str, today: date
) -> date:
    """The new due date (three calendar months after the request was received), or
    ``ValidationError`` naming what to fix: only an open request, only once, only on one of
    the two grounds, with the reason the requester is told, and within the first month."""
    _open(state, "it cannot be extended")
    if state.extended:
        raise ValidationError(
            {"status": "This request has already been extended; it can be extended only once."}
        )
    if today > state.due_on:
        raise ValidationError(
            {
                "status": f"The reply was due on {format_date(state.due_on)}: an extension "
                "must be made, and the requester told, within the first month."
            }
        )
    problems: dict[str, str] = {}
    if ground is None:
        problems["ground"] = "Choose why more time is needed: a complex request or many requests."
    problem = _reason_problem(reason, "what makes it take longer, as the requester is told")
    if problem:
        problems["reason"] = problem
    if problems:
        raise ValidationError(problems)
    return extended_due(state.received_on)


def check_withdrawal(state: RequestState, reason: str) -> None:
    """``ValidationError`` unless an open request is withdrawn with a reason."""
    _open(state, "it cannot be withdrawn")
    problem = _reason_problem(reason, "why it is withdrawn or closed")
    if problem:
        raise ValidationError({"reason": problem})


def check_answered(state: RequestState, answered_on: date | None, how: str, today: date) -> None:
    """``ValidationError`` unless an open request is marked answered on a real day (not
    before it was received, not in the future) and says how the reply was given."""
    _open(state, "it cannot be marked answered again")
    problems: dict[str, str] = {}
    if answered_on is None:
        problems["answered_on"] = "Give the date the reply was sent."
    elif answered_on < state.received_on:
        problems["answered_on"] = "The reply cannot be before the request was received."
    elif answered_on > today:
        problems["answered_on"] = "The date the reply was sent cannot be in the future."
    problem = _reason_problem(how, "how the reply was given")
    if problem:
        problems["how"] = problem
    if problems:
        raise ValidationError(problems)
