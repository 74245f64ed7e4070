"""When a save is refused because someone else changed the record: say who, offer a reload.

``StaleSave`` is the one piece every editing form uses. Given the form's fields and a
way to load the record again, it handles a ``StaleRecord`` refusal: a dialog names who
changed the record and when, and offers to reload. On reload the form shows the newly
saved values and, in a panel above the fields, the user's own typing beside each value
that differs, with a button to put their typing back into that field. Nothing the user
typed is lost; nothing is saved until they press Save again.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from diversion_app.services.base.stale import StaleRecord

RELOAD_TEXT = "&Reload, keeping my typing"
KEEP_EDITING_TEXT = "&Not now"
TICKED_SEPARATOR = "; "
"""Between the ticked rows of a list with tick boxes, as ``widget_text`` gives them."""


def _ticked_rows(widget: QListWidget) -> list[str]:
    """The texts of a list's ticked rows, in list order."""
    return [
        widget.item(row).text()
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    ]


def _tick_rows(widget: QListWidget, text: str) -> None:
    """Tick exactly the rows named in ``text`` (``widget_text`` of a list); others unticked."""
    wanted = set(text.split(TICKED_SEPARATOR)) if text else set()
    for row in range(widget.count()):
        item = widget.item(row)
        if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            ticked = Qt.CheckState.Checked if item.text() in wanted else Qt.CheckState.Unchecked
            item.setCheckState(ticked)


def widget_text(widget: QWidget) -> str:
    """What a field shows, as words (a tick box or option is "Yes" or "No"; a list with
    tick boxes, its ticked rows' texts joined by ``TICKED_SEPARATOR``)."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return "Yes" if widget.isChecked() else "No"
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QListWidget):
        return TICKED_SEPARATOR.join(_ticked_rows(widget))
    return ""


def put_text(widget: QWidget, text: str) -> None:
    """Put ``text`` back into a field (the opposite of ``widget_text``)."""
    if isinstance(widget, QLineEdit):
        widget.setText(text)
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        widget.setPlainText(text)
    elif isinstance(widget, QComboBox):
        index = widget.findText(text)
        if index >= 0:
            widget.setCurrentIndex(index)
    elif isinstance(widget, QAbstractButton) and widget.isCheckable():
        widget.setChecked(text == "Yes")
    elif isinstance(widget, QAbstractSpinBox):
        widget.lineEdit().setText(text)
        widget.interpretText()
    elif isinstance(widget, QListWidget):
        _tick_rows(widget, text)


@dataclass(frozen=True)
class Difference:
    field: str
    label: str
    mine: str
    saved: str


def differences(
    fields: Mapping[str, QWidget],
    mine: Mapping[str, str],
    saved: Mapping[str, str],
    opened: Mapping[str, str] | None = None,
) -> list[Difference]:
    """Each field the user changed (from ``opened``, what the form first showed) whose
    typing now differs from the newly saved value, in form order."""
    found = []
    for field, widget in fields.items():
        typed = opened is None or mine.get(field, "") != opened.get(field, "")
        if typed and mine.get(field, "") != saved.get(field, ""):
            label = widget.accessibleName() or field.replace("_", " ").capitalize()
            found.append(Difference(field, label, mine.get(field, ""), saved.get(field, "")))
    return found


def _shown(text: str) -> str:
    return f"“{text}”" if text else "(empty)"


class YourTypingPanel(QFrame):
    """Above a reloaded form: the user's typing beside each newly saved value that differs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("yourTypingPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#yourTypingPanel { background: #fff8e1; border: 1px solid #c79100; }")
        self.setAccessibleName("Your typing beside the new values")
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: 600;")
        layout.addWidget(self.heading)
        self.rows = QGridLayout()
        self.rows.setColumnStretch(1, 1)
        layout.addLayout(self.rows)
        self.use_buttons: dict[str, QPushButton] = {}
        self.hide()

    def show_differences(
        self, fields: Mapping[str, QWidget], found: list[Difference], changed_by: str
    ) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        self.use_buttons = {}
        if not found:
            self.heading.setText(
                f"The form now shows what {changed_by} saved. Nothing you had typed "
                "differs from it; check the form and save again if you still need to."
            )
        else:
            self.heading.setText(
                f"The form now shows what {changed_by} saved. Where your typing was "
                "different it is below: press 'Use mine' to put it back, then Save."
            )
        for row, difference in enumerate(found):
            text = QLabel(
                f"{difference.label}: you typed {_shown(difference.mine)}; "
                f"now saved {_shown(difference.saved)}"
            )
            text.setWordWrap(True)
            button = QPushButton("Use mine")
            button.setAccessibleName(f"Use my typing for {difference.label}")
            widget = fields[difference.field]
            button.clicked.connect(
                lambda _checked=False, w=widget, t=difference.mine, b=button: self._use(w, t, b)
            )
            self.rows.addWidget(text, row, 0, 1, 2)
            self.rows.addWidget(button, row, 2)
            self.use_buttons[difference.field] = button
        self.show()

    def _use(self, widget: QWidget, text: str, button: QPushButton) -> None:
        put_text(widget, text)
        button.setEnabled(False)
        button.setText("Put back")
        widget.setFocus()


def ask_to_reload(parent: QWidget, error: StaleRecord) -> bool:
    """The refusal in plain words; True if the user chose to reload."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Changed by someone else")
    box.setText(str(error))
    reload = box.addButton(RELOAD_TEXT, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(KEEP_EDITING_TEXT, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(reload)
    box.exec()
    return box.clickedButton() is reload


class StaleSave:
    """Wire a form to the refusal: ``handle(error)`` asks, reloads, and shows the typing.

    ``fields`` gives the form's fields by name; ``reload`` loads the saved record (and its
    new edit stamp) into them; ``panel`` is where the user's typing is shown. The form calls
    ``remember_opened`` once it has loaded the record, so only what the user changed is
    offered back (a field they never touched takes the other person's value).
    ``ask`` is the question (replaced in tests by a function that answers it).
    """

    def __init__(
        self,
        parent: QWidget,
        fields: Callable[[], Mapping[str, QWidget]],
        reload: Callable[[], None],
        panel: YourTypingPanel,
        ask: Callable[[QWidget, StaleRecord], bool] = ask_to_reload,
    ) -> None:
        self.parent = parent
        self.fields = fields
        self.reload = reload
        self.panel = panel
        self.ask = ask
        self.opened: dict[str, str] | None = None

    def _texts(self) -> dict[str, str]:
        return {field: widget_text(widget) for field, widget in self.fields().items()}

    def remember_opened(self, only: Collection[str] | None = None) -> None:
        """Note what the form shows as loaded (before the user types); ``only`` those
        fields when one part of a form is loaded again (another row chosen in it)."""
        if only is None or self.opened is None:
            self.opened = self._texts()
            return
        texts = self._texts()
        self.opened.update({field: texts[field] for field in only if field in texts})

    def handle(self, error: StaleRecord) -> bool:
        """True if the form was reloaded (the user's typing is then in the panel)."""
        if not self.ask(self.parent, error):
            return False
        fields = self.fields()
        mine = self._texts()
        opened = self.opened
        self.reload()
        saved = self._texts()
        self.opened = saved
        found = differences(fields, mine, saved, opened)
        self.panel.show_differences(fields, found, error.changed_by)
        return True

    def handle_if_stale(self, error: Exception | None) -> bool:
        """For forms whose refusals are shown by ``form_support.Problems``: if the refusal
        just shown (``Problems.last_error``) was a stale save, ask and reload (``handle``)."""
        return isinstance(error, StaleRecord) and self.handle(error)
