"""Unexpected failures reach the log by type and place, never by their message."""

from __future__ import annotations

import logging

import pytest

from diversion_app.logs import log_failure

PERSON = {"name": "Zoë O'Brien", "born": "05/03/2011", "address": "1 Example Street"}


def _fail_with_a_name() -> None:
    # frames show source lines (code, not data): the values arrive only in the message
    raise ValueError(f"{PERSON['name']}, born {PERSON['born']}, lives at {PERSON['address']}")


def test_only_the_type_and_the_frames_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    try:
        _fail_with_a_name()
    except ValueError as error:
        with caplog.at_level(logging.ERROR):
            log_failure(logging.getLogger("diversion_app.test"), "test", error)
    assert "unexpected ValueError" in caplog.text
    assert "_fail_with_a_name" in caplog.text
    for secret in PERSON.values():
        assert secret not in caplog.text
