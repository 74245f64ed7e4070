"""The subject access pack: everything held, no sibling or unrelated adult named, a JSON
file that passes its schema, the reply's due date tracked, and the pack itself audited."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from diversion_app.domain.enums import AuditAction, Relationship
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.subject_access import (
    WITHHELD,
    RequestDraft,
    Requester,
    RequestStatus,
)
from diversion_app.paths import resource
from diversion_app.persistence import models as m
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import PermissionDenied
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.registry import Services
from tests.factories import child
from tests.integration.pdf_reading import all_text

SIBLING = "Peregrine"
UNRELATED = ("Agatha", "Quillfeather")


def _family(services: Services) -> tuple[int, int, str]:
    """A demo young person with contacts, given a sibling and an unrelated adult at home,
    both named in a contact note. Returns (young person, parent member id, parent name)."""
    now = services.ctx.now()
    with services.ctx.unit_of_work() as session:
        person_id, referral_id = session.execute(
            sa.select(m.Referral.young_person_id, m.Referral.id)
            .join(m.Contact, m.Contact.referral_id == m.Referral.id)
            .order_by(m.Referral.id)
            .limit(1)
        ).one()
        person = session.get(m.YoungPerson, person_id)
        assert person is not None
        sibling = child(
            person.household_id,
            now,
            given=SIBLING,
            family=person.family_name,
            born=date(2014, 2, 2),
        )
        session.add(sibling)
        session.add(
            m.HouseholdMember(
                household_id=person.household_id,
                given_name=UNRELATED[0],
                family_name=UNRELATED[1],
                relationship_to_child=Relationship.OTHER,
            )
        )
        parent = m.HouseholdMember(
            household_id=person.household_id,
            given_name="Rosalind",
            family_name=person.family_name,
            relationship_to_child=Relationship.MOTHER,
            parental_responsibility=True,
        )
        session.add(parent)
        contact = session.execute(
            sa.select(m.Contact).where(m.Contact.referral_id == referral_id).limit(1)
        ).scalar_one()
        contact.notes = f"Spoke with Rosalind; {SIBLING} and agatha were at home too."
        session.flush()
        return person_id, parent.id, f"Rosalind {person.family_name}"


def _supervisor(services: Services) -> Actor:
    return services.accounts.sign_in("supervisor", "demo-supervisor-pass")


def test_the_pack_has_everything_held_and_names_no_third_party(
    demo_services: Services, tmp_path: Path
) -> None:
    person_id, parent_id, parent_name = _family(demo_services)
    supervisor = _supervisor(demo_services)
    sar = demo_services.subject_access
    open_before = sar.count(supervisor)
    request_id = sar.record_request(
        supervisor,
        RequestDraft(person_id, Requester.PARENT_CARER, "", date(2026, 11, 2), parent_id),
    )
    assert sar.count(supervisor) == open_before + 1
    [row] = [r for r in sar.requests(supervisor, PageRequest()) if r.id == request_id]
    assert (row.received_on, row.due_on, row.status) == (
        date(2026, 11, 2),
        date(2026, 12, 2),
        RequestStatus.OPEN,
    )
    assert parent_name in row.requester

    written = sar.make_pack(supervisor, request_id, tmp_path)
    pack = json.loads(written.json.read_text(encoding="utf-8"))
    schema = json.loads(resource("subject-access-pack.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(pack, schema, format_checker=jsonschema.FormatChecker())

    text = written.json.read_text(encoding="utf-8")
    pdf_text = all_text(written.pdf)
    for name in (SIBLING, *UNRELATED):
        assert name not in text and name.lower() not in text.lower()
        assert name not in pdf_text
    assert WITHHELD in text
    assert "Rosalind" in text  # the young person's own mother is named
    assert "Caseworker Ash" not in text  # staff are withheld too

    with demo_services.ctx.read_only() as session:
        referrals = (
            session.execute(sa.select(m.Referral.id).where(m.Referral.young_person_id == person_id))
            .scalars()
            .all()
        )
        contacts = session.execute(
            sa.select(sa.func.count())
            .select_from(m.Contact)
            .where(m.Contact.referral_id.in_(referrals))
        ).scalar_one()
        visits = session.execute(
            sa.select(sa.func.count())
            .select_from(m.Visit)
            .where(m.Visit.referral_id.in_(referrals))
        ).scalar_one()
        crs = session.execute(
            sa.select(sa.func.count()).where(m.CommunityResolution.young_person_id == person_id)
        ).scalar_one()
    assert sorted(r["id"] for r in pack["referrals"]) == sorted(referrals)
    assert sum(len(r["contacts"]) for r in pack["referrals"]) == contacts
    assert sum(len(r["visits"]) for r in pack["referrals"]) == visits
    assert len(pack["community_resolutions"]) == crs
    assert pack["household"]["other_children_in_household"] >= 1
    headings = [item["heading"] for item in pack["information"]]
    assert "How to complain" in headings and "Our legal basis" in headings
    assert "Information Commissioner" in pdf_text
    assert "OFFICIAL-SENSITIVE" in pdf_text and f"Page 1 of {written.pages}" in pdf_text
    assert "Audit trail:" in pdf_text

    metadata = PdfReader(written.pdf).metadata or {}
    assert all(parent_name.split()[1] not in str(value) for value in metadata.values())

    with demo_services.ctx.read_only() as session:
        event = session.execute(
            sa.select(m.AuditEvent).order_by(m.AuditEvent.id.desc()).offset(1).limit(1)
        ).scalar_one()
        assert event.action is AuditAction.DISCLOSED
        assert event.changes["purpose"] == "Subject access request"
        assert parent_name in event.changes["recipient"]
        linked = (
            session.execute(
                sa.select(m.DisclosedYoungPerson.young_person_id).where(
                    m.DisclosedYoungPerson.event_id == event.id
                )
            )
            .scalars()
            .all()
        )
        assert linked == [person_id]
    assert request_id not in [r.id for r in sar.requests(supervisor, PageRequest())]  # answered
    log = demo_services.access.log(supervisor, person_id, PageRequest())
    assert log[0].what == "Disclosed: subject access pack"


def test_requests_are_checked_and_only_supervisors_handle_them(demo_services: Services) -> None:
    supervisor = _supervisor(demo_services)
    with pytest.raises(ValidationError) as problems:
        demo_services.subject_access.record_request(
            supervisor, RequestDraft(1, Requester.REPRESENTATIVE, "", date(2027, 1, 1))
        )
    assert set(problems.value.problems) == {"requester_name", "received_on"}
    caseworker = demo_services.accounts.sign_in("caseworker", "demo-caseworker-pass")
    with pytest.raises(PermissionDenied, match="subject access"):
        demo_services.subject_access.record_request(
            caseworker, RequestDraft(1, Requester.YOUNG_PERSON, "", date(2026, 11, 1))
        )
