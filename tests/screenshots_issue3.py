"""Renders the issue 3 screens offscreen to PNG: ``python -m tests.screenshots_issue3``.

Search, a record with its timeline, the Community Resolution form (with a refused
save), the "comes to notice again" offer and the duplicate check, from a seeded demo.
"""

from __future__ import annotations

import sys

from tests.screenshot_support import NOW, save, scene


def main() -> int:
    import sqlalchemy as sa

    from diversion_app.app import LOCAL_ACTOR
    from diversion_app.domain.ages import age_on
    from diversion_app.domain.enums import OffenceCategory, RestorativeAction, VictimType
    from diversion_app.persistence import models as m
    from diversion_app.ui.main_window import MainWindow
    from diversion_app.ui.people.community_resolution_dialog import CommunityResolutionDialog
    from diversion_app.ui.people.young_people_page import YoungPeoplePage

    with scene() as demo:
        app, ctx, services = demo.app, demo.ctx, demo.services

        def shoot(widget: object, name: str) -> None:
            app.processEvents()
            save(widget, f"issue3-{name}.png")

        window = MainWindow(services, LOCAL_ACTOR, "demo.db")
        window.resize(1280, 800)
        window.show()
        page = window.show_page("Young people")
        assert isinstance(page, YoungPeoplePage)
        assert page.list.search is not None
        page.list.search.setText("ok")
        page.list.apply_search()
        shoot(window, "search")

        with ctx.read_only() as session:
            person_id = session.execute(
                sa.select(m.Referral.young_person_id)
                .join(m.Closure, m.Closure.referral_id == m.Referral.id)
                .join(
                    m.CommunityResolution,
                    m.CommunityResolution.young_person_id == m.Referral.young_person_id,
                )
                .join(
                    m.HouseholdMember, m.HouseholdMember.household_id == m.Referral.young_person_id
                )
                .order_by(m.Referral.young_person_id)
                .limit(1)
            ).scalar_one()
        record = page.open_record(person_id)
        record.resize(1200, 820)
        shoot(record, "record")

        name = record.record.name if record.record else ""
        form = CommunityResolutionDialog(services, LOCAL_ACTOR, person_id, name)
        form.resize(640, 700)
        form.show()
        form.crime_reference.setText("26-000123")
        form.offence_date.setText("31/02/2026")
        form.offence_category.setCurrentIndex(form.offence_category.findData(OffenceCategory.THEFT))
        form.offence_description.setPlainText("Took a phone charger from a shop display.")
        form.location.setText("Market Street (demo)")
        form.collar_number.setText("4521")
        form.accepted_responsibility.setChecked(True)
        form.appropriate_adult_present.setChecked(True)
        form.victim_type.setCurrentIndex(form.victim_type.findData(VictimType.BUSINESS))
        form.victim_consulted.setChecked(True)
        form.victim_views.setPlainText("Content with an apology and the item returned.")
        form.action_boxes[RestorativeAction.APOLOGY].setChecked(True)
        form.authorised_by.setText("Sgt Demo Sergeant")
        form.save()
        shoot(form, "cr-form")
        form.crime_reference.setText("CR/26/000123")
        with ctx.read_only() as session:
            born = session.get(m.YoungPerson, person_id).date_of_birth  # type: ignore[union-attr]
        offence = NOW.date().replace(day=20)
        if not 10 <= age_on(born, offence) <= 17:
            offence = born.replace(year=born.year + 15)
        form.offence_date.setText(offence.strftime("%d/%m/%Y"))
        form.save()
        shoot(form, "cr-comes-to-notice")
        form.close()
        record.close()

        dialog = page.add_young_person()
        draft = services.young_person_editor.draft_for(LOCAL_ACTOR, person_id)
        dialog.given_name.setText(draft.given_name.upper())
        dialog.family_name.setText(draft.family_name)
        dialog.date_of_birth.setText(draft.date_of_birth)
        dialog.address_line1.setText(draft.address_line1)
        dialog.postcode.setText(draft.postcode)
        dialog.save()
        shoot(dialog, "duplicate-check")
        dialog.reject()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
