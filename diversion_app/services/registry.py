"""All the services, built once over one context: what the GUI and the command line are handed."""

from __future__ import annotations

from dataclasses import dataclass

from diversion_app.services.accounts import AccountsService
from diversion_app.services.admin import AdminService
from diversion_app.services.allocation import AllocationService
from diversion_app.services.assessments import AssessmentService
from diversion_app.services.calendar_export import CalendarExportService
from diversion_app.services.caseload import CaseloadService
from diversion_app.services.clock_watch import ClockWatchService
from diversion_app.services.closures import ClosureService
from diversion_app.services.community_resolutions import CommunityResolutionService
from diversion_app.services.contacts import ContactService
from diversion_app.services.context import ServiceContext
from diversion_app.services.dashboard import DashboardService
from diversion_app.services.diary import DiaryService
from diversion_app.services.exports import ExportService
from diversion_app.services.follow_ups import FollowUpService
from diversion_app.services.households import HouseholdService
from diversion_app.services.programmes import ProgrammeService
from diversion_app.services.referral_record import ReferralRecordService
from diversion_app.services.referrals import ReferralListService
from diversion_app.services.reports import ReportService
from diversion_app.services.school_admin import SchoolAdminService
from diversion_app.services.school_work import SchoolWorkService
from diversion_app.services.school_work_lists import SchoolWorkListService
from diversion_app.services.schools import SchoolsService
from diversion_app.services.visits import VisitService
from diversion_app.services.young_people import YoungPeopleService, YoungPersonEditor
from diversion_app.services.young_person_record import YoungPersonRecordService


@dataclass
class Services:
    ctx: ServiceContext
    young_people: YoungPeopleService
    referral_list: ReferralListService
    dashboard: DashboardService
    diary: DiaryService
    schools: SchoolsService
    caseload: CaseloadService
    admin: AdminService
    accounts: AccountsService
    visits: VisitService
    calendar_export: CalendarExportService
    assessments: AssessmentService
    programmes: ProgrammeService
    closures: ClosureService
    follow_ups: FollowUpService
    referral_record: ReferralRecordService
    allocation: AllocationService
    contacts: ContactService
    clock_watch: ClockWatchService
    reports: ReportService
    exports: ExportService
    young_person_editor: YoungPersonEditor
    young_person_record: YoungPersonRecordService
    households: HouseholdService
    community_resolutions: CommunityResolutionService
    school_admin: SchoolAdminService
    school_work: SchoolWorkService
    school_lists: SchoolWorkListService

    @classmethod
    def build(cls, ctx: ServiceContext) -> Services:
        return cls(
            ctx=ctx,
            young_people=YoungPeopleService(ctx),
            referral_list=ReferralListService(ctx),
            dashboard=DashboardService(ctx),
            diary=DiaryService(ctx),
            schools=SchoolsService(ctx),
            caseload=CaseloadService(ctx),
            admin=AdminService(ctx),
            accounts=AccountsService(ctx),
            visits=VisitService(ctx),
            calendar_export=CalendarExportService(ctx),
            assessments=AssessmentService(ctx),
            programmes=ProgrammeService(ctx),
            closures=ClosureService(ctx),
            follow_ups=FollowUpService(ctx),
            referral_record=ReferralRecordService(ctx),
            allocation=AllocationService(ctx),
            contacts=ContactService(ctx),
            clock_watch=ClockWatchService(ctx),
            reports=ReportService(ctx),
            exports=ExportService(ctx),
            young_person_editor=YoungPersonEditor(ctx),
            young_person_record=YoungPersonRecordService(ctx),
            households=HouseholdService(ctx),
            community_resolutions=CommunityResolutionService(ctx),
            school_admin=SchoolAdminService(ctx),
            school_work=SchoolWorkService(ctx),
            school_lists=SchoolWorkListService(ctx),
        )
