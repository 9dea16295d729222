"""The package's shape, as ARCHITECTURE.md states it: imports run one way and modules stay readable."""

from __future__ import annotations

import ast

from .conftest import ROOT

PACKAGE = ROOT / "src" / "sagebot"
# Higher imports lower, never the reverse. settings, errors and text are the floor every layer stands on.
LAYERS = {
    "settings": 0,
    "errors": 0,
    "text": 0,
    "markup": 0,
    "ingest": 1,
    "index": 2,
    "answer": 3,
    "quiz": 3,
    "assistant": 4,
    "terminal": 4,
    "web": 5,
    "evaluate": 5,
    "scorecard": 5,
    "cli": 6,
    "cli_common": 6,
    "cli_quiz": 6,
    "__init__": 7,
    "__main__": 7,
}
MAX_LINES = 320


def modules() -> dict[str, ast.Module]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        found[name.removesuffix(".__init__") or "__init__"] = ast.parse(path.read_text(encoding="utf-8"))
    return found


def imports(tree: ast.Module, known: set[str]) -> set[str]:
    """The sagebot modules a module imports, at any depth (lazy imports count too)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "sagebot":
            base = node.module.removeprefix("sagebot").lstrip(".")
            for alias in node.names:
                full = f"{base}.{alias.name}".lstrip(".")
                out.add(full if full in known else base or "__init__")
    return out


def layer(name: str) -> int:
    return LAYERS[name.split(".")[0]]


def test_every_module_has_a_layer_and_imports_run_one_way() -> None:
    found = modules()
    assert all(name.split(".")[0] in LAYERS for name in found), sorted(found)
    upward = [
        (name, target)
        for name, tree in found.items()
        for target in imports(tree, set(found))
        if target != "__init__" and layer(target) > layer(name)
    ]
    assert upward == []


def test_no_import_circles() -> None:
    found = modules()
    graph = {name: imports(tree, set(found)) - {name, "__init__"} for name, tree in found.items()}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(
            n == goal or (n not in seen and not seen.add(n) and reaches(n, goal, seen)) for n in graph.get(start, ())
        )

    assert [name for name in graph if reaches(name, name, set())] == []


def test_no_module_is_too_long_to_read_in_one_sitting() -> None:
    lengths = {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}
