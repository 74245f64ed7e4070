"""Renders the screens issue 14 changed to PNG: the referral record with "no parent or
carer to contact", the Administration page's due-soon field, the possible-duplicate
question when adding a young person, and a caseload summary printed as of a past day.

``python -m tests.screenshots_issue14`` writes resources/screenshots/issue14-*.png from a
seeded demo database at a fixed "now", so the pictures are reproducible.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from tests.screenshot_support import OUT, demo_actor, save, scene

SIZE = (1366, 768)


def main() -> int:
    import sqlalchemy as sa

    from diversion_app.domain.enums import Area, Ethnicity, Gender, ReferralStatus, Role
    from diversion_app.domain.young_person_rules import YoungPersonDraft
    from diversion_app.persistence.models import Referral, YoungPerson
    from diversion_app.services.reports.caseload_data import CaseloadScope
    from diversion_app.ui.main_window import MainWindow
    from diversion_app.ui.referrals.referral_record import ReferralRecordWindow

    with scene(young_people=400) as demo:
        app, ctx, services = demo.app, demo.ctx, demo.services
        supervisor = demo_actor(ctx, "supervisor", Role.SUPERVISOR)
        with ctx.read_only() as session:
            referral_id = session.execute(
                sa.select(Referral.id)
                .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
                .where(
                    Referral.status == ReferralStatus.ALLOCATED,
                    Referral.clock_met_at.is_(None),
                    YoungPerson.date_of_birth <= date(2009, 12, 31),
                )
                .order_by(Referral.received_at.desc())
                .limit(1)
            ).scalar_one()
        services.no_carer.record(
            supervisor,
            referral_id,
            "17 and living independently in supported lodgings; no parent or carer involved.",
        )
        record = ReferralRecordWindow(services, supervisor, referral_id)
        record.resize(*SIZE)
        record.show()
        app.processEvents()
        save(record, "issue14-referral-no-parent-or-carer.png")
        record.close()

        admin = services.accounts.sign_in("admin", "demo-admin-pass")
        window = MainWindow(services, admin, "demo.db")
        window.resize(*SIZE)
        window.show()
        window.show_page("Administration")
        app.processEvents()
        save(window, "issue14-administration-due-soon.png")
        window.close()

        officer = demo_actor(ctx, "supervisor", Role.SUPERVISOR)
        services.young_person_editor.create(
            officer,
            YoungPersonDraft(
                given_name="Jack",
                family_name="Smithson",
                date_of_birth="12/12/2012",
                gender=Gender.MALE,
                ethnicity=Ethnicity.WHITE,
                area=Area.EAST,
                address_line1="14 Orchard Road",
                town="Eastdemo",
                postcode="DM5 3AB",
            ),
        )
        window = MainWindow(services, supervisor, "demo.db")
        window.resize(*SIZE)
        window.show()
        page = window.show_page("Young people")
        page.add_button.click()  # type: ignore[attr-defined]
        dialog = page.add_dialog  # type: ignore[attr-defined]
        for field, text in (
            ("given_name", "Jak"),
            ("family_name", "Smithson"),
            ("date_of_birth", "12/12/2012"),
            ("address_line1", "14 Orchard Road"),
            ("town", "Eastdemo"),
            ("postcode", "DM5 3AB"),
        ):
            getattr(dialog, field).setText(text)
        dialog.gender.setCurrentIndex(dialog.gender.findText("Male"))
        dialog.save_button.click()
        app.processEvents()
        save(dialog, "issue14-possible-duplicate.png")
        dialog.reject()
        window.close()

        with tempfile.TemporaryDirectory() as folder:
            pdf = Path(folder) / "caseload.pdf"
            services.reports.write_caseload_pdf(
                supervisor, pdf, CaseloadScope(), date(2026, 11, 14)
            )
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "70",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    str(pdf),
                    str(Path(folder) / "page"),
                ],
                check=True,
            )
            page_png = next(Path(folder).glob("page*.png"))
            (OUT / "issue14-caseload-as-of-14-11.png").write_bytes(page_png.read_bytes())
            print(f"wrote {OUT / 'issue14-caseload-as-of-14-11.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
