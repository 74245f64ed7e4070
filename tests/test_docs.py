"""The README and every docs/*.md say only what is true of this tree.

Scanned generically, so a guide added later is held to the same rules: every image and
linked file exists; every `make` target, `diversion-app` command and option, `python -m`
module and source path named in code exists; the index and the README link every guide;
no heading or sentence refers to a development issue by number; and the folders the
operations guide lists are the ones the application really uses on each platform.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from diversion_app.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def documents() -> list[Path]:
    return [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)
INLINE_CODE = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")
SOURCE_PATH = re.compile(
    r"^(?:[\w.-]+/)+[\w.-]+\.(?:py|md|png|svg|ico|spec|iss|desktop|txt|ttf|toml|cfg|sh)$"
)
ISSUE_NUMBER = re.compile(r"\bissues?\s*(?:#|no\.?\s*|number\s*)?\d+\b", re.I)


def code_of(text: str) -> list[str]:
    """The text inside fenced blocks (line by line) and inline code spans."""
    lines: list[str] = []
    for block in FENCE.findall(text):
        lines.extend(block.splitlines())
    without_fences = FENCE.sub("", text)
    lines.extend(INLINE_CODE.findall(without_fences))
    return lines


def prose_of(text: str) -> str:
    """The words a reader reads: no code, no link targets."""
    text = FENCE.sub("", text)
    text = INLINE_CODE.sub("", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


@dataclass
class Command:
    options: set[str] = field(default_factory=set)
    commands: dict[str, Command] = field(default_factory=dict)


def cli_tree(parser: argparse.ArgumentParser) -> Command:
    node = Command()
    for action in parser._actions:
        node.options.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                node.commands[name] = cli_tree(sub)
    return node


def check_diversion_app_call(line: str, tree: Command) -> list[str]:
    """Problems with each `diversion-app ...` call on one line of code."""
    problems: list[str] = []
    for match in re.finditer(r"(?:^|[\s/])diversion-app((?:[ \t]+[^\s|;&#]+)*)", line):
        try:
            words = shlex.split(match.group(1), posix=True)
        except ValueError:
            words = match.group(1).split()
        node, path, options = tree, ["diversion-app"], set(tree.options)
        for word in words:
            if word.startswith("-"):
                option = word.split("=", 1)[0]
                if option.startswith("--") and option not in options:
                    problems.append(f"`{' '.join(path)}` has no option {option}")
            elif word in node.commands:
                node = node.commands[word]
                path.append(word)
                options |= node.options
            elif node.commands and len(path) == 1 + (path[-1] == "report") and _is_name(word):
                if not options_expect_value(words, word):
                    problems.append(f"`diversion-app` has no command {word!r}")
                break
    return problems


def _is_name(word: str) -> bool:
    return bool(re.fullmatch(r"[a-z][a-z-]*", word))


def options_expect_value(words: list[str], word: str) -> bool:
    index = words.index(word)
    return index > 0 and words[index - 1].startswith("--")


def source_paths(line: str) -> list[str]:
    """Relative paths of source files named on a line (not ~/..., /..., C:\\...)."""
    tokens = (token.strip(":;,.") for token in re.split(r"[\s`'\"()\[\]=]+", line))
    return [token for token in tokens if SOURCE_PATH.match(token)]


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][\w-]*)\s*:(?!=)", text, re.M))


def resolves(reference: str, document: Path) -> bool:
    reference = reference.split("#", 1)[0]
    if not reference:
        return True
    for base in (document.parent, ROOT, ROOT / "diversion_app", ROOT / "tests"):
        if (base / reference).exists():
            return True
    return False


@pytest.mark.parametrize("document", documents(), ids=_id)
def test_every_image_and_linked_file_exists(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    missing = [
        target
        for target in LINK.findall(text)
        if "://" not in target and not target.startswith(("#", "mailto:"))
        if not (document.parent / target.split("#", 1)[0]).exists()
    ]
    assert not missing, f"{_id(document)} links to files that do not exist: {missing}"


@pytest.mark.parametrize("document", documents(), ids=_id)
def test_every_command_named_exists(document: Path) -> None:
    targets = make_targets()
    tree = cli_tree(build_parser())
    problems: list[str] = []
    for line in code_of(document.read_text(encoding="utf-8")):
        for target in re.findall(r"(?:^|[\s;&(])make[ \t]+([a-z][\w-]*)", line):
            if target not in targets:
                problems.append(f"there is no `make {target}`")
        problems += check_diversion_app_call(line, tree)
        for module in re.findall(r"python3? -m ([\w.]+)", line):
            if module.split(".")[0] in {"pip", "pytest", "venv"}:
                continue
            if importlib.util.find_spec(module) is None:
                problems.append(f"there is no module {module}")
        for path in source_paths(line):
            if not resolves(path, document):
                problems.append(f"there is no file {path}")
    assert not problems, f"{_id(document)}: " + "; ".join(sorted(set(problems)))


@pytest.mark.parametrize("document", documents(), ids=_id)
def test_no_heading_or_sentence_names_an_issue_number(document: Path) -> None:
    found = ISSUE_NUMBER.findall(prose_of(document.read_text(encoding="utf-8")))
    assert not found, f"{_id(document)} refers to issue numbers: {found}"


def test_the_index_and_the_readme_link_every_guide() -> None:
    guides = sorted(path.name for path in DOCS.glob("*.md") if path.name != "README.md")
    index = set(LINK.findall((DOCS / "README.md").read_text(encoding="utf-8")))
    readme = set(LINK.findall((ROOT / "README.md").read_text(encoding="utf-8")))
    unlisted = [name for name in guides if name not in {t.split("#")[0] for t in index}]
    assert not unlisted, f"docs/README.md does not link {unlisted}: add a line for each"
    readme_targets = {target.split("#")[0] for target in readme}
    not_in_readme = [name for name in guides if f"docs/{name}" not in readme_targets]
    assert not not_in_readme, f"README.md does not link {not_in_readme}: add a line for each"
    assert "docs/README.md" in readme_targets


def test_every_role_has_a_guide_with_screenshots() -> None:
    for role in ("police-officer", "caseworker", "supervisor", "spoc", "administrator"):
        guide = DOCS / f"guide-{role}.md"
        text = guide.read_text(encoding="utf-8")
        assert "## Your first day" in text and "## Every day" in text, guide.name
        assert IMAGE.search(text), f"{guide.name} has no screenshot"


def test_the_checks_find_what_is_wrong() -> None:
    """The scanners themselves: a wrong command, option, file and issue number are caught."""
    tree = cli_tree(build_parser())
    assert check_diversion_app_call("diversion-app check --db x.db", tree) == []
    assert check_diversion_app_call("diversion-app report caseload --as-of 1/1/2026", tree) == []
    assert check_diversion_app_call(".venv/bin/diversion-app --version", tree) == []
    assert check_diversion_app_call("diversion-app restore --db x.db", tree)
    assert check_diversion_app_call("diversion-app check --colour", tree)
    assert check_diversion_app_call("diversion-app report weekly --out x.pdf", tree)
    assert "run" in make_targets() and "test" in make_targets()
    assert ISSUE_NUMBER.search("## Referrals (issue 4)")
    assert ISSUE_NUMBER.search("as issue #12 said")
    assert not ISSUE_NUMBER.search(prose_of("![x](resources/screenshots/issue3-search.png)"))
    assert not resolves("services/nowhere.py", ROOT / "README.md")
    assert source_paths("see ~/.local/share/x/y.desktop and `db/env.py`.") == ["db/env.py"]
    assert resolves("services/base/audit.py", ROOT / "README.md")


def _documented_folders() -> str:
    return (DOCS / "operations.md").read_text(encoding="utf-8")


def test_the_operations_guide_lists_the_real_folders_of_each_platform(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The paths in the guide are what platformdirs gives the application on each platform."""
    import platformdirs.windows
    from platformdirs.macos import MacOS
    from platformdirs.unix import Unix

    from diversion_app import APP_NAME, ORG_NAME

    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(name, raising=False)
    local = "C:\\Users\\<you>\\AppData\\Local"
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", lambda _csidl: local)
    expected: list[str] = []
    for home, cls, separator in [
        ("/home/<you>", Unix, "/"),
        ("/Users/<you>", MacOS, "/"),
        ("", platformdirs.windows.Windows, "\\"),
    ]:
        monkeypatch.setenv("HOME", home or "/nowhere")
        dirs = cls(APP_NAME, ORG_NAME)
        data = dirs.user_data_dir.replace("/", separator)
        expected += [
            data,
            dirs.user_config_dir.replace("/", separator),
            dirs.user_log_dir.replace("/", separator),
            separator.join([data, "Backups"]),
            separator.join([data, "diversion.db"]),
        ]
    text = _documented_folders()
    missing = [path for path in expected if f"`{path}`" not in text]
    assert not missing, f"docs/operations.md does not show: {missing}"
