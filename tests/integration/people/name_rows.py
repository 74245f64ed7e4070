"""Young people with given names (and a referral each) written straight into a database,
for the name search tests: any name at all, without the forms' checks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from diversion_app.domain.enums import (
    Area,
    Ethnicity,
    Gender,
    Pathway,
    ReferralSource,
    ReferralStatus,
)
from diversion_app.domain.names import normalise_name
from diversion_app.persistence.models import Household, Referral, YoungPerson

WRITTEN = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def add_household(connection: Connection) -> int:
    return int(
        connection.execute(
            sa.insert(Household)
            .values(address_line1="1 Example Street", area=Area.EAST, created_at=WRITTEN)
            .returning(Household.id)
        ).scalar_one()
    )


def add_named(
    connection: Connection,
    household_id: int,
    given: str,
    family: str,
    *,
    disposed: bool = False,
    number: int = 0,
) -> tuple[int, int]:
    """A young person called ``given family`` with one referral: (their id, the referral's)."""
    person_id = int(
        connection.execute(
            sa.insert(YoungPerson)
            .values(
                given_name="" if disposed else given,
                family_name="" if disposed else family,
                search_name="" if disposed else normalise_name(f"{given} {family}"),
                family_name_key="" if disposed else normalise_name(family),
                date_of_birth=date(2011, 1, 1) + timedelta(days=number % 900),
                gender=Gender.NOT_KNOWN,
                ethnicity=Ethnicity.NOT_STATED,
                household_id=household_id,
                area=Area.EAST,
                looked_after=False,
                child_plan=False,
                send=False,
                created_at=WRITTEN,
                updated_at=WRITTEN,
                disposed_at=WRITTEN if disposed else None,
            )
            .returning(YoungPerson.id)
        ).scalar_one()
    )
    received = WRITTEN - timedelta(hours=number)
    referral_id = int(
        connection.execute(
            sa.insert(Referral)
            .values(
                young_person_id=person_id,
                pathway=Pathway.DIVERSION if number % 2 else Pathway.PREVENTION,
                source=ReferralSource.POLICE,
                referrer_name="PC One",
                reasons=[],
                received_at=received,
                consent_young_person=True,
                consent_parent_carer=True,
                consent_to_share=True,
                status=ReferralStatus.RECEIVED,
                status_changed_at=received,
                clock_due_at=received + timedelta(hours=48),
                created_at=received,
            )
            .returning(Referral.id)
        ).scalar_one()
    )
    return person_id, referral_id
