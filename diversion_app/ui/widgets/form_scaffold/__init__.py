"""The one form scaffold every form is built with; import its names from here.

Its parts:

- ``problems``: a refused save shown one way (one summary with one heading, each problem
  once under its field, the cursor on the first problem, a screen reader told), with
  ``FieldProblems`` for a form's error lines and ``announce`` for anything else a screen
  reader must hear (the 48-hour clock's changes, the overdue banner);
- ``rows``: ``FormRows``, a form layout whose rows carry their error lines;
- ``fields``: plain-text labels, text and password boxes, ``EnumCombo``, notices;
- ``dates``: the one UK date input and reading it back;
- ``limits``: typing stops at the schema's maximum for each field;
- ``tab_order``: Tab follows the screen (``tab_in_layout_order``, ``quiet_scroll_areas``);
- ``actions``: Save and Cancel, ``submit``, ``inform``.
"""

from diversion_app.ui.widgets.form_scaffold.actions import inform, save_cancel_buttons, submit
from diversion_app.ui.widgets.form_scaffold.dates import date_field, read_date, required_date
from diversion_app.ui.widgets.form_scaffold.fields import (
    READ_ONLY_TEXT,
    EnumCombo,
    enum_combo,
    notice,
    password_field,
    plain_label,
    read_only_notice,
    required_choice,
    select_data,
    text_field,
)
from diversion_app.ui.widgets.form_scaffold.limits import limit_for, limit_text_box, limit_typing
from diversion_app.ui.widgets.form_scaffold.problems import (
    ANNOUNCER,
    ERROR_COLOUR,
    ERROR_STYLE,
    SAVE_ERRORS,
    SUMMARY_STYLE,
    FieldProblems,
    announce,
    clear_problems,
    error_label,
    heading_for,
    show_message,
    show_problem,
    show_problems,
)
from diversion_app.ui.widgets.form_scaffold.rows import FormRows
from diversion_app.ui.widgets.form_scaffold.tab_order import (
    controls_in_layout_order,
    quiet_scroll_areas,
    tab_in_layout_order,
)

__all__ = [
    "ANNOUNCER",
    "ERROR_COLOUR",
    "ERROR_STYLE",
    "READ_ONLY_TEXT",
    "SAVE_ERRORS",
    "SUMMARY_STYLE",
    "EnumCombo",
    "FieldProblems",
    "FormRows",
    "announce",
    "clear_problems",
    "controls_in_layout_order",
    "date_field",
    "enum_combo",
    "error_label",
    "heading_for",
    "inform",
    "limit_for",
    "limit_text_box",
    "limit_typing",
    "notice",
    "password_field",
    "plain_label",
    "quiet_scroll_areas",
    "read_date",
    "read_only_notice",
    "required_choice",
    "required_date",
    "save_cancel_buttons",
    "select_data",
    "show_message",
    "show_problem",
    "show_problems",
    "submit",
    "tab_in_layout_order",
    "text_field",
]
