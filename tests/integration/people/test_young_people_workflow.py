"""Adding young people (duplicates and siblings), households, CRs and the record's timeline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from diversion_app.domain.community_resolution_rules import CommunityResolutionDraft
from diversion_app.domain.duplicates import MatchKind
from diversion_app.domain.enums import (
    Area,
    AuditAction,
    Ethnicity,
    Gender,
    OffenceCategory,
    Pathway,
    ReferralReason,
    ReferralSource,
    Relationship,
    RestorativeAction,
    Role,
    VictimType,
)
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.referral_rules import ReferralDraft
from diversion_app.domain.young_person_rules import MemberDraft, YoungPersonDraft
from diversion_app.persistence.models import AuditEvent, CommunityResolution, YoungPerson
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import Conflict, PermissionDenied
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.referrals.core import make_referral
from diversion_app.services.registry import Services

OFFICER = Actor(
    user_id=None, username="pc.test", display_name="PC Test", roles=frozenset({Role.OFFICER})
)

MIA = YoungPersonDraft(
    given_name="Mia",
    family_name="Okafor",
    date_of_birth="05/03/2011",
    gender=Gender.FEMALE,
    ethnicity=Ethnicity.BLACK,
    area=Area.EAST,
    address_line1="12 Example Street",
    town="Eastdemo",
    postcode="dm5 3ab",
)


def cr_draft(young_person_id: int, **changes: object) -> CommunityResolutionDraft:
    draft = CommunityResolutionDraft(
        young_person_id=young_person_id,
        crime_reference="CR/26/001234",
        offence_date="01/11/2026",
        offence_category=OffenceCategory.THEFT,
        offence_description="Took sweets from a shop.",
        officer_name="PC Test",
        collar_number="4521",
        accepted_responsibility=True,
        appropriate_adult_present=True,
        victim_type=VictimType.BUSINESS,
        restorative_actions=(RestorativeAction.APOLOGY,),
        gravity_score=2,
        authorised_by="Sgt Example",
        victim_consulted=True,
        victim_views="Happy with an apology.",
    )
    return replace(draft, **changes)  # type: ignore[arg-type]


def test_adding_the_same_child_twice_is_refused_until_confirmed(services: Services) -> None:
    editor = services.young_person_editor
    first = editor.create(OFFICER, MIA)
    again = replace(MIA, given_name="MIA", family_name="okafor", postcode="DM53AB")
    matches = editor.find_matches(OFFICER, again)
    assert [(m.id, m.kind) for m in matches] == [(first.id, MatchKind.SAME_NAME_AND_BIRTH)]
    with pytest.raises(Conflict) as refused:
        editor.create(OFFICER, again)
    assert refused.value.existing_id == first.id
    close = replace(MIA, given_name="Maia", address_line1="1 Other Road", postcode="DM1 1AA")
    assert [m.kind for m in editor.find_matches(OFFICER, close)] == [MatchKind.CLOSE_SPELLING]
    confirmed = editor.create(OFFICER, close, confirmed_new=True)
    assert confirmed.household_id != first.household_id


def test_a_sibling_is_offered_the_household_and_joins_it(services: Services) -> None:
    editor = services.young_person_editor
    mia = editor.create(OFFICER, MIA)
    brother = replace(MIA, given_name="Tomás", date_of_birth="14/07/2013", gender=Gender.MALE)
    matches = editor.find_matches(OFFICER, brother)
    assert [(m.id, m.kind) for m in matches] == [(mia.id, MatchKind.SIBLING)]
    tomas = editor.create(OFFICER, brother, join_household_id=matches[0].household_id)
    assert tomas.household_id == mia.household_id
    record = services.young_person_record.open(OFFICER, mia.id)
    assert [s.name for s in record.siblings] == ["Tomás Okafor"]


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"date_of_birth": "03/05/2011"}, "day and month swapped"),
        ({"date_of_birth": "05/03/2012"}, "one digit mistyped"),
        ({"given_name": "Miа"}, "one letter different (a Cyrillic a)"),
        ({"given_name": "Maia"}, "one letter added"),
    ],
)
def test_a_near_identical_child_at_the_same_address_is_a_possible_duplicate_first(
    services: Services, changes: dict[str, str], why: str
) -> None:
    """Before the fix these were offered as siblings and saved without a question."""
    editor = services.young_person_editor
    mia = editor.create(OFFICER, MIA)
    typo = replace(MIA, **changes)  # type: ignore[arg-type]
    matches = editor.find_matches(OFFICER, typo)
    assert [(m.id, m.kind) for m in matches] == [(mia.id, MatchKind.POSSIBLE_DUPLICATE)], why
    with pytest.raises(Conflict):
        editor.create(OFFICER, typo)
    assert services.young_people.count(OFFICER) == 1
    # the person decides: a twin after all joins the household
    twin = editor.create(OFFICER, typo, join_household_id=mia.household_id, confirmed_new=True)
    assert twin.household_id == mia.household_id


def test_names_are_kept_exactly_and_found_by_part_accents_and_dob(services: Services) -> None:
    editor = services.young_person_editor
    names = ["<b>Zoë</b>", "O'Brien-Núñez", "محمد", "王小明"]
    ids = [
        editor.create(
            OFFICER,
            replace(MIA, given_name=name, family_name=name, postcode="", address_line1=f"{i} Road"),
        ).id
        for i, name in enumerate(names)
    ]
    for person_id, name in zip(ids, names, strict=True):
        record = services.young_person_record.open(OFFICER, person_id)
        assert (record.given_name, record.family_name) == (name, name)
    search = services.young_people
    assert [r.id for r in search.search(OFFICER, PageRequest(text="zoe"))] == [ids[0]]
    assert [r.id for r in search.search(OFFICER, PageRequest(text="obrien nunez"))] == [ids[1]]
    assert [r.id for r in search.search(OFFICER, PageRequest(text="小明"))] == [ids[3]]
    assert len(search.search(OFFICER, PageRequest(text="05/03/2011"))) == 4
    assert search.search(OFFICER, PageRequest(text="06/03/2011")) == []


def test_bad_young_person_input_is_explained_and_nothing_saved(services: Services) -> None:
    editor = services.young_person_editor
    bad = replace(MIA, given_name="  ", date_of_birth="31/02/2012", postcode="12345")
    with pytest.raises(ValidationError) as error:
        editor.create(OFFICER, bad)
    assert set(error.value.problems) == {"given_name", "date_of_birth", "postcode"}
    assert "not a real date" in error.value.problems["date_of_birth"]
    assert services.young_people.count(OFFICER) == 0


def test_household_members_added_edited_removed_and_a_child_moved(services: Services) -> None:
    editor, households = services.young_person_editor, services.households
    mia = editor.create(OFFICER, MIA)
    mother = MemberDraft("Grace", "Okafor", Relationship.MOTHER, True, "07700 900123")
    member_id = households.add_member(OFFICER, mia.household_id, mother, young_person_id=mia.id)
    households.update_member(
        OFFICER,
        member_id,
        replace(mother, language="Yoruba", interpreter_needed=True),
        young_person_id=mia.id,
    )
    record = services.young_person_record.open(OFFICER, mia.id)
    assert [(m.name, m.interpreter_needed, m.language) for m in record.members] == [
        ("Grace Okafor", True, "Yoruba")
    ]
    with pytest.raises(ValidationError):
        households.add_member(
            OFFICER, mia.household_id, replace(mother, email="nope"), young_person_id=mia.id
        )
    households.remove_member(OFFICER, member_id, young_person_id=mia.id)
    assert services.young_person_record.open(OFFICER, mia.id).members == ()
    other = editor.create(
        OFFICER, replace(MIA, given_name="Ava", family_name="Price", address_line1="9 Far Lane")
    )
    moved_to = households.move_young_person(OFFICER, mia.id, to_household_id=other.household_id)
    assert moved_to == other.household_id
    assert [s.name for s in services.young_person_record.open(OFFICER, other.id).siblings] == [
        "Mia Okafor"
    ]


def test_a_community_resolution_appears_on_the_timeline_and_a_second_comes_to_notice(
    services: Services, clock
) -> None:  # type: ignore[no-untyped-def]
    mia = services.young_person_editor.create(OFFICER, MIA)
    crs = services.community_resolutions
    first = crs.record(OFFICER, cr_draft(mia.id))
    assert not first.came_to_notice_again
    record = services.young_person_record.open(OFFICER, mia.id)
    assert record.timeline[0].kind == "Community Resolution"
    assert "CR/26/001234" in record.timeline[0].title
    second = crs.record(
        OFFICER, cr_draft(mia.id, crime_reference="cr/26/009999", offence_date="20/11/2026")
    )
    assert second.came_to_notice_again
    assert "1 earlier Community Resolution (offence dates 01/11/2026)" in second.notice_text
    made = make_referral(
        services.ctx,
        OFFICER,
        ReferralDraft(
            young_person_id=mia.id,
            pathway=Pathway.DIVERSION,
            source=ReferralSource.POLICE,
            referrer_name="PC Test",
            received_at=clock(),
            reasons=(ReferralReason.OFFENCE,),
            community_resolution_id=second.id,
        ),
    )
    kinds = [e.kind for e in services.young_person_record.open(OFFICER, mia.id).timeline]
    assert kinds[0] == "Referral" and kinds.count("Community Resolution") == 2
    assert made.young_person_id == mia.id


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"offence_date": "04/03/2021"}, "offence_date", "was 9 on the offence date"),
        ({"offence_date": "05/03/2029"}, "offence_date", "future"),
        ({"offence_date": "31/02/2026"}, "offence_date", "not a real date"),
        ({"crime_reference": "12345"}, "crime_reference", "two letters, the two-digit year"),
        ({"accepted_responsibility": False}, "accepted_responsibility", "accept responsibility"),
        ({"restorative_actions": ()}, "restorative_actions", "at least one"),
        ({"gravity_score": 6}, "gravity_score", "1 to 5"),
    ],
)
def test_bad_community_resolutions_are_explained_and_not_saved(
    services: Services, changes: dict[str, object], field: str, words: str
) -> None:
    mia = services.young_person_editor.create(OFFICER, MIA)
    with pytest.raises(ValidationError) as error:
        services.community_resolutions.record(OFFICER, cr_draft(mia.id, **changes))
    assert words in error.value.problems[field]
    with services.ctx.read_only() as session:
        assert session.query(CommunityResolution).count() == 0


def test_eighteen_on_the_offence_date_and_a_reused_reference_are_refused(
    services: Services,
) -> None:
    older = services.young_person_editor.create(
        OFFICER, replace(MIA, given_name="Ruby", date_of_birth="01/11/2008", address_line1="2 Road")
    )
    with pytest.raises(ValidationError) as error:
        services.community_resolutions.record(OFFICER, cr_draft(older.id))
    assert "was 18 on the offence date" in error.value.problems["offence_date"]
    mia = services.young_person_editor.create(OFFICER, MIA)
    services.community_resolutions.record(OFFICER, cr_draft(mia.id))
    with pytest.raises(ValidationError) as again:
        services.community_resolutions.record(
            OFFICER, cr_draft(mia.id, crime_reference="cr/26/001234")
        )
    assert "already recorded for this young person" in again.value.problems["crime_reference"]


def test_the_crime_reference_pattern_is_configurable(services: Services, everyone: Actor) -> None:
    from diversion_app.domain.community_resolution_rules import CrimeReferenceFormat

    crs = services.community_resolutions
    crs.set_reference_format(
        everyone, CrimeReferenceFormat(r"^\d{6}/\d{2}$", "123456/26", "six digits, slash, year")
    )
    mia = services.young_person_editor.create(OFFICER, MIA)
    with pytest.raises(ValidationError) as error:
        crs.record(OFFICER, cr_draft(mia.id))
    assert "six digits, slash, year, like 123456/26" in error.value.problems["crime_reference"]
    assert crs.record(OFFICER, cr_draft(mia.id, crime_reference="654321/26")).id


def test_actions_are_audited_and_a_caseworker_cannot_record_a_cr(services: Services) -> None:
    mia = services.young_person_editor.create(OFFICER, MIA)
    services.young_person_record.open(OFFICER, mia.id)
    caseworker = replace(OFFICER, username="cw", roles=frozenset({Role.CASEWORKER}))
    with pytest.raises(PermissionDenied):
        services.community_resolutions.record(caseworker, cr_draft(mia.id))
    with services.ctx.read_only() as session:
        events = {(e.username, e.action, e.entity) for e in session.query(AuditEvent)}
        assert session.get(YoungPerson, mia.id) is not None
    assert ("pc.test", AuditAction.CREATED, "young_person") in events
    assert ("pc.test", AuditAction.VIEWED, "young_person") in events
    assert ("cw", AuditAction.REFUSED, "community_resolution") in events


def test_the_demo_record_timeline_has_every_kind(demo_services: Services, everyone: Actor) -> None:
    from diversion_app.persistence.models import Closure, Referral

    with demo_services.ctx.read_only() as session:
        person_id = (
            session.query(Referral.young_person_id)
            .join(Closure, Closure.referral_id == Referral.id)
            .first()[0]
        )
    record = demo_services.young_person_record.open(everyone, person_id)
    kinds = {entry.kind for entry in record.timeline}
    assert {"Referral", "Contact", "Visit", "Assessment", "Programme", "Closure"} <= kinds
    stamps = [entry.at for entry in record.timeline]
    assert stamps == sorted(stamps, reverse=True)
    assert record.age == 0 or record.date_of_birth < date(2026, 11, 28)


def test_search_by_postcode_and_police_identifier_as_typed(services: Services) -> None:
    editor = services.young_person_editor
    mia = editor.create(OFFICER, replace(MIA, local_person_id="lp0012345", pnc_id="26/123456X"))
    editor.create(
        OFFICER,
        replace(
            MIA,
            given_name="Ava",
            family_name="Price",
            address_line1="9 Far Lane",
            postcode="DM1 1AA",
        ),
    )
    search = services.young_people

    def found(text: str) -> list[int]:
        return [row.id for row in search.search(OFFICER, PageRequest(text=text))]

    assert found("LP001") == [mia.id]
    assert found("lp0012345") == [mia.id]
    assert found("26/1234") == [mia.id]
    assert found("dm5 3") == [mia.id]
    assert found("DM53AB") == [mia.id]
    assert found("31/02/2012") == []
    assert search.count(OFFICER, "okafor") == 1


def test_the_cr_form_starts_with_the_officers_name_and_collar_number(
    demo_services: Services,
) -> None:
    from diversion_app.persistence.models import User

    with demo_services.ctx.read_only() as session:
        officer = session.query(User).filter_by(username="officer").one()
        actor = Actor(officer.id, officer.username, officer.display_name, frozenset({Role.OFFICER}))
    assert demo_services.community_resolutions.officer_defaults(actor) == (
        "PC Demo Officer",
        "4521",
    )
    assert demo_services.community_resolutions.officer_defaults(OFFICER) == ("PC Test", "")


def test_short_words_match_the_start_of_a_name_part(services: Services) -> None:
    editor = services.young_person_editor
    oneill = editor.create(
        OFFICER, replace(MIA, given_name="Zoë", family_name="O'Neill", address_line1="1 Road")
    )
    ali = editor.create(
        OFFICER, replace(MIA, given_name="Zoe", family_name="Ali", address_line1="2 Road")
    )
    search = services.young_people

    def found(text: str) -> set[int]:
        return {row.id for row in search.search(OFFICER, PageRequest(text=text))}

    assert found("zoe o") == {oneill.id}
    assert found("zoe") == {oneill.id, ali.id}
    assert found("li") == set()
    assert found("ali") == {ali.id}
    assert found("neil") == {oneill.id}
    assert found("50%") == set()


def test_moving_to_a_new_address_checks_it_and_keeps_the_siblings_behind(
    services: Services,
) -> None:
    from diversion_app.domain.young_person_rules import AddressDraft

    editor, households = services.young_person_editor, services.households
    mia = editor.create(OFFICER, MIA)
    tomas = editor.create(
        OFFICER,
        replace(MIA, given_name="Tomás", date_of_birth="14/07/2013"),
        join_household_id=mia.household_id,
    )
    with pytest.raises(ValidationError) as error:
        households.move_young_person(
            OFFICER, mia.id, new_address=AddressDraft("", Area.EAST, postcode="nope")
        )
    assert set(error.value.problems) == {"address_line1", "postcode"}
    new_home = households.move_young_person(
        OFFICER, mia.id, new_address=AddressDraft("4 New Road", Area.WEST, postcode="dm9 2ab")
    )
    moved = services.young_person_record.open(OFFICER, mia.id)
    assert moved.household_id == new_home != mia.household_id
    assert moved.address == "4 New Road, DM9 2AB" and moved.siblings == ()
    assert services.young_person_record.open(OFFICER, tomas.id).household_id == mia.household_id
