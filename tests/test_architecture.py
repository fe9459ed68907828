"""The package's structure, as docs/architecture.md draws it: data flows one way through the
stages, and no module imports one that imports it back.

Every import counts: at module level, inside functions and under `TYPE_CHECKING` alike, so a
cycle cannot hide behind a local import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "exportcheck"

STAGES = (
    ("base", ("errors", "exits", "version", "vocabulary", "places", "model", "vocab")),
    ("input", ("input",)),
    ("identify", ("identify",)),
    ("rules", ("rules",)),
    ("check", ("check",)),
    ("render", ("render",)),
    ("report", ("report",)),
    ("run", ("run",)),
    ("entry", ("", "__main__", "api", "cli", "cli_args", "cli_catalogue", "console")),
)
"""Stages in the order data flows through them: a module may import from its own stage and the
stages before it, never from a later one. `entry` holds the package's front doors."""
RANK = {part: rank for rank, (_, parts) in enumerate(STAGES) for part in parts}
STAGE_NAMES = [name for name, _ in STAGES]
MAX_LINES = 500


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = modules()


def imports(name: str, path: Path) -> set[str]:
    """The package's modules that `name` imports, wherever the import stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("exportcheck"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            if not base.startswith("exportcheck"):
                continue
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add(child if child in MODULES else base)
    found.discard(name)
    return {m for m in found if m in MODULES}


GRAPH = {name: imports(name, path) for name, path in MODULES.items()}


def stage(name: str) -> int:
    parts = name.split(".")[1:]
    return RANK[parts[0] if parts else ""]


def test_every_module_has_a_stage() -> None:
    for name in MODULES:
        parts = name.split(".")[1:]
        assert (parts[0] if parts else "") in RANK, f"{name} is in no stage of STAGES"


def test_imports_follow_the_flow() -> None:
    against = [
        f"{name} ({STAGE_NAMES[stage(name)]}) imports {target} ({STAGE_NAMES[stage(target)]})"
        for name, targets in GRAPH.items()
        for target in sorted(targets)
        if stage(target) > stage(name)
    ]
    assert not against, "imports against the flow:\n" + "\n".join(against)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles() -> None:
    assert cycles(GRAPH) == []


def test_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("name", sorted(n for n, p in MODULES.items() if p.name == "__init__.py"))
def test_subpackages_import_nothing(name: str) -> None:
    """A subpackage's `__init__` runs whenever one of its modules is imported: it holds no
    imports, so importing a module never drags in its siblings (registries live in modules of
    their own)."""
    if name == "exportcheck":
        return  # the library's front door: lazy exports, checked by tests/unit/test_api.py
    assert not GRAPH[name], f"{name}/__init__.py imports {sorted(GRAPH[name])}"


def test_modules_are_small() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in MODULES.values()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"
