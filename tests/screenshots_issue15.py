"""Renders the stale-save refusal (issue 15) offscreen to PNG.

Run with ``python -m tests.screenshots_issue15``: an empty database, two officers; Ben
opens a young person, Anna saves a change, Ben's save is refused and he reloads with his
typing kept beside the new values.
"""

from __future__ import annotations

import dataclasses
import sys
from datetime import date

from tests.screenshot_support import save, scene


def main() -> int:
    from PySide6.QtWidgets import QMessageBox

    from diversion_app.domain.enums import Role
    from diversion_app.services.base.stale import StaleRecord
    from diversion_app.ui.people.young_person_dialog import YoungPersonDialog
    from diversion_app.ui.widgets.stale_save import KEEP_EDITING_TEXT, RELOAD_TEXT
    from tests.factories import add_child, add_user

    with scene(young_people=0) as demo:
        services = demo.services
        anna = add_user(demo.ctx, "anna", "Anna Officer", Role.OFFICER)
        ben = add_user(demo.ctx, "ben", "Ben Officer", Role.OFFICER)
        person_id = add_child(demo.ctx, date(2011, 4, 2), given="Kai", family="Moran")
        dialog = YoungPersonDialog(services, ben, person_id)
        dialog.resize(640, 740)
        dialog.show()
        draft = services.young_person_editor.draft_for(anna, person_id)
        services.young_person_editor.update(
            anna, person_id, dataclasses.replace(draft, preferred_name="Kaiden", town="Northby")
        )
        dialog.pnc_id.setText("26/1234567X")
        dialog.town.setText("Southby")

        def ask(parent: object, error: StaleRecord) -> bool:
            box = QMessageBox()
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle("Changed by someone else")
            box.setText(str(error))
            box.addButton(RELOAD_TEXT, QMessageBox.ButtonRole.AcceptRole)
            box.addButton(KEEP_EDITING_TEXT, QMessageBox.ButtonRole.RejectRole)
            box.show()
            demo.app.processEvents()
            save(box, "issue15-stale-save-refused.png")
            box.close()
            return True

        dialog.stale_save.ask = ask
        dialog.save_button.click()
        demo.app.processEvents()
        save(dialog, "issue15-stale-save-reloaded.png")
        dialog.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
