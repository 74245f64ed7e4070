"""Which system keyring backend to use, remembered between starts.

``keyring.get_keyring()`` finds its backend by reading the entry points of every
installed package and importing and asking each backend in turn; that took 120-220 ms
of every start, before the audit key could be read. The backend it chose is remembered
in a file beside the audit key files (its class name only, no secret); later starts
make that backend directly and ask it whether it still works, and look again when it
does not. A backend chosen in the process already (``keyring.set_keyring``), one chosen
by the ``PYTHON_KEYRING_BACKEND`` variable or keyring's own configuration file is always
honoured over the remembered one.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from pathlib import Path

MEMO_NAME = "keyring-backend"
CHOSEN_BY_ENVIRONMENT = "PYTHON_KEYRING_BACKEND"


def backend(memo_folder: Path) -> object | None:
    """A usable keyring backend (with ``get_password``/``set_password``), or None."""
    if _may_use_memo():
        remembered = _remembered(memo_folder / MEMO_NAME)
        if remembered is not None:
            return remembered
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        found = keyring.get_keyring()
    except Exception:  # a broken keyring set-up is the same as none
        return None
    if isinstance(found, fail.Keyring) or not _usable(found):
        return None
    _remember(memo_folder / MEMO_NAME, found)
    return found


def _may_use_memo() -> bool:
    if os.environ.get(CHOSEN_BY_ENVIRONMENT):
        return False
    core = sys.modules.get("keyring.core")
    if core is not None and getattr(core, "_keyring_backend", None) is not None:
        return False  # this process has chosen one already (tests, the unlock dialog)
    try:
        from keyring.util import platform_
    except ImportError:
        return False
    return not (Path(platform_.config_root()) / "keyringrc.cfg").exists()


def _usable(candidate: object) -> bool:
    try:
        return float(getattr(candidate, "priority", 0)) > 0
    except Exception:  # a backend's priority check may raise when it cannot work here
        return False


def _class_name(candidate: object) -> str | None:
    kind = type(candidate)
    if kind.__module__.startswith("keyring.backends.chainer"):
        return None  # several backends chained: nothing single to remember
    return f"{kind.__module__}:{kind.__qualname__}"


def _remembered(memo: Path) -> object | None:
    try:
        module_name, _, class_name = memo.read_text(encoding="ascii").strip().partition(":")
        kind = getattr(importlib.import_module(module_name), class_name)
        candidate = kind()
    except Exception:  # no memo, or the backend has gone: look again
        return None
    return candidate if _usable(candidate) else None


def _remember(memo: Path, chosen: object) -> None:
    name = _class_name(chosen)
    if name is None:
        return
    with contextlib.suppress(OSError):
        if memo.is_file() and memo.read_text(encoding="ascii").strip() == name:
            return
        memo.parent.mkdir(parents=True, exist_ok=True)
        temporary = memo.with_suffix(".tmp")
        temporary.write_text(name + "\n", encoding="ascii")
        os.replace(temporary, memo)
