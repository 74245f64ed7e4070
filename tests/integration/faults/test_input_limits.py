"""Input the server would refuse is refused first, beside its field, the same on every database."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diversion_app.domain.access_rules import AccessReason
from diversion_app.domain.enums import Area, Ethnicity, Gender, Relationship, Role
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.text_input import TEXT_MAX_LENGTH, forbidden_character, text_problem
from diversion_app.domain.young_person_rules import MemberDraft, YoungPersonDraft
from diversion_app.services.base.text_guard import max_lengths
from diversion_app.services.registry import Services
from tests.factories import add_child, add_user

NEW_PERSON = YoungPersonDraft(
    given_name="Tomasz",
    family_name="Nowak",
    date_of_birth="14/02/2012",
    gender=Gender.MALE,
    ethnicity=Ethnicity.NOT_STATED,
    area=Area.WEST,
    address_line1="3 Quarry Road",
    town="Westby",
    postcode="DM3 2CD",
)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"given_name": "Tom\x00asz"}, "given_name", "U+0000"),
        ({"family_name": "Nowak\x1b[31m"}, "family_name", "U+001B"),
        ({"preferred_name": "To\x07m"}, "preferred_name", "U+0007"),
        ({"family_name": "\u202ekawoN"}, "family_name", "U+202E"),
        ({"address_line1": "3 Quarry Road " + "x" * 100_000}, "address_line1", "at most 200"),
        ({"town": "W" * 201}, "town", "at most 100 characters (this has 201)"),
        ({"given_name": "Tom\nasz"}, "given_name", "a line break"),
    ],
)
def test_bad_text_is_refused_beside_its_field_and_nothing_is_saved(
    services: Services, change: dict[str, str], field: str, words: str
) -> None:
    officer = add_user(services.ctx, "pc.one", "PC One", Role.OFFICER)
    draft = dataclasses.replace(NEW_PERSON, **change)
    with pytest.raises(ValidationError) as refused:
        services.young_person_editor.create(officer, draft, confirmed_new=True)
    assert field in refused.value.problems
    assert words in refused.value.problems[field]
    assert services.young_people.count(officer) == 0


def test_an_edit_is_checked_the_same_way_and_the_record_is_unchanged(
    services: Services,
) -> None:
    officer = add_user(services.ctx, "pc.one", "PC One", Role.OFFICER)
    person_id = add_child(services.ctx, date(2011, 1, 1), given="Ola", family="Berg")
    services.access.justify(officer, person_id, AccessReason.DUTY)  # not a record they made
    form = services.young_person_editor.draft_for(officer, person_id)
    with pytest.raises(ValidationError) as refused:
        services.young_person_editor.update(
            officer, person_id, dataclasses.replace(form, pnc_id="26/12\x0034567X")
        )
    assert "pnc_id" in refused.value.problems
    assert services.young_person_editor.draft_for(officer, person_id).pnc_id == ""


def test_notes_keep_their_line_breaks_but_not_other_controls(services: Services) -> None:
    officer = add_user(services.ctx, "pc.one", "PC One", Role.OFFICER)
    person_id = add_child(services.ctx, date(2011, 1, 1))
    services.access.justify(officer, person_id, AccessReason.DUTY)  # not a record they made
    household_id = services.young_person_record.open(officer, person_id).household_id
    fine = MemberDraft("Ada", "Berg", Relationship.MOTHER, notes="Works shifts.\nCall after 6.")
    services.households.add_member(officer, household_id, fine, young_person_id=person_id)
    bell = dataclasses.replace(fine, given_name="Eve", notes="Ring\x07 twice")
    with pytest.raises(ValidationError) as refused:
        services.households.add_member(officer, household_id, bell, young_person_id=person_id)
    assert "U+0007" in refused.value.problems["notes"]


def test_the_forms_and_the_schema_share_one_limit(qtbot: object, services: Services) -> None:
    from diversion_app.ui.people.young_person_dialog import YoungPersonDialog

    officer = add_user(services.ctx, "pc.one", "PC One", Role.OFFICER)
    dialog = YoungPersonDialog(services, officer)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    limits = max_lengths()
    assert limits["town"] == 100 and limits["address_line1"] == 200
    assert dialog.town.maxLength() == limits["town"]
    assert dialog.given_name.maxLength() == limits["given_name"]
    assert dialog.address_line1.maxLength() == limits["address_line1"]


_FORBIDDEN = st.sampled_from(
    ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u202e", "\u2066", "\u2028", "\ufeff"]
)


@given(before=st.text(max_size=20), bad=_FORBIDDEN, after=st.text(max_size=20))
def test_any_text_holding_a_control_character_is_refused(before: str, bad: str, after: str) -> None:
    assert text_problem("The name", before + bad + after, 100) is not None
    assert text_problem("The notes", before + bad + after, None, multi_line=True) is not None


@given(st.text(st.characters(blacklist_categories=("Cc", "Cf", "Zl", "Zp")), max_size=100))
def test_ordinary_text_within_the_limit_is_accepted(text: str) -> None:
    assert forbidden_character(text) is None
    assert text_problem("The name", text, 100) is None
    assert text_problem("The name", text + "x" * 101, 100) is not None
    assert text_problem("The notes", text, None, multi_line=True) is None
    assert text_problem("The notes", "y" * (TEXT_MAX_LENGTH + 1), None) is not None
