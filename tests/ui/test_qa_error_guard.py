"""QA: an exception escaping a slot reaches the user as one plain sentence (no traceback)
and the log gets where it happened, never the exception's text (it may name a person)."""

from __future__ import annotations

import logging
import sys

import pytest
from pytestqt.qtbot import QtBot

from diversion_app.services.base.errors import NotFound
from diversion_app.ui import error_guard


def _raised(error: BaseException) -> tuple[type[BaseException], BaseException, object]:
    try:
        raise error
    except BaseException:
        kind, value, trace = sys.exc_info()
    assert kind is not None and value is not None
    return kind, value, trace


def test_a_refusal_is_shown_in_its_own_words(qtbot: QtBot) -> None:
    kind, value, trace = _raised(NotFound("That referral no longer exists."))
    box = error_guard.handle(kind, value, trace)  # type: ignore[arg-type]
    assert box is not None
    qtbot.addWidget(box)
    assert box.text() == "That referral no longer exists."


def test_an_unexpected_error_is_an_apology_and_the_log_has_no_personal_text(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    kind, value, trace = _raised(KeyError("Zoë O'Neill"))
    with caplog.at_level(logging.ERROR):
        box = error_guard.handle(kind, value, trace)  # type: ignore[arg-type]
    assert box is not None
    qtbot.addWidget(box)
    assert box.text() == error_guard.UNEXPECTED
    assert "Traceback" not in box.text()
    assert "KeyError" in caplog.text and "test_qa_error_guard.py" in caplog.text
    assert "Zoë" not in caplog.text


def test_install_routes_slot_exceptions_to_the_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    seen: list[type[BaseException]] = []
    monkeypatch.setattr(error_guard, "handle", lambda kind, error, trace: seen.append(kind))
    error_guard.install()
    sys.excepthook(ValueError, ValueError("x"), None)
    assert seen == [ValueError]
