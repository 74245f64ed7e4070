"""Administration > Settings: one box per setting, each validated and saved on its own.

A setting joins the panel with one entry in ``SETTING_BOXES``: a ``SettingBox`` subclass
that adds its fields (``fields`` names them), reads the stored value and its edit stamp
(``read``) and saves the typed one with that stamp (``store``, which returns a sentence
saying what changed). The box shows refusals through the one form scaffold, beside the
field, with the cursor moved there. If another administrator saved the setting after the
box read it, the save is refused naming them and when, and the box offers to reload with
the administrator's own typing kept beside the new value (``StaleSave``).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.community_resolution_rules import CrimeReferenceFormat
from diversion_app.domain.due_soon import DUE_SOON_RANGE
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.base.stale import StaleRecord
from diversion_app.services.registry import Services
from diversion_app.ui.widgets.form_scaffold import FormRows, announce, plain_label
from diversion_app.ui.widgets.stale_save import StaleSave, YourTypingPanel


class SettingBox(QGroupBox):
    """One setting: its fields, a Save button and a line saying what was saved."""

    heading = ""
    explanation = ""

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(self.heading, parent)
        self.services = services
        self.actor = actor
        self.stamp = ""
        """The setting's edit stamp as last read: handed back when it is saved."""
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(self.explanation))
        self.typing_panel = YourTypingPanel()
        layout.addWidget(self.typing_panel)
        self.form = FormRows()
        self.add_fields(self.form)
        layout.addWidget(self.form)
        row = QHBoxLayout()
        self.save_button = QPushButton("Save")
        self.save_button.setAccessibleName(f"Save {self.heading.lower()}")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        self.result = QLabel()
        self.result.setAccessibleName(f"{self.heading}: result")
        self.result.setWordWrap(True)
        row.addWidget(self.result, 1)
        layout.addLayout(row)
        self.stale = StaleSave(self, self.fields, self.read, self.typing_panel)

    def add_fields(self, form: FormRows) -> None:
        raise NotImplementedError

    def fields(self) -> Mapping[str, QWidget]:
        """The box's fields by name (what a reload offers back)."""
        raise NotImplementedError

    def read(self) -> None:
        """Show the stored value and keep its edit stamp in ``self.stamp``."""
        raise NotImplementedError

    def store(self) -> str:
        raise NotImplementedError

    def load(self) -> None:
        """Read the setting afresh (on showing the page, after saving, on F5)."""
        self.read()
        self.typing_panel.hide()
        self.stale.remember_opened()

    def save(self) -> None:
        self.result.clear()
        try:
            said = self.store()
        except ValidationError as error:
            self.form.show_problems(dict(error.problems))
            return
        except StaleRecord as error:  # another administrator saved it first
            self.form.show_message(str(error))
            if self.stale.handle(error):
                self.form.clear_problems()
            return
        except (DomainError, ServiceError) as error:
            self.form.show_message(str(error))
            return
        self.form.clear_problems()
        self.load()
        self.result.setText(said)
        announce(self.result, said, urgent=False)


class CrimeReferenceBox(SettingBox):
    heading = "Crime reference format"
    explanation = (
        "How the force's crime references look. Community Resolutions are checked against "
        "the pattern; the example and the description are shown to officers."
    )

    def add_fields(self, form: FormRows) -> None:
        self.pattern = QLineEdit()
        form.add("pattern", "&Pattern (regular expression):", self.pattern)
        self.example = QLineEdit()
        form.add("example", "E&xample:", self.example)
        self.description = QLineEdit()
        form.add("description", "Desc&ription in words:", self.description)

    def fields(self) -> Mapping[str, QWidget]:
        return {"pattern": self.pattern, "example": self.example, "description": self.description}

    def read(self) -> None:
        self.stamp = self.services.settings.crime_reference_stamp(self.actor)
        current = self.services.settings.crime_reference_format(self.actor)
        self.pattern.setText(current.pattern)
        self.example.setText(current.example)
        self.description.setText(current.description)

    def store(self) -> str:
        self.services.settings.set_crime_reference_format(
            self.actor,
            CrimeReferenceFormat(self.pattern.text(), self.example.text(), self.description.text()),
            edit_stamp=self.stamp,
        )
        return f"Saved. Crime references are now checked like {self.example.text().strip()}."


class WorkingHoursBox(SettingBox):
    heading = "Diary working hours"
    explanation = (
        "The part of the day the diary's time grid shows and suggests visits in "
        "(UK time, 24-hour clock). Visits outside it can still be booked."
    )

    def add_fields(self, form: FormRows) -> None:
        self.hours = QLineEdit()
        self.hours.setPlaceholderText("08:00-20:00")
        form.add("working_hours", "&Working hours:", self.hours)

    def fields(self) -> Mapping[str, QWidget]:
        return {"working_hours": self.hours}

    def read(self) -> None:
        self.stamp = self.services.settings.working_hours_stamp(self.actor)
        self.hours.setText(self.services.settings.working_hours(self.actor).text())

    def store(self) -> str:
        hours = self.services.settings.set_working_hours(
            self.actor, self.hours.text(), edit_stamp=self.stamp
        )
        return f"Saved. The diary's working day is now {hours.text()}."


class DueSoonBox(SettingBox):
    heading = "48-hour clock: due soon"
    explanation = (
        "An open 48-hour clock shows as due soon (amber) for this long before its due time, "
        "on every list, the dashboard, records and the caseload summary."
    )

    def add_fields(self, form: FormRows) -> None:
        self.hours = QSpinBox()
        self.hours.setRange(*DUE_SOON_RANGE)
        self.hours.setSuffix(" hours")
        self.hours.setAccessibleName("Due soon threshold in hours")
        self.hours.setMaximumWidth(160)
        form.add("due_soon_hours", "Show as &due soon in its last:", self.hours)

    def fields(self) -> Mapping[str, QWidget]:
        return {"due_soon_hours": self.hours}

    def read(self) -> None:
        self.stamp = self.services.clock_settings.due_soon_stamp()
        self.hours.setValue(self.services.clock_settings.due_soon_hours())

    def store(self) -> str:
        hours = self.hours.value()
        self.services.clock_settings.set_due_soon_hours(self.actor, hours, edit_stamp=self.stamp)
        return f"Saved: clocks show as due soon in their last {hours} hours."


SETTING_BOXES: list[type[SettingBox]] = [CrimeReferenceBox, WorkingHoursBox, DueSoonBox]
"""Every setting on the panel, in order (a new setting: one more entry here)."""


class SettingsPanel(QWidget):
    """All the setting boxes, one under another."""

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("Settings")
        heading.setObjectName("pageHeading")
        layout.addWidget(heading)
        self.boxes = [box_type(services, actor) for box_type in SETTING_BOXES]
        for box in self.boxes:
            layout.addWidget(box)

    def load(self) -> None:
        for box in self.boxes:
            box.load()
