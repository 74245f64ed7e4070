"""The "no parent or carer to contact" decision: when it may be recorded and what it needs.

Some children have no parent or carer to reach (a 17-year-old living independently; a
looked-after child whose carer is an agency). A supervisor or caseworker records that,
with a reason; from then on reaching the young person alone meets the 48-hour clock,
and the reports count such referrals apart (DOMAIN.md, the 48-hour clock).
"""

from __future__ import annotations

MIN_REASON_LENGTH = 10


def no_carer_reason_problem(reason: str) -> str | None:
    """Plain words for what is wrong with the reason, or None when it will do."""
    text = reason.strip()
    if not text:
        return (
            "Say why there is no parent or carer to contact (for example: lives "
            "independently; looked after, carer is an agency)."
        )
    if len(text) < MIN_REASON_LENGTH:
        return "Give the reason in a few words, so a reader later understands the decision."
    if len(text) > 2000:
        return "Keep the reason under 2,000 characters."
    return None
