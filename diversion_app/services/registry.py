"""All the services over one context: what the GUI and the command line are handed.

Each service is made the first time it is asked for (``services.diary``), its module
imported then: a start needs the dashboard's few services, not the hundred modules
behind every page (importing them all took about half a second of each start).
"""

from __future__ import annotations

import importlib
import threading
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from diversion_app.services.base.context import ServiceContext

if TYPE_CHECKING:
    from diversion_app.services.accounts.accounts import AccountsService
    from diversion_app.services.accounts.admin_lists import AdminService
    from diversion_app.services.accounts.clock_settings import ClockSettingsService
    from diversion_app.services.accounts.own_password import OwnPasswordService
    from diversion_app.services.accounts.settings import SettingsService
    from diversion_app.services.casework.assessments import AssessmentService
    from diversion_app.services.casework.calendar_export import CalendarExportService
    from diversion_app.services.casework.closures import ClosureService
    from diversion_app.services.casework.diary import DiaryService
    from diversion_app.services.casework.follow_ups import FollowUpService
    from diversion_app.services.casework.programmes import ProgrammeService
    from diversion_app.services.casework.snapshots import SnapshotService
    from diversion_app.services.casework.visits import VisitService
    from diversion_app.services.people.access_log import AccessService
    from diversion_app.services.people.community_resolutions import CommunityResolutionService
    from diversion_app.services.people.cr_changes import CommunityResolutionChanges
    from diversion_app.services.people.household_contacts import HouseholdContactsService
    from diversion_app.services.people.households import HouseholdService
    from diversion_app.services.people.record import YoungPersonRecordService
    from diversion_app.services.people.subject_access import SubjectAccessService
    from diversion_app.services.people.young_people import YoungPeopleService, YoungPersonEditor
    from diversion_app.services.referrals.allocation import AllocationService
    from diversion_app.services.referrals.clock_watch import ClockWatchService
    from diversion_app.services.referrals.contacts import ContactService
    from diversion_app.services.referrals.dashboard import DashboardService
    from diversion_app.services.referrals.deadlines import DeadlineService
    from diversion_app.services.referrals.no_carer import NoCarerService
    from diversion_app.services.referrals.police_outcome import PoliceOutcomeService
    from diversion_app.services.referrals.record import ReferralRecordService
    from diversion_app.services.referrals.referral_list import ReferralListService
    from diversion_app.services.referrals.today import TodayService
    from diversion_app.services.referrals.turnaround import TurnaroundService
    from diversion_app.services.reports.caseload_figures import CaseloadService
    from diversion_app.services.reports.dashboard_as_of import DashboardAsOfService
    from diversion_app.services.reports.exports import ExportService
    from diversion_app.services.reports.kpi_return import KpiService
    from diversion_app.services.reports.printing import ReportService
    from diversion_app.services.retention.periods import RetentionPeriodService
    from diversion_app.services.retention.reviews import RetentionReviewService
    from diversion_app.services.schools.admin import SchoolAdminService
    from diversion_app.services.schools.lists import SchoolWorkListService
    from diversion_app.services.schools.overview import SchoolsService
    from diversion_app.services.schools.work import SchoolWorkService

ServiceT = TypeVar("ServiceT")
_MAKING = threading.Lock()


class _Made(Generic[ServiceT]):
    """A service made on first use from ``module.name(ctx)`` and kept on the instance."""

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name
        self.attribute = name

    def __set_name__(self, owner: type, attribute: str) -> None:
        self.attribute = attribute

    def service_type(self) -> type:
        service_type: type = getattr(importlib.import_module(self.module), self.name)
        return service_type

    @overload
    def __get__(self, services: None, owner: type) -> _Made[ServiceT]: ...

    @overload
    def __get__(self, services: Services, owner: type) -> ServiceT: ...

    def __get__(self, services: Services | None, owner: type) -> Any:
        if services is None:
            return self
        with _MAKING:  # two threads asking at once get the same service
            made = services.__dict__.get(self.attribute)
            if made is None:
                made = services.__dict__[self.attribute] = self.service_type()(services.ctx)
        return made


class Services:
    """Every service over ``ctx``; each attribute is that service, made when first asked."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @classmethod
    def build(cls, ctx: ServiceContext) -> Services:
        return cls(ctx)

    @classmethod
    def service_types(cls) -> dict[str, type]:
        """Each service's attribute and its class (every module imported: for checks
        that go through all the services, not for a start)."""
        return {
            attribute: made.service_type()
            for attribute, made in vars(cls).items()
            if isinstance(made, _Made)
        }

    young_people: _Made[YoungPeopleService] = _Made(
        "diversion_app.services.people.young_people", "YoungPeopleService"
    )
    referral_list: _Made[ReferralListService] = _Made(
        "diversion_app.services.referrals.referral_list", "ReferralListService"
    )
    dashboard: _Made[DashboardService] = _Made(
        "diversion_app.services.referrals.dashboard", "DashboardService"
    )
    dashboard_as_of: _Made[DashboardAsOfService] = _Made(
        "diversion_app.services.reports.dashboard_as_of", "DashboardAsOfService"
    )
    diary: _Made[DiaryService] = _Made("diversion_app.services.casework.diary", "DiaryService")
    schools: _Made[SchoolsService] = _Made(
        "diversion_app.services.schools.overview", "SchoolsService"
    )
    caseload: _Made[CaseloadService] = _Made(
        "diversion_app.services.reports.caseload_figures", "CaseloadService"
    )
    admin: _Made[AdminService] = _Made(
        "diversion_app.services.accounts.admin_lists", "AdminService"
    )
    accounts: _Made[AccountsService] = _Made(
        "diversion_app.services.accounts.accounts", "AccountsService"
    )
    clock_settings: _Made[ClockSettingsService] = _Made(
        "diversion_app.services.accounts.clock_settings", "ClockSettingsService"
    )
    visits: _Made[VisitService] = _Made("diversion_app.services.casework.visits", "VisitService")
    calendar_export: _Made[CalendarExportService] = _Made(
        "diversion_app.services.casework.calendar_export", "CalendarExportService"
    )
    assessments: _Made[AssessmentService] = _Made(
        "diversion_app.services.casework.assessments", "AssessmentService"
    )
    programmes: _Made[ProgrammeService] = _Made(
        "diversion_app.services.casework.programmes", "ProgrammeService"
    )
    closures: _Made[ClosureService] = _Made(
        "diversion_app.services.casework.closures", "ClosureService"
    )
    follow_ups: _Made[FollowUpService] = _Made(
        "diversion_app.services.casework.follow_ups", "FollowUpService"
    )
    referral_record: _Made[ReferralRecordService] = _Made(
        "diversion_app.services.referrals.record", "ReferralRecordService"
    )
    allocation: _Made[AllocationService] = _Made(
        "diversion_app.services.referrals.allocation", "AllocationService"
    )
    contacts: _Made[ContactService] = _Made(
        "diversion_app.services.referrals.contacts", "ContactService"
    )
    no_carer: _Made[NoCarerService] = _Made(
        "diversion_app.services.referrals.no_carer", "NoCarerService"
    )
    clock_watch: _Made[ClockWatchService] = _Made(
        "diversion_app.services.referrals.clock_watch", "ClockWatchService"
    )
    reports: _Made[ReportService] = _Made(
        "diversion_app.services.reports.printing", "ReportService"
    )
    exports: _Made[ExportService] = _Made("diversion_app.services.reports.exports", "ExportService")
    young_person_editor: _Made[YoungPersonEditor] = _Made(
        "diversion_app.services.people.young_people", "YoungPersonEditor"
    )
    young_person_record: _Made[YoungPersonRecordService] = _Made(
        "diversion_app.services.people.record", "YoungPersonRecordService"
    )
    access: _Made[AccessService] = _Made(
        "diversion_app.services.people.access_log", "AccessService"
    )
    subject_access: _Made[SubjectAccessService] = _Made(
        "diversion_app.services.people.subject_access", "SubjectAccessService"
    )
    households: _Made[HouseholdService] = _Made(
        "diversion_app.services.people.households", "HouseholdService"
    )
    community_resolutions: _Made[CommunityResolutionService] = _Made(
        "diversion_app.services.people.community_resolutions", "CommunityResolutionService"
    )
    cr_changes: _Made[CommunityResolutionChanges] = _Made(
        "diversion_app.services.people.cr_changes", "CommunityResolutionChanges"
    )
    school_admin: _Made[SchoolAdminService] = _Made(
        "diversion_app.services.schools.admin", "SchoolAdminService"
    )
    school_work: _Made[SchoolWorkService] = _Made(
        "diversion_app.services.schools.work", "SchoolWorkService"
    )
    school_lists: _Made[SchoolWorkListService] = _Made(
        "diversion_app.services.schools.lists", "SchoolWorkListService"
    )
    deadlines: _Made[DeadlineService] = _Made(
        "diversion_app.services.referrals.deadlines", "DeadlineService"
    )
    snapshots: _Made[SnapshotService] = _Made(
        "diversion_app.services.casework.snapshots", "SnapshotService"
    )
    police_outcome: _Made[PoliceOutcomeService] = _Made(
        "diversion_app.services.referrals.police_outcome", "PoliceOutcomeService"
    )
    turnaround: _Made[TurnaroundService] = _Made(
        "diversion_app.services.referrals.turnaround", "TurnaroundService"
    )
    kpi: _Made[KpiService] = _Made("diversion_app.services.reports.kpi_return", "KpiService")
    household_contacts: _Made[HouseholdContactsService] = _Made(
        "diversion_app.services.people.household_contacts", "HouseholdContactsService"
    )
    settings: _Made[SettingsService] = _Made(
        "diversion_app.services.accounts.settings", "SettingsService"
    )
    own_password: _Made[OwnPasswordService] = _Made(
        "diversion_app.services.accounts.own_password", "OwnPasswordService"
    )
    today: _Made[TodayService] = _Made("diversion_app.services.referrals.today", "TodayService")
    retention_periods: _Made[RetentionPeriodService] = _Made(
        "diversion_app.services.retention.periods", "RetentionPeriodService"
    )
    retention_reviews: _Made[RetentionReviewService] = _Made(
        "diversion_app.services.retention.reviews", "RetentionReviewService"
    )
