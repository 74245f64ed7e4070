"""The permission table: which role may do what. The one place this is decided.

Services check it (``services.permissions.require``); screens only use it to hide
what a person could not do anyway. Scope rules (a caseworker changes only the
referrals allocated to them, a SPOC works in their own area) sit beside it here.
"""

from __future__ import annotations

from collections.abc import Iterable

from diversion_app.domain.enums import LabelledEnum, Role


class Permission(LabelledEnum):
    VIEW_CASES = "view_cases"
    """A young person's details, household and referrals (not case notes); outside one's own
    caseload, area or school list only with a reason (``services/base/access``)."""
    READ_CASE_NOTES = "read_case_notes"
    """Contacts and their notes, visits, assessments, programmes, closures and follow-ups."""
    EDIT_YOUNG_PERSON = "edit_young_person"
    RECORD_CR = "record_cr"
    MAKE_REFERRAL = "make_referral"
    ALLOCATE = "allocate"
    WORK_REFERRAL = "work_referral"
    """Record contacts, visits, assessments, programmes, closure requests on a referral."""
    WORK_ANY_REFERRAL = "work_any_referral"
    """The same on referrals not allocated to you."""
    APPROVE = "approve"
    """Sign off assessments, approve closures."""
    SCHOOL_WORK = "school_work"
    SCHOOL_WORK_ANY_AREA = "school_work_any_area"
    MANAGE_REFERENCE_LISTS = "manage_reference_lists"
    PRINT_REPORTS = "print_reports"
    """Print one's own caseload and the period performance report."""
    PRINT_TEAM_CASELOAD = "print_team_caseload"
    """Print another caseworker's, an area's or the whole team's caseload."""
    SUBJECT_ACCESS = "subject_access"
    """Track subject access requests and make the subject access pack."""
    EXPORT_DATA = "export_data"
    EXPORT_DIARY = "export_diary"
    """Export a diary to a calendar file (a caseworker their own; a supervisor anyone's)."""
    READ_AUDIT = "read_audit"
    MANAGE_ACCOUNTS = "manage_accounts"
    SET_RETENTION = "set_retention"
    """Change the retention period of each disposal type."""
    REVIEW_RETENTION = "review_retention"
    """Review records past their period: keep, dispose of, or hold them."""


P = Permission

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OFFICER: frozenset({P.VIEW_CASES, P.EDIT_YOUNG_PERSON, P.RECORD_CR, P.MAKE_REFERRAL}),
    Role.SPOC: frozenset({P.VIEW_CASES, P.EDIT_YOUNG_PERSON, P.MAKE_REFERRAL, P.SCHOOL_WORK}),
    Role.CASEWORKER: frozenset(
        {
            P.VIEW_CASES,
            P.READ_CASE_NOTES,
            P.EDIT_YOUNG_PERSON,
            P.MAKE_REFERRAL,
            P.WORK_REFERRAL,
            P.PRINT_REPORTS,
            P.EXPORT_DIARY,
        }
    ),
    Role.SUPERVISOR: frozenset(
        {
            P.VIEW_CASES,
            P.READ_CASE_NOTES,
            P.EDIT_YOUNG_PERSON,
            P.RECORD_CR,
            P.MAKE_REFERRAL,
            P.ALLOCATE,
            P.WORK_REFERRAL,
            P.WORK_ANY_REFERRAL,
            P.APPROVE,
            P.SCHOOL_WORK,
            P.SCHOOL_WORK_ANY_AREA,
            P.MANAGE_REFERENCE_LISTS,
            P.PRINT_REPORTS,
            P.PRINT_TEAM_CASELOAD,
            P.EXPORT_DATA,
            P.EXPORT_DIARY,
            P.READ_AUDIT,
            P.SUBJECT_ACCESS,
            P.REVIEW_RETENTION,
        }
    ),
    Role.ADMINISTRATOR: frozenset(
        {P.MANAGE_ACCOUNTS, P.MANAGE_REFERENCE_LISTS, P.READ_AUDIT, P.SET_RETENTION}
    ),
}


def permissions_for(roles: Iterable[Role]) -> frozenset[Permission]:
    granted: set[Permission] = set()
    for role in roles:
        granted |= PERMISSIONS[role]
    return frozenset(granted)


def allows(roles: Iterable[Role], permission: Permission) -> bool:
    return permission in permissions_for(roles)


def may_work_referral(
    roles: Iterable[Role], user_id: int | None, caseworker_id: int | None
) -> bool:
    """A caseworker changes only referrals allocated to them; a supervisor changes any."""
    granted = permissions_for(roles)
    if Permission.WORK_ANY_REFERRAL in granted:
        return True
    return Permission.WORK_REFERRAL in granted and user_id is not None and user_id == caseworker_id


def may_do_school_work(roles: Iterable[Role], own_areas: Iterable[str], area: str) -> bool:
    """A SPOC records school work in their own area; a supervisor in any."""
    granted = permissions_for(roles)
    if Permission.SCHOOL_WORK_ANY_AREA in granted:
        return True
    return Permission.SCHOOL_WORK in granted and area in set(own_areas)
