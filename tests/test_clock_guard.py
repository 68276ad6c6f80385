"""Time is an input: app code reads it in one place and tests never read the real date.

App code asks app/clock.py for "now"; tests pin that clock (tests/support/clock.py) instead of
reading the system clock, so the suite gives the same answers on any date.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Calls that read the system's date or time of day (time.monotonic and perf_counter measure
# durations, not dates, and stay allowed).
CLOCK_READS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "localtime"),
    ("time", "gmtime"),
}


def clock_reads(path: Path, root: Path = ROOT) -> list[str]:
    """`file:line name.attr` for each call in `path` that reads the system clock."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
        if (name, node.func.attr) in CLOCK_READS:
            relative = path.relative_to(root)
            found.append(f"{relative}:{node.lineno} {name}.{node.func.attr}()")
    return found


def python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def test_app_code_reads_the_time_only_through_app_clock():
    reads = [
        read
        for path in [*python_files("app"), ROOT / "seed.py"]
        if path != ROOT / "app" / "clock.py"
        for read in clock_reads(path)
    ]
    # The HTTP client is written to be copied into other projects whole, so it cannot import
    # app.clock: StudyXP passes clock.now in (client_from_config), and only a copy falls back
    # to the system clock.
    copied = [read for read in reads if read.startswith("app/xp/client/http.py:")]
    assert [read for read in reads if read not in copied] == []
    assert [read.split()[1] for read in copied] == ["datetime.now()"]  # system_now() only


def test_tests_never_read_the_real_date_they_pin_the_clock():
    allowed = {ROOT / "tests" / "support" / "clock.py"}
    reads = [
        read for path in python_files("tests") if path not in allowed for read in clock_reads(path)
    ]
    assert reads == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from datetime import datetime\ndatetime.now()", ["x.py:2 datetime.now()"]),
        ("import datetime\ndatetime.date.today()", ["x.py:2 date.today()"]),
        ("import time\ntime.time()", ["x.py:2 time.time()"]),
        ("import time\ntime.monotonic()", []),
        ("from app import clock\nclock.now()", []),
    ],
)
def test_the_guard_finds_each_way_of_reading_the_clock(tmp_path, source, found):
    path = tmp_path / "x.py"
    path.write_text(source)
    assert clock_reads(path, root=tmp_path) == found
