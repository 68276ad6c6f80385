"""The shape of app/: no import cycles, no oversized modules, no modules named after a batch.

The import graph is built from the source (the AST), so it sees every import: at the top of
a module, inside functions and under `if TYPE_CHECKING:`. An edge goes from a module to each
module of app/ it names: `from app.x import y` is an edge to app.x.y when y is a module,
else to app.x; importing a submodule is not counted as importing its parent package's
__init__ (as import-linter counts it). There is no exception: a package whose routes live in
several modules keeps its blueprint in a module of its own (app/xp/api/blueprint.py,
app/dashboard/blueprint.py) that the route modules import, and only the package's __init__
imports the route modules, so no module imports its own package back.

The dependency rules between packages are import-linter's contracts in pyproject.toml.
"""

import ast
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.calendar_free

APP = Path(__file__).resolve().parent.parent / "app"
MAX_LINES = 400
# Modules allowed over MAX_LINES, with the reason. None: split a long module along a concern.
LONG_MODULE_EXCEPTIONS: dict[str, str] = {
    "app.xp.client.http": "one method per Trophy operation in a module meant to be copied "
    "whole (its docstring); split the transport from the operations when it next grows",
}
# Named after when a feature arrived rather than what the module does.
BATCH_NAME = re.compile(r"(^|_)(engagement|extra|new|old|v\d+)($|_)")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(APP.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def python_modules() -> dict[str, Path]:
    """Every module of app/, but the Alembic scripts (run by Alembic, imported by nothing)."""
    return {
        module_name(path): path
        for path in sorted(APP.rglob("*.py"))
        if "migrations" not in path.relative_to(APP).parts
    }


MODULES = python_modules()


def imported_modules(name: str, path: Path) -> set[str]:
    """The modules of app/ that `name` imports anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in MODULES else base)
    return {module for module in found if module in MODULES and module != name}


def import_graph() -> dict[str, set[str]]:
    return {name: imported_modules(name, path) for name, path in MODULES.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_imports_inside_functions():
    graph = import_graph()
    # app/__init__.py registers the blueprints and commands from inside create_app's helpers.
    assert {"app.xp.ops.cli", "app.dashboard.blueprint", "app.xp.api.blueprint"} <= graph["app"]
    assert "app.xp.engine.achievements" in graph["app.xp.engine.events"]


def test_cycles_are_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_app_has_no_import_cycles():
    assert cycles(import_graph()) == []


def test_no_module_is_over_400_lines():
    long = {
        name: lines
        for name, path in MODULES.items()
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
        and name not in LONG_MODULE_EXCEPTIONS
    }
    assert long == {}


def test_no_module_is_named_after_a_delivery_batch():
    """Packages and modules alike (Alembic's scripts keep the names they were released with)."""
    batch = [name for name in MODULES if any(BATCH_NAME.search(part) for part in name.split("."))]
    assert batch == []


def test_xp_renders_no_html():
    """The XP service answers JSON: no module of app/xp renders a template."""
    rendering = [
        name
        for name, path in MODULES.items()
        if name.startswith("app.xp")
        and re.search(r"\brender_template(_string)?\b|\bMarkup\b", path.read_text())
    ]
    assert rendering == []
