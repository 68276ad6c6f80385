"""The manual can be trusted: every repository path the README and docs/ name exists."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# `app/clock.py`, `tests/e2e/`, `static/js/study.js`: a code span that starts at a top-level
# folder of the repository (URLs such as `/static/badges/<key>.svg` start with a slash).
TOP_LEVEL = ("app", "static", "templates", "tests", "docs", ".ci")
PATH = re.compile(rf"`((?:{'|'.join(re.escape(t) for t in TOP_LEVEL)})/[\w./-]*)`")


def named_paths(doc: Path) -> list[str]:
    return sorted(set(PATH.findall(doc.read_text())))


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: doc.relative_to(ROOT).as_posix())
def test_every_path_a_doc_names_exists(doc):
    missing = [path for path in named_paths(doc) if not (ROOT / path).exists()]
    assert missing == []


def test_links_between_docs_lead_to_files():
    links = [
        (doc, target)
        for doc in DOCS
        for target in re.findall(
            r"\]\(((?:\.\./|docs/)?[\w./-]+\.md)(?:#[\w-]+)?\)", doc.read_text()
        )
    ]
    assert links, "the README links to the manual"
    assert [(d.name, t) for d, t in links if not (d.parent / t).resolve().exists()] == []
