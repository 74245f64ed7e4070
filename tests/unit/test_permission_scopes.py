"""The scope rules beside the permission table: own referrals, own area; roles combine."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from diversion_app.domain.enums import Role
from diversion_app.domain.permissions import (
    PERMISSIONS,
    may_do_school_work,
    may_work_referral,
    permissions_for,
)


def test_a_caseworker_works_only_their_own_referrals() -> None:
    caseworker = {Role.CASEWORKER}
    assert may_work_referral(caseworker, 7, 7)
    assert not may_work_referral(caseworker, 7, 8)
    assert not may_work_referral(caseworker, 7, None)
    assert not may_work_referral(caseworker, None, None)
    assert may_work_referral({Role.SUPERVISOR}, 7, 8)
    assert not may_work_referral({Role.OFFICER}, 7, 7)
    assert not may_work_referral({Role.ADMINISTRATOR}, 7, 7)


def test_a_spoc_does_school_work_only_in_their_own_area() -> None:
    assert may_do_school_work({Role.SPOC}, ["south"], "south")
    assert not may_do_school_work({Role.SPOC}, ["south"], "east")
    assert may_do_school_work({Role.SUPERVISOR}, [], "west")
    assert not may_do_school_work({Role.CASEWORKER}, ["south"], "south")


@given(st.sets(st.sampled_from(list(Role))))
def test_holding_several_roles_gives_the_union_of_their_permissions(roles: set[Role]) -> None:
    expected = set().union(*(PERMISSIONS[role] for role in roles)) if roles else set()
    assert permissions_for(roles) == expected
