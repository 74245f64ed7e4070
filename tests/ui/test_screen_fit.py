"""Every button of every main page and dialog can be reached on a 1366x768 laptop and at 150%.

Each size runs ``tests.ui.fit_walk`` in its own process, whose offscreen screen is exactly the
area a window may use: 1366x698 (1366x768 less a task bar) and 911x442 (the same at 150%).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("width", "height"), [(1366, 698), (911, 442)])
def test_every_button_is_within_the_screen_as_each_role(
    tmp_path: Path, width: int, height: int
) -> None:
    screen = tmp_path / "screen.json"
    screen.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "laptop",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}"}
    result = subprocess.run(
        [sys.executable, "-m", "tests.ui.fit_walk"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    problems = [line for line in result.stdout.splitlines() if line.strip()]
    assert problems == []


def test_a_tall_dialog_scrolls_its_body_and_keeps_its_buttons_in_view(qtbot: object) -> None:
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout

    from diversion_app.ui.widgets.screen_fit import available_area, fit_window

    class TallDialog(QDialog):
        pass

    TallDialog.__module__ = "diversion_app.ui.example"
    dialog = TallDialog()
    layout = QVBoxLayout(dialog)
    for index in range(80):
        layout.addWidget(QLabel(f"Line {index}"))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    layout.addWidget(buttons)
    area = available_area(dialog)
    dialog.resize(400, area.height() * 3)
    fit_window(dialog)
    assert dialog.height() <= area.height()
    scroll = dialog.findChild(QScrollArea)
    assert scroll is not None
    assert buttons.parentWidget() is dialog  # the button row stays outside the scroll area
    assert not scroll.widget().isAncestorOf(buttons)
    dialog.deleteLater()
