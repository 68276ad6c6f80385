"""CPU accounting for `flask xp bench`'s HTTP rows, from /proc (Linux).

A meter sums the CPU time (user + system) that a set of processes spends between start() and
stop(): the gunicorn master and workers, or the PostgreSQL backends serving them. A process
that appears in between counts from zero; one that ends in between is lost, which the bench
avoids by keeping its servers and their connections up across a measurement.
"""

import os
import resource
from collections.abc import Callable, Iterable
from pathlib import Path

import sqlalchemy as sa

PROC = Path("/proc")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")  # /proc/<pid>/stat counts CPU time in these


def cpu_seconds(pid: int, proc: Path = PROC) -> float | None:
    """utime + stime of process `pid`, in seconds; None if it is gone (or not on this host)."""
    try:
        stat = (proc / str(pid) / "stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # The command name (field 2) is in parentheses and may itself hold spaces or ")".
    fields = stat[stat.rindex(")") + 2 :].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / CLOCK_TICKS


def children_cpu_seconds() -> float:
    """CPU seconds of this process's children that have ended and been waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class CpuMeter:
    """CPU seconds that the processes `pids()` names spend between start() and stop();
    `pids` is asked at both ends. With no pids (the database is inside the workers, or on
    another host) stop() returns None."""

    def __init__(self, pids: Callable[[], Iterable[int]], proc: Path = PROC):
        self.pids = pids
        self.proc = proc
        self.before: dict[int, float] = {}

    def _read(self) -> dict[int, float]:
        seconds = {pid: cpu_seconds(pid, self.proc) for pid in self.pids()}
        return {pid: value for pid, value in seconds.items() if value is not None}

    def start(self) -> None:
        self.before = self._read()

    def stop(self) -> float | None:
        after = self._read()
        if not after:
            return None
        return sum(value - self.before.get(pid, 0.0) for pid, value in after.items())


class ChildrenCpuMeter:
    """The CPU of the child processes waited for between start() and stop(): the load
    generator's, since the bench waits for its processes before stopping the meters."""

    def start(self) -> None:
        self.before = children_cpu_seconds()

    def stop(self) -> float:
        return children_cpu_seconds() - self.before


def backend_pids(engine: sa.Engine, application_name: str) -> list[int]:
    """The PostgreSQL backends whose connections carry `application_name`."""
    with engine.connect() as conn:
        return list(
            conn.execute(
                sa.text("SELECT pid FROM pg_stat_activity WHERE application_name = :name"),
                {"name": application_name},
            ).scalars()
        )
