"""Ages on a date and who may go on which pathway (DOMAIN.md, "Ages")."""

from __future__ import annotations

from datetime import date

from diversion_app.domain.enums import Pathway

AGE_OF_CRIMINAL_RESPONSIBILITY = 10
DIVERSION_AGES = range(10, 18)
PREVENTION_AGES = range(8, 18)


def age_on(date_of_birth: date, on: date) -> int:
    """Completed years on ``on``. A 29 February birthday counts from 1 March in other years."""
    if on < date_of_birth:
        raise ValueError("the date is before the date of birth")
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - int(before_birthday)


def pathway_ages(pathway: Pathway) -> range:
    return DIVERSION_AGES if pathway is Pathway.DIVERSION else PREVENTION_AGES


def pathway_age_problem(pathway: Pathway, date_of_birth: date, on: date) -> str | None:
    """None when the child's age on ``on`` fits the pathway, else a plain sentence why not.

    ``on`` is the offence date for diversion and the day received for prevention.
    """
    allowed = pathway_ages(pathway)
    if on < date_of_birth:
        return "The date is before the young person's date of birth."
    age = age_on(date_of_birth, on)
    if age in allowed:
        return None
    when = "on the offence date" if pathway is Pathway.DIVERSION else "on the day received"
    limits = f"{allowed.start} to {allowed.stop - 1}"
    return f"The young person was {age} {when}; the {pathway.value} pathway is for ages {limits}."


def community_resolution_age_problem(date_of_birth: date, offence_date: date) -> str | None:
    """A Community Resolution needs the child to be 10-17 on the offence date."""
    if offence_date < date_of_birth:
        return "The offence date is before the young person's date of birth."
    age = age_on(date_of_birth, offence_date)
    if age in DIVERSION_AGES:
        return None
    return (
        f"The young person was {age} on the offence date; "
        "a Community Resolution is for ages 10 to 17."
    )
