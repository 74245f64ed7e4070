"""The tree's rules, checked from the source: layers one way, no import circle, workflows
using each other's public names only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "diversion_app"
WORKFLOWS = ("people", "referrals", "casework", "schools", "reports", "accounts", "retention")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """Every ``import`` in a module (at any depth): the module named and the names taken."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for target, names in _imports(path):
            for candidate in [target, *(f"{target}.{n}" for n in names)]:
                if candidate in modules and candidate != name:
                    graph[name].add(candidate)
    return graph


def _workflow(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) > 2 and parts[1] in ("services", "ui") and parts[2] in WORKFLOWS:
        return f"{parts[1]}.{parts[2]}"
    return None


def test_no_import_circle() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                circles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert circles == []


def test_a_workflow_uses_only_public_names_of_another() -> None:
    problems = []
    for name, path in _modules().items():
        for target, names in _imports(path):
            if _workflow(target) and _workflow(target) != _workflow(name):
                private = [n for n in names if n.startswith("_")]
                private += [p for p in target.split(".") if p.startswith("_")]
                if private:
                    problems.append(f"{name} takes {private} from {target}")
    assert problems == []


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("diversion_app.domain", ("PySide6", "sqlalchemy", "reportlab", "diversion_app.")),
        ("diversion_app.persistence", ("PySide6", "diversion_app.services", "diversion_app.ui")),
        ("diversion_app.services", ("PySide6", "diversion_app.ui", "diversion_app.demo")),
        ("diversion_app.reports", ("PySide6", "sqlalchemy", "diversion_app.ui")),
        ("diversion_app.services.base", tuple(f"diversion_app.services.{w}" for w in WORKFLOWS)),
        ("diversion_app.ui.widgets", tuple(f"diversion_app.ui.{w}" for w in WORKFLOWS)),
    ],
)
def test_layers_import_one_way(layer: str, forbidden: tuple[str, ...]) -> None:
    allowed_domain_imports = ("diversion_app.domain",)
    problems = []
    for name, path in _modules().items():
        if not name.startswith(layer):
            continue
        for target, _names in _imports(path):
            if target.startswith(allowed_domain_imports) and layer == "diversion_app.domain":
                continue
            if target.startswith(forbidden):
                problems.append(f"{name} imports {target}")
    assert problems == []


def test_every_module_says_what_it_is_for() -> None:
    missing = [
        name
        for name, path in _modules().items()
        if not ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert missing == []


def test_open_referrals_are_asked_for_one_way() -> None:
    """``referral_is_open()`` writes the open statuses so the open-only index can serve;
    a query sending them as parameters again would read every referral's row instead."""
    written_again = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name != "open_referrals.py"
        and re.search(r"status\.in_\(\s*OPEN_REFERRAL_STATUSES", path.read_text())
    ]
    assert written_again == []
