"""DESIGN §2 as a test: imports point one way (domain ← notes ← stages ← app ← entry points), entry points take
from the stages nothing but their exception types, and no module reads the clock or the environment on import."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "notesmith"

# what each part may import from the rest of notesmith (itself always)
ALLOWED = {
    "domain": set(),
    "config": set(),
    "notes": {"domain"},
    "sources": {"domain", "notes"},
    "extract": {"domain", "notes", "sources"},
    "resolve": {"domain", "notes", "sources"},
    "vault": {"domain", "notes", "config", "sources"},
    "plan": {"domain", "notes", "extract", "resolve", "vault"},  # plans read the vault through a snapshot
    "index": {"domain", "notes", "sources", "extract", "resolve", "plan", "vault"},
    "review": {"domain", "notes", "resolve", "vault", "index"},
    "app": {"domain", "notes", "config", "sources", "extract", "resolve", "plan", "vault", "index", "review"},
    "cli": {"__init__", "domain", "config", "app", "index", "web", "mcp", "watch"},  # the CLI starts the others
    "__init__": set(),
    "__main__": {"cli"},
}
ENTRY_POINTS = {"cli", "web", "mcp", "watch"}
STAGES = {"sources", "extract", "resolve", "plan", "vault", "review"}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _part(path: Path) -> str:
    first = path.relative_to(PACKAGE).parts[0]
    return first.removesuffix(".py")


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) for every `import notesmith…` and `from notesmith… import …` run by the file (those under
    `if TYPE_CHECKING:` are for type checkers only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(
        node.test) for n in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "notesmith":
            found.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names if a.name.split(".")[0] == "notesmith"]
    return found


def _target(module: str, names: list[str]) -> str:
    parts = module.split(".")
    if len(parts) > 1:
        return parts[1]
    return names[0] if names and (PACKAGE / names[0]).is_dir() else "__init__"


def test_every_part_of_the_package_is_in_the_rule_table():
    parts = {_part(p) for p in _modules()}
    assert parts <= set(ALLOWED) | ENTRY_POINTS, f"add to ALLOWED: {sorted(parts - set(ALLOWED))}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_point_one_way(path):
    part = _part(path)
    allowed = ALLOWED.get(part, ALLOWED["cli"])
    for module, names in _imports(path):
        target = _target(module, names)
        if target == part or target in allowed:
            continue
        if part in ENTRY_POINTS and target in STAGES:
            # an entry point may catch a stage's error, and nothing else of it
            imported = importlib.import_module(module)
            assert all(isinstance(getattr(imported, n), type) and issubclass(getattr(imported, n), Exception)
                       for n in names), f"{path.name}: {module} {names} (entry points call app/ and index/)"
            continue
        pytest.fail(f"{path.relative_to(PACKAGE)} imports {module}: {part} may import only {sorted(allowed)}")


_CALLED_AT_IMPORT = {"today", "now", "utcnow", "getenv", "cpu_count", "load_config", "find_config"}


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_nothing_reads_the_clock_the_environment_or_config_on_import(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = [node for node in tree.body if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                       ast.ClassDef))]
    top_level += [item for node in tree.body if isinstance(node, ast.ClassDef) for item in node.body
                  if not isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for node in top_level:
        for inner in ast.walk(node):
            called = inner.func if isinstance(inner, ast.Call) else None
            name = getattr(called, "attr", getattr(called, "id", ""))
            assert name not in _CALLED_AT_IMPORT, f"{path.relative_to(PACKAGE)}:{inner.lineno} calls {name} on import"
            assert not (isinstance(inner, ast.Attribute) and inner.attr == "environ"), \
                f"{path.relative_to(PACKAGE)}:{inner.lineno} reads the environment on import"
