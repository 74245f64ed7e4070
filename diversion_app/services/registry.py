"""All the services, built once over one context: what the GUI and the command line are handed."""

from __future__ import annotations

from dataclasses import dataclass

from diversion_app.services.accounts.accounts import AccountsService
from diversion_app.services.accounts.admin_lists import AdminService
from diversion_app.services.accounts.clock_settings import ClockSettingsService
from diversion_app.services.accounts.own_password import OwnPasswordService
from diversion_app.services.accounts.settings import SettingsService
from diversion_app.services.base.context import ServiceContext
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


@dataclass
class Services:
    ctx: ServiceContext
    young_people: YoungPeopleService
    referral_list: ReferralListService
    dashboard: DashboardService
    dashboard_as_of: DashboardAsOfService
    diary: DiaryService
    schools: SchoolsService
    caseload: CaseloadService
    admin: AdminService
    accounts: AccountsService
    clock_settings: ClockSettingsService
    visits: VisitService
    calendar_export: CalendarExportService
    assessments: AssessmentService
    programmes: ProgrammeService
    closures: ClosureService
    follow_ups: FollowUpService
    referral_record: ReferralRecordService
    allocation: AllocationService
    contacts: ContactService
    no_carer: NoCarerService
    clock_watch: ClockWatchService
    reports: ReportService
    exports: ExportService
    young_person_editor: YoungPersonEditor
    young_person_record: YoungPersonRecordService
    access: AccessService
    subject_access: SubjectAccessService
    households: HouseholdService
    community_resolutions: CommunityResolutionService
    cr_changes: CommunityResolutionChanges
    school_admin: SchoolAdminService
    school_work: SchoolWorkService
    school_lists: SchoolWorkListService
    deadlines: DeadlineService
    snapshots: SnapshotService
    police_outcome: PoliceOutcomeService
    turnaround: TurnaroundService
    kpi: KpiService
    household_contacts: HouseholdContactsService
    settings: SettingsService
    own_password: OwnPasswordService
    today: TodayService
    retention_periods: RetentionPeriodService
    retention_reviews: RetentionReviewService

    @classmethod
    def build(cls, ctx: ServiceContext) -> Services:
        return cls(
            ctx=ctx,
            young_people=YoungPeopleService(ctx),
            referral_list=ReferralListService(ctx),
            dashboard=DashboardService(ctx),
            dashboard_as_of=DashboardAsOfService(ctx),
            diary=DiaryService(ctx),
            schools=SchoolsService(ctx),
            caseload=CaseloadService(ctx),
            admin=AdminService(ctx),
            accounts=AccountsService(ctx),
            clock_settings=ClockSettingsService(ctx),
            visits=VisitService(ctx),
            calendar_export=CalendarExportService(ctx),
            assessments=AssessmentService(ctx),
            programmes=ProgrammeService(ctx),
            closures=ClosureService(ctx),
            follow_ups=FollowUpService(ctx),
            referral_record=ReferralRecordService(ctx),
            allocation=AllocationService(ctx),
            contacts=ContactService(ctx),
            no_carer=NoCarerService(ctx),
            clock_watch=ClockWatchService(ctx),
            reports=ReportService(ctx),
            exports=ExportService(ctx),
            young_person_editor=YoungPersonEditor(ctx),
            young_person_record=YoungPersonRecordService(ctx),
            access=AccessService(ctx),
            subject_access=SubjectAccessService(ctx),
            households=HouseholdService(ctx),
            community_resolutions=CommunityResolutionService(ctx),
            cr_changes=CommunityResolutionChanges(ctx),
            school_admin=SchoolAdminService(ctx),
            school_work=SchoolWorkService(ctx),
            school_lists=SchoolWorkListService(ctx),
            deadlines=DeadlineService(ctx),
            snapshots=SnapshotService(ctx),
            police_outcome=PoliceOutcomeService(ctx),
            turnaround=TurnaroundService(ctx),
            kpi=KpiService(ctx),
            household_contacts=HouseholdContactsService(ctx),
            settings=SettingsService(ctx),
            own_password=OwnPasswordService(ctx),
            today=TodayService(ctx),
            retention_periods=RetentionPeriodService(ctx),
            retention_reviews=RetentionReviewService(ctx),
        )
