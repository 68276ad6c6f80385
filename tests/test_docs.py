"""The manual can be trusted: every repository path, and every `path:function`, that the
README and docs/ name exists."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# `app/clock.py`, `tests/e2e/`, `static/js/study.js`, `app/xp/engine.py:record_event`: a code
# span that starts at a top-level folder of the repository (URLs such as
# `/static/badges/<key>.svg` start with a slash and are not paths in the repository).
TOP_LEVEL = ("app", "static", "templates", "tests", "docs", ".ci")
PATH = re.compile(rf"`((?:{'|'.join(re.escape(t) for t in TOP_LEVEL)})/[\w./-]*)(?::([\w.]+))?`")


def named(doc: Path) -> list[tuple[str, str]]:
    """(path, name or "") for each path the document names."""
    return sorted(set(PATH.findall(doc.read_text())))


def defines(path: Path, dotted: str) -> bool:
    """Whether the module at `path` defines `dotted` at top level (`Class.method` too); in
    a browser script, a top-level function or const of that name."""
    if path.suffix == ".js":
        declared = rf"^(?:export\s+)?(?:async\s+)?(?:function\s*\*?\s*|const\s+){dotted}\b"
        return re.search(declared, path.read_text(), re.M) is not None
    scope = ast.parse(path.read_text()).body
    for part in dotted.split("."):
        found = None
        for node in scope:
            names = []
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names = [node.name]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names = [node.target.id]
            if part in names:
                found = node
                break
        if found is None:
            return False
        scope = getattr(found, "body", [])
    return True


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: doc.relative_to(ROOT).as_posix())
def test_every_path_and_function_a_doc_names_exists(doc):
    missing = [
        f"{path}:{name}" if name else path
        for path, name in named(doc)
        if not (ROOT / path).exists() or (name and not defines(ROOT / path, name))
    ]
    assert missing == []


def test_links_between_docs_lead_to_files():
    link = re.compile(r"\]\(((?:\.\./)?[\w./-]+\.md)(?:#[\w-]+)?\)")
    links = [(doc, target) for doc in DOCS for target in link.findall(doc.read_text())]
    assert links, "the README links to the manual"
    assert [(d.name, t) for d, t in links if not (d.parent / t).resolve().exists()] == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("see `app/clock.py`", [("app/clock.py", "")]),
        ("`app/xp/engine.py:record_event` does it", [("app/xp/engine.py", "record_event")]),
        ("`/static/badges/x.svg` is a URL", []),
        ("`static/js/xp/sound.js:playSound` plays", [("static/js/xp/sound.js", "playSound")]),
    ],
)
def test_the_check_reads_paths_and_functions(tmp_path, text, found):
    doc = tmp_path / "x.md"
    doc.write_text(text)
    assert named(doc) == found


def test_a_function_that_is_not_there_is_missing(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("class A:\n    def b(self): pass\n\ndef c(): pass\nD = 1\n")
    assert [defines(module, n) for n in ("A.b", "c", "D", "A.x", "e")] == [
        True,
        True,
        True,
        False,
        False,
    ]


def test_a_browser_function_that_is_not_there_is_missing(tmp_path):
    script = tmp_path / "m.js"
    script.write_text("export function play(kind) {}\nconst LIMIT = 5;\n// function ghost()\n")
    assert [defines(script, n) for n in ("play", "LIMIT", "ghost", "pla")] == [
        True,
        True,
        False,
        False,
    ]
