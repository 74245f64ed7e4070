"""Screenshots of retention (issue 17): the review queue ten years on, the disposal form,
the decisions log, the retention periods on the Administration page, and the passphrase
asked for before the sign-in.

Run: ``.venv/bin/python -m tests.screenshots_issue17``.
"""

from __future__ import annotations

from datetime import timedelta

from tests.screenshot_support import NOW, demo_actor, save, scene


def main() -> None:
    from diversion_app.domain.enums import Role
    from diversion_app.ui.main_window import MainWindow
    from diversion_app.ui.retention.decision_dialogs import DisposeDialog
    from diversion_app.ui.retention.review_page import RetentionPage

    later = NOW + timedelta(days=3653)
    with scene(NOW, young_people=600) as s:
        s.ctx.now_provider = lambda: later
        supervisor = demo_actor(s.ctx, "supervisor", Role.SUPERVISOR)
        window = MainWindow(s.services, supervisor, "demo.db")
        window.resize(1366, 768)
        window.show()
        page = window.show_page("Retention review")
        assert isinstance(page, RetentionPage)
        page.loader.wait()
        s.app.processEvents()
        page.queue.table.selectRow(1)
        s.app.processEvents()
        save(window, "issue17-retention-queue.png")
        row = page.selected()
        assert row is not None
        dialog = DisposeDialog(
            row.name,
            row.date_of_birth,
            row.what_would_go,
            ["demo.db.backup-20290301-091500", "demo.db.backup-20330115-170210"],
            lambda _reason: None,
            window,
        )
        dialog.reason.setPlainText("Every record past its period; no open work.")
        dialog.show()
        s.app.processEvents()
        save(dialog, "issue17-dispose-form.png")
        dialog.close()
        s.services.retention_reviews.dispose(supervisor, row.young_person_id, "Past its period.")
        page.tabs.setCurrentWidget(page.log)
        page.refresh()
        page.loader.wait()
        s.app.processEvents()
        save(window, "issue17-decisions-log.png")
        admin = MainWindow(s.services, demo_actor(s.ctx, "admin", Role.ADMINISTRATOR), "demo.db")
        admin.resize(1366, 768)
        admin.show()
        admin.show_page("Administration")
        s.app.processEvents()
        save(admin, "issue17-retention-periods.png")
        from pathlib import Path

        from diversion_app.ui.accounts.unlock_dialog import UnlockDialog

        unlock = UnlockDialog(Path("diversion.db"), new=False)
        unlock.passphrase.setText("a wrong passphrase")
        unlock.problem.setText(
            "The passphrase does not open diversion.db. Check it and try again; "
            "nothing in the file was changed."
        )
        unlock.problem.show()
        unlock.show()
        s.app.processEvents()
        save(unlock, "issue17-unlock-wrong-passphrase.png")


if __name__ == "__main__":
    main()
