"""Two people edit one record: the second save is refused, never a silent revert."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from diversion_app.domain.access_rules import AccessReason
from diversion_app.domain.enums import Relationship, Role
from diversion_app.domain.young_person_rules import MemberDraft
from diversion_app.services.base.errors import Conflict
from diversion_app.services.base.stale import StaleRecord
from diversion_app.services.registry import Services
from tests.conftest import MovableClock
from tests.factories import add_child, add_user, referral_draft


def test_a_stale_young_person_save_is_refused_naming_who_and_when(
    services: Services, clock: MovableClock
) -> None:
    anna = add_user(services.ctx, "anna", "Anna Officer", Role.OFFICER)
    ben = add_user(services.ctx, "ben", "Ben Officer", Role.OFFICER)
    person_id = add_child(services.ctx, date(2011, 4, 2), given="Kai", family="Moran")
    for officer in (anna, ben):  # neither made this record: each says why they open it
        services.access.justify(officer, person_id, AccessReason.DUTY)
    editor = services.young_person_editor
    anna_form = editor.draft_for(anna, person_id)
    ben_form = editor.draft_for(ben, person_id)

    clock.advance(minutes=7)
    editor.update(anna, person_id, dataclasses.replace(anna_form, preferred_name="Kaiden"))
    with pytest.raises(StaleRecord) as refused:
        editor.update(ben, person_id, dataclasses.replace(ben_form, pnc_id="26/1234567X"))

    assert refused.value.changed_by == "Anna Officer"
    assert refused.value.changed_at == clock()
    assert "Anna Officer changed this young person's record at" in str(refused.value)
    saved = editor.draft_for(ben, person_id)
    assert saved.preferred_name == "Kaiden"  # Anna's change was not reverted
    assert saved.pnc_id == ""  # Ben's was not written over it

    # Ben reloads (a fresh stamp) and makes his change again: both survive.
    editor.update(ben, person_id, dataclasses.replace(saved, pnc_id="26/1234567X"))
    both = editor.draft_for(anna, person_id)
    assert (both.preferred_name, both.pnc_id) == ("Kaiden", "26/1234567X")


def test_an_address_change_through_a_sibling_makes_an_open_form_stale(
    services: Services,
) -> None:
    officer = add_user(services.ctx, "cara", "Cara Officer", Role.OFFICER)
    first = add_child(services.ctx, date(2011, 4, 2), given="Kai", family="Moran")
    services.access.justify(officer, first, AccessReason.DUTY)
    editor = services.young_person_editor
    open_form = editor.draft_for(officer, first)
    household_id = services.young_person_record.open(officer, first).household_id
    sibling = editor.create(
        officer,
        dataclasses.replace(open_form, given_name="Lia", date_of_birth="09/09/2013"),
        join_household_id=household_id,
        confirmed_new=True,
    )
    sibling_form = editor.draft_for(officer, sibling.id)
    editor.update(officer, sibling.id, dataclasses.replace(sibling_form, town="Northby"))

    with pytest.raises(StaleRecord):
        editor.update(officer, first, dataclasses.replace(open_form, town="Southby"))
    assert editor.draft_for(officer, first).town == "Northby"


def test_a_stale_household_member_save_is_refused(services: Services) -> None:
    anna = add_user(services.ctx, "anna", "Anna Officer", Role.OFFICER)
    ben = add_user(services.ctx, "ben", "Ben Officer", Role.OFFICER)
    person_id = add_child(services.ctx, date(2011, 4, 2))
    for officer in (anna, ben):
        services.access.justify(officer, person_id, AccessReason.DUTY)
    household_id = services.young_person_record.open(anna, person_id).household_id
    households = services.households
    member_id = households.add_member(
        anna,
        household_id,
        MemberDraft("Ruth", "Moran", Relationship.MOTHER, parental_responsibility=True),
        young_person_id=person_id,
    )
    anna_form = households.member_draft(anna, member_id, young_person_id=person_id)
    ben_form = households.member_draft(ben, member_id, young_person_id=person_id)
    households.update_member(
        anna,
        member_id,
        dataclasses.replace(anna_form, phone="01632 960111"),
        young_person_id=person_id,
    )
    with pytest.raises(StaleRecord) as refused:
        households.update_member(
            ben,
            member_id,
            dataclasses.replace(ben_form, language="Polish"),
            young_person_id=person_id,
        )
    assert refused.value.changed_by == "Anna Officer"
    saved = households.member_draft(ben, member_id, young_person_id=person_id)
    assert (saved.phone, saved.language) == ("01632 960111", "")


def test_two_allocations_from_what_each_supervisor_read_exactly_one_wins(
    services: Services,
) -> None:
    sue = add_user(services.ctx, "sue", "Sue Supervisor", Role.SUPERVISOR)
    sam = add_user(services.ctx, "sam", "Sam Supervisor", Role.SUPERVISOR)
    alex = add_user(services.ctx, "alex", "Alex Caseworker", Role.CASEWORKER)
    bea = add_user(services.ctx, "bea", "Bea Caseworker", Role.CASEWORKER)
    person_id = add_child(services.ctx, date(2012, 1, 1))
    made = services.referral_record.make(
        sue, referral_draft(person_id, services.ctx.now() - timedelta(hours=2))
    )
    # Both screens read it unallocated; Sue's allocation lands first.
    services.allocation.allocate(sue, made.id, alex.user_id or 0, expected_caseworker_id=None)
    with pytest.raises(Conflict) as refused:
        services.allocation.allocate(sam, made.id, bea.user_id or 0, expected_caseworker_id=None)
    assert "Sue Supervisor" in str(refused.value)
    record = services.referral_record.record(sue, made.id)
    assert record.caseworker == "Alex Caseworker"
    allocations = [entry for entry in record.history if "Bea" in entry.text]
    assert allocations == []
