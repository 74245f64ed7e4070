"""The keyring backend found once is remembered: a later start makes it directly instead of
asking every installed backend, and looks again whenever the remembered one cannot be
used or another choice is made explicitly."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.core
import pytest
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring

from diversion_app.persistence import keyring_choice

MEMO = keyring_choice.MEMO_NAME


@pytest.fixture
def fresh_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """As at a start: no backend chosen yet in this process, no keyring configuration."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    monkeypatch.delenv(keyring_choice.CHOSEN_BY_ENVIRONMENT, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # keyringrc.cfg lives here
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the plaintext keyring's file
    return tmp_path / "audit-keys"


def _discovery_finds(monkeypatch: pytest.MonkeyPatch, found: object) -> list[int]:
    asked: list[int] = []

    def get_keyring() -> object:
        asked.append(1)
        return found

    monkeypatch.setattr(keyring, "get_keyring", get_keyring)
    return asked


def test_the_backend_found_is_remembered_and_made_directly_next_time(
    fresh_process: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _discovery_finds(monkeypatch, PlaintextKeyring())
    first = keyring_choice.backend(fresh_process)
    assert isinstance(first, PlaintextKeyring) and asked == [1]
    assert (fresh_process / MEMO).read_text().strip() == "keyrings.alt.file:PlaintextKeyring"

    again = keyring_choice.backend(fresh_process)
    assert isinstance(again, PlaintextKeyring)
    assert asked == [1]  # not asked again: made from the memo


def test_a_remembered_backend_that_has_gone_is_looked_for_again(
    fresh_process: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh_process.mkdir(parents=True)
    (fresh_process / MEMO).write_text("keyrings.not_installed.anywhere:Keyring\n")
    asked = _discovery_finds(monkeypatch, PlaintextKeyring())
    assert isinstance(keyring_choice.backend(fresh_process), PlaintextKeyring)
    assert asked == [1]
    assert (fresh_process / MEMO).read_text().strip() == "keyrings.alt.file:PlaintextKeyring"


def test_a_remembered_backend_that_no_longer_works_here_is_not_used(
    fresh_process: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh_process.mkdir(parents=True)
    (fresh_process / MEMO).write_text("keyring.backends.fail:Keyring\n")  # priority 0
    asked = _discovery_finds(monkeypatch, fail.Keyring())
    assert keyring_choice.backend(fresh_process) is None  # no usable keyring: key files
    assert asked == [1]


def test_an_explicit_choice_is_honoured_over_the_memo(
    fresh_process: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fresh_process.mkdir(parents=True)
    (fresh_process / MEMO).write_text("keyrings.alt.file:PlaintextKeyring\n")
    chosen = object()

    monkeypatch.setenv(keyring_choice.CHOSEN_BY_ENVIRONMENT, "some.module.Backend")
    asked = _discovery_finds(monkeypatch, PlaintextKeyring())
    keyring_choice.backend(fresh_process)
    assert asked == [1]  # the environment's choice goes through keyring itself

    monkeypatch.delenv(keyring_choice.CHOSEN_BY_ENVIRONMENT)
    config = tmp_path / "config" / "python_keyring"
    config.mkdir(parents=True)
    (config / "keyringrc.cfg").write_text("[backend]\ndefault-keyring=x.Y\n")
    keyring_choice.backend(fresh_process)
    assert asked == [1, 1]  # so does keyring's own configuration file

    (config / "keyringrc.cfg").unlink()
    monkeypatch.setattr(keyring.core, "_keyring_backend", chosen)
    keyring_choice.backend(fresh_process)
    assert asked == [1, 1, 1]  # and a backend this process set already


def test_no_usable_backend_writes_no_memo(
    fresh_process: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _discovery_finds(monkeypatch, fail.Keyring())
    assert keyring_choice.backend(fresh_process) is None
    assert not (fresh_process / MEMO).exists()
