"""The shape of tests/: shared helpers live in tests/support/, conftest files hold only
fixtures and hooks, and there is one login helper of each kind.

Nothing imports from a conftest module: pytest loads conftest files itself, and a helper
imported from one ties a test to another package's fixtures file. Logging in and signing up
are written once, in tests/support/learners.py (the Flask test client) and the page objects
of tests/e2e/pages/ (Chromium), so a change to the login form is made in one place.
"""

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.calendar_free

TESTS = Path(__file__).resolve().parent
SUPPORT = TESTS / "support"
PAGES = TESTS / "e2e" / "pages"  # the page objects: the one place a browser logs in or signs up
# Names only tests/support/ may give a function: the one login and sign-up helper per kind.
ACCOUNT_HELPERS = {"log_in", "login", "register", "sign_up"}


def python_modules() -> dict[str, ast.Module]:
    """Every Python module under tests/, by its path relative to the repository."""
    return {
        str(path.relative_to(TESTS.parent)): ast.parse(path.read_text(), str(path))
        for path in sorted(TESTS.rglob("*.py"))
    }


def conftest_imports(tree: ast.Module) -> list[str]:
    """The conftest modules a module imports from, at any depth."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("conftest"):
            found.append("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.endswith("conftest")]
    return found


def account_helpers(tree: ast.Module) -> list[str]:
    """The functions and methods named like a login or sign-up helper, at any depth."""
    return [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in ACCOUNT_HELPERS
    ]


def is_fixture(function: ast.FunctionDef) -> bool:
    """Decorated with @pytest.fixture or @pytest.fixture(...)."""
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr == "fixture":
            return True
    return False


def not_fixtures_or_hooks(tree: ast.Module) -> list[str]:
    """What a conftest module defines at its top level besides fixtures and pytest hooks."""
    found = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if not (is_fixture(node) or node.name.startswith("pytest_")):
                found.append(node.name)
        elif isinstance(node, ast.ClassDef):
            found.append(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += [ast.unparse(target) for target in targets]
    return found


def test_the_checks_see_what_they_look_for():
    # Two spaces before each "import" keep these lines out of a grep for real imports.
    source = ast.parse(
        "from tests.study.conftest  import flip\n"
        "from .conftest  import HTMX\n"
        "import tests.conftest\n"
        "from tests.support.learners import log_in\n"
        "def test_x():\n"
        "    from tests.dashboard.conftest  import flashes\n"
        "class Actions:\n"
        "    def login(self): ...\n"
        "def register(page): ...\n"
        "def registered(learner): ...\n"
        "PASSWORD = 'x'\n"
        "@pytest.fixture\n"
        "def app(): ...\n"
        "@pytest.fixture(scope='session')\n"
        "def browser_context_args(): ...\n"
        "def pytest_sessionfinish(session, exitstatus): ...\n"
    )
    assert sorted(conftest_imports(source)) == [
        ".conftest",
        "tests.conftest",
        "tests.dashboard.conftest",
        "tests.study.conftest",
    ]
    assert sorted(account_helpers(source)) == ["login", "register"]
    assert not_fixtures_or_hooks(source) == [
        "test_x",
        "Actions",
        "register",
        "registered",
        "PASSWORD",
    ]


def test_no_module_imports_from_a_conftest():
    importing = {
        path: modules
        for path, tree in python_modules().items()
        if (modules := conftest_imports(tree))
    }
    assert importing == {}, "import shared helpers from tests/support/, never from a conftest"


def test_login_and_sign_up_helpers_are_defined_only_in_tests_support():
    homes = tuple(str(home.relative_to(TESTS.parent)) + "/" for home in (SUPPORT, PAGES))
    elsewhere = {
        path: names
        for path, tree in python_modules().items()
        if not path.startswith(homes) and (names := account_helpers(tree))
    }
    assert elsewhere == {}, (
        "log in and sign up with tests/support/learners.py (test client) or "
        "tests/support/browser.py (Chromium)"
    )


def test_conftest_files_hold_only_fixtures_and_hooks():
    extra = {
        path: names
        for path, tree in python_modules().items()
        if Path(path).name == "conftest.py" and (names := not_fixtures_or_hooks(tree))
    }
    assert extra == {}, "move helpers, classes and constants to a module of tests/support/"


def bare_wait_expressions(tree: ast.Module) -> list[str]:
    """page.wait_for_function(...) calls given an expression rather than a function. Playwright
    polls a bare expression with eval, which the app's Content-Security-Policy (no
    'unsafe-eval') refuses as soon as the first check is false: a flake that shows only when
    the page is slower than the test. A function ("() => ...") is polled without eval."""
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "wait_for_function"
            and node.args
        ):
            source = ast.unparse(node.args[0]).lstrip("f").strip("'\"")
            if not source.startswith(("() =>", "function")):
                found.append(source)
    return found


def test_waits_in_the_browser_are_functions_not_expressions():
    found = {
        path: waits
        for path, tree in python_modules().items()
        if (waits := bare_wait_expressions(tree))
    }
    assert found == {}
    assert bare_wait_expressions(ast.parse('page.wait_for_function("window.x === 1")')) == [
        "window.x === 1"
    ]
    assert bare_wait_expressions(ast.parse('page.wait_for_function("() => window.x")')) == []
