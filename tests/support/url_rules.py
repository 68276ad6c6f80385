"""Building a URL rule's Python builder once per run, not once per app.

The suite builds thousands of apps (one per test, on a fresh database). Werkzeug compiles
each of an app's URL rules into two small functions, built from an AST, every time a rule
is added to a map: about 60 ms an app, a third of a typical test's time. The function depends
only on the rule's parsed parts and on whether it appends unknown arguments, and is bound to
its rule afterwards, so the same rule in the next app can reuse it. Rules with defaults are
compiled as usual (a default's converter would take part).

Only the tests do this; the app builds its map once per process anyway.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.routing.rules import Rule


@contextmanager
def builders_compiled_once() -> Iterator[None]:
    original = getattr(Rule, "_compile_builder", None)
    if original is None:  # another Werkzeug: nothing to speed up, nothing to break
        yield
        return
    compiled: dict[tuple, object] = {}

    def compile_builder(self: Rule, append_unknown: bool = True):
        if self.defaults:
            return original(self, append_unknown)
        key = (self.rule, tuple(self._trace), append_unknown)
        builder = compiled.get(key)
        if builder is None:
            builder = compiled[key] = original(self, append_unknown)
        return builder

    Rule._compile_builder = compile_builder
    try:
        yield
    finally:
        Rule._compile_builder = original
