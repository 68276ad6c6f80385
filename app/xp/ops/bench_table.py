"""The rows of `flask xp bench`'s results table, their percentiles, and the table itself."""

import math
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Row:
    """One line of the results table; times in ms, None printed as "-"."""

    name: str
    rate: float | None = None
    # Shown in the events/s column instead of `rate` (the ratio rows).
    rate_text: str | None = None
    p50: float | None = None
    p95: float | None = None
    p99: float | None = None
    worker_cpu: float | None = None  # ms of CPU per event in the gunicorn processes
    db_cpu: float | None = None  # ms of CPU per event in the database server's processes
    db_cpu_text: str | None = None  # instead of `db_cpu` ("in worker" on SQLite)
    target: str = "-"
    met: bool | None = None
    missed: list[str] = field(default_factory=list)  # which parts of the target were missed
    problem: str = ""  # requests that failed or were refused: the row does not hold


def percentile(ascending: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    return ascending[max(1, math.ceil(q / 100 * len(ascending))) - 1]


def timed_row(name: str, seconds: list[float], elapsed: float) -> Row:
    ms = sorted(s * 1000 for s in seconds)
    p50, p95, p99 = (percentile(ms, q) for q in (50, 95, 99))
    return Row(name, rate=len(ms) / elapsed, p50=p50, p95=p95, p99=p99)


def check(row: Row, *parts: tuple[str, str, bool]) -> None:
    """Give `row` a target of several parts, each (what, target text, met): the result
    names what was missed."""
    row.target = ", ".join(text for _, text, _ in parts)
    row.missed = [what for what, _, met in parts if not met]
    row.met = not row.missed


def print_table(rows: list[Row], title: str, notes: list[str], echo: Callable[[str], None]):
    def number(value: float | None, digits: int) -> str:
        return "-" if value is None else f"{value:,.{digits}f}"

    def result(row: Row) -> str:
        if row.problem:
            return f"FAILED: {row.problem}"
        if row.met is False and row.missed:
            return "MISSED: " + ", ".join(row.missed)
        return {True: "met", False: "MISSED", None: "-"}[row.met]

    echo("")
    echo(title)
    echo(
        f"{'measurement':<56} {'events/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
        f" {'worker CPU':>10} {'DB CPU':>9}  {'target':<38} result"
    )
    for row in rows:
        echo(
            f"{row.name:<56} {row.rate_text or number(row.rate, 0):>9} {number(row.p50, 2):>8} "
            f"{number(row.p95, 2):>8} {number(row.p99, 2):>8} {number(row.worker_cpu, 3):>10} "
            f"{row.db_cpu_text or number(row.db_cpu, 3):>9}  {row.target:<38} {result(row)}"
        )
    echo("")
    for note in notes:
        echo(note)
