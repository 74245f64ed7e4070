"""The period report's working-day deadline counts and fairness breakdown, counted by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from diversion_app.domain.enums import (
    Ethnicity,
    Gender,
    OffenceCategory,
    Pathway,
    ReferralSource,
    ReferralStatus,
    VictimType,
)
from diversion_app.persistence import models as m
from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from tests.conftest import FOR_TESTS
from tests.integration.pdf_reading import all_text

NOV = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)

# (due, done, status, ended, ethnicity, gender, pathway, recommendation due, told)
ROWS = [
    (
        date(2026, 11, 10),
        date(2026, 11, 9),
        "assessed",
        None,
        "white",
        "male",
        "diversion",
        date(2026, 11, 17),
        date(2026, 11, 16),
    ),  # met; recommendation met
    (
        date(2026, 11, 10),
        date(2026, 11, 12),
        "assessed",
        None,
        "white",
        "male",
        "prevention",
        None,
        None,
    ),  # missed
    (
        date(2026, 11, 20),
        None,
        "contacted",
        None,
        "asian",
        "female",
        "diversion",
        date(2026, 11, 25),
        None,
    ),  # overdue; recommendation overdue
    (date(2026, 12, 5), None, "allocated", None, "asian", "female", "prevention", None, None),
    (
        date(2026, 11, 10),
        None,
        "not_engaged",
        datetime(2026, 11, 5, 12, tzinfo=UTC),
        "black",
        "female",
        "prevention",
        None,
        None,
    ),  # stopped
    (
        date(2026, 11, 10),
        None,
        "not_engaged",
        datetime(2026, 11, 15, 12, tzinfo=UTC),
        "white",
        "male",
        "prevention",
        None,
        None,
    ),  # missed
]


def _seed(services: Services) -> None:
    now = services.ctx.now()
    with services.ctx.unit_of_work() as s:
        household = m.Household(address_line1="1 Example Street", created_at=now)
        s.add(household)
        s.flush()
        for index, row in enumerate(ROWS):
            due, done, status, ended, ethnicity, gender, pathway, rec_due, told = row
            person = m.YoungPerson(
                given_name="Child",
                family_name=f"N{index}",
                search_name=f"child n{index}",
                family_name_key=f"n{index}",
                date_of_birth=date(2011, 1, 1),
                gender=Gender(gender),
                ethnicity=Ethnicity(ethnicity),
                household_id=household.id,
                area="south",
                created_at=now,
                updated_at=now,
            )
            s.add(person)
            s.flush()
            if index < 2:  # two first contacts with the police in November, both White
                s.add(
                    m.CommunityResolution(
                        young_person_id=person.id,
                        crime_reference=f"CR/{index}",
                        offence_date=date(2026, 11, 1),
                        offence_category=OffenceCategory.THEFT,
                        offence_description="x",
                        officer_name="PC",
                        collar_number="1",
                        accepted_responsibility=True,
                        appropriate_adult_present=True,
                        victim_type=VictimType.BUSINESS,
                        gravity_score=2,
                        authorised_by="Sgt",
                        recorded_on=date(2026, 11, 1),
                        created_at=now,
                    )
                )
            s.add(
                m.Referral(
                    young_person_id=person.id,
                    pathway=Pathway(pathway),
                    source=ReferralSource.POLICE,
                    referrer_name="PC",
                    reasons=["offence"],
                    received_at=NOV,
                    status=ReferralStatus(status),
                    status_changed_at=NOV,
                    clock_due_at=NOV,
                    ended_at=ended,
                    created_at=NOV,
                    assessment_due_on=due,
                    assessed_on=done,
                    recommendation_due_on=rec_due,
                    recommendation_sent_on=told,
                )
            )


def test_deadline_counts_and_fairness(
    services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    _seed(services)
    report = services.reports.performance(supervisor, date(2026, 11, 1), date(2026, 11, 28))
    assessment = report.current.assessment_deadline
    assert (assessment.met, assessment.missed, assessment.overdue) == (1, 2, 1)
    assert (assessment.running, assessment.stopped) == (1, 1)
    recommendation = report.current.recommendation_deadline
    assert (recommendation.met, recommendation.missed, recommendation.overdue) == (1, 0, 1)
    fairness = report.current.fairness
    assert fairness.referrals_by_ethnicity[Ethnicity.WHITE] == 3
    assert fairness.referrals_by_ethnicity[Ethnicity.ASIAN] == 2
    assert fairness.referrals_by_sex[Gender.FEMALE] == 3
    assert fairness.first_contacts_by_ethnicity[Ethnicity.WHITE] == 2
    path = tmp_path / "period.pdf"
    services.reports.write_performance_pdf(
        supervisor, path, date(2026, 11, 1), date(2026, 11, 28), for_whom=FOR_TESTS
    )
    flat = " ".join(all_text(path).split())
    assert "Assessment met (10 working days) 1" in flat
    assert "Assessment overdue 1" in flat
    assert "Working-day deadlines" in flat
    # every group here is a small cell: printed as "fewer than 5", shares left out
    assert "White: referrals fewer than 5" in flat
    assert "share of referrals – –" in flat
