"""The load generator of `flask xp bench`'s HTTP rows: ApacheBench (`ab`) when it is on PATH,
else Python client processes.

Either way each user's requests come from a process of its own, holding its share of the
keep-alive connections (ab posts one fixed body per run, so one ab per user), all processes at
once. Before the clock starts every connection makes WARMUP_REQUESTS untimed requests; the
meters (bench_cpu.py) run from the start line until every process has finished and been
waited for. ab is compiled and costs the server's cores little; the fallback's clients are
Python and cost more, which the bench's "HTTP load" line reports as CPU per request.
"""

import http.client
import multiprocessing
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from app.xp.ops.bench_data import BenchError

WARMUP_REQUESTS = 5  # per connection
AB_TIMEOUT = 60  # seconds ab waits for an answer


class Meter(Protocol):
    def start(self) -> None: ...
    def stop(self) -> float | None: ...


@dataclass
class Load:
    """What one load run measured. `samples` are latencies in ms, ascending: every request's
    (Python clients), or each ab process's percentiles 1 to 100 pooled (ab keeps its
    latencies to itself; the processes make equally many requests, so each counts alike)."""

    requests: int
    elapsed: float
    samples: list[float]
    non_2xx: int = 0
    failed: int = 0  # no answer: connection errors, timeouts
    problem: str = ""  # the first non-2xx answer or error, when the client saw it
    cpu: list[float | None] = field(default_factory=list)  # per meter, in the order given

    @property
    def rate(self) -> float:
        return self.requests / self.elapsed


def split(total: int, parts: int) -> list[int]:
    """`total` in `parts` shares differing by at most one, the larger ones first."""
    return [total // parts + (n < total % parts) for n in range(parts)]


def describe_load(processes: int) -> str:
    """The load generator run_load uses, for the bench's output."""
    ab = shutil.which("ab")
    if ab is None:
        return f"{processes} Python client process{'es' * (processes != 1)} (ab not installed)"
    version = subprocess.run([ab, "-V"], capture_output=True, text=True).stdout
    found = re.search(r"Version (\S+)", version)
    return f"ab {found[1] if found else '(version unknown)'}"


def run_load(
    url: str,
    headers: dict[str, str],
    bodies: Sequence[bytes],
    connections: int,
    requests: int,
    meters: Sequence[Meter] = (),
) -> Load:
    """POST `requests` JSON bodies to `url` over `connections` keep-alive connections, one
    client process per body (each body its share of requests and connections)."""
    if not len(bodies) <= connections <= requests:
        raise BenchError(
            f"Needs at least one connection per user and one request per connection: "
            f"{len(bodies)} users, {connections} connections, {requests} requests"
        )
    users = len(bodies)
    shares = list(zip(bodies, split(connections, users), split(requests, users), strict=True))
    ab = shutil.which("ab")
    if ab is not None:
        return _ab_load(ab, url, headers, shares, meters)
    return _python_load(url, headers, shares, meters)


# --- ApacheBench ----------------------------------------------------------------------------


@dataclass
class AbResult:
    complete: int
    seconds: float
    failed: int  # without ab's "Length" failures: a JSON answer's length varies, rightly
    non_2xx: int
    percentiles: list[float]  # ms at 0, 1, ..., 100 %


def parse_ab(report: str, percentiles_csv: str = "") -> AbResult:
    """ab's report (stdout) and its `-e` file: "Percentage served,Time in ms" then one line
    per percent, 0 to 100."""

    def number(label: str, default: str | None = None) -> str:
        found = re.search(rf"^{label}:\s+([0-9.]+)", report, re.MULTILINE)
        if found is None:
            if default is None:
                raise BenchError(f"ab's report has no '{label}':\n{report[-2000:]}")
            return default
        return found[1]

    complete = int(number("Complete requests"))
    failed = int(number("Failed requests"))
    breakdown = re.search(r"\(Connect: \d+, Receive: \d+, Length: (\d+), Exceptions: \d+\)", report)
    percentiles = [
        float(line.split(",")[1]) for line in percentiles_csv.splitlines()[1:] if line.strip()
    ]
    # ab reads percent p of its sorted requests at [int(0.5 + complete * p / 100)]: past the
    # last one for the top percents of a short run (it prints what memory holds there). The
    # last one is the slowest, its 100 %.
    for p in range(1, len(percentiles) - 1):
        if int(0.5 + complete * p / 100) >= complete:
            percentiles[p] = percentiles[-1]
    return AbResult(
        complete=complete,
        seconds=float(number("Time taken for tests")),
        failed=failed - int(breakdown[1] if breakdown else 0),
        non_2xx=int(number("Non-2xx responses", default="0")),
        percentiles=percentiles,
    )


def pooled_percentiles(results: list[AbResult]) -> list[float]:
    """Each ab process's percentiles 1 to 100 together, ascending: the latencies of all their
    requests as closely as ab tells them, since each made as many (give or take one)."""
    return sorted(ms for result in results for ms in result.percentiles[1:])


def _ab_load(ab: str, url: str, headers: dict, shares: list, meters: Sequence[Meter]) -> Load:
    with tempfile.TemporaryDirectory(prefix="studyxp-bench-ab-") as scratch:
        folder = Path(scratch)
        for user, (body, _, _) in enumerate(shares):
            (folder / f"body-{user}.json").write_bytes(body)

        def run_all(timed: bool) -> list[AbResult]:
            started = []
            for user, (_, conns, requests) in enumerate(shares):
                csv = folder / f"percentiles-{user}.csv"
                command = [
                    ab, "-k", "-q", "-s", str(AB_TIMEOUT),
                    "-c", str(conns),
                    "-n", str(requests if timed else conns * WARMUP_REQUESTS),
                    "-p", str(folder / f"body-{user}.json"), "-T", "application/json",
                    *(arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")),
                    *(["-e", str(csv)] if timed else []),
                    url,
                ]  # fmt: skip
                out = folder / f"ab-{user}.txt"
                with open(out, "wb") as report:
                    process = subprocess.Popen(command, stdout=report, stderr=subprocess.STDOUT)
                started.append((process, out, csv))
            results = []
            try:
                for process, out, csv in started:
                    process.wait()
                    text = out.read_text(errors="replace")
                    if process.returncode != 0:
                        status = process.returncode
                        raise BenchError(f"ab exited with status {status}:\n{text[-2000:]}")
                    results.append(parse_ab(text, csv.read_text() if timed else ""))
            finally:  # one ab failed, or Ctrl-C: the others stop too
                for process, _, _ in started:
                    if process.poll() is None:
                        process.kill()
                        process.wait()
            return results

        run_all(timed=False)
        for meter in meters:
            meter.start()
        results = run_all(timed=True)
        cpu = [meter.stop() for meter in meters]
    return Load(
        requests=sum(r.complete for r in results),
        # The processes start together; the last one to finish ends the run.
        elapsed=max(r.seconds for r in results),
        samples=pooled_percentiles(results),
        non_2xx=sum(r.non_2xx for r in results),
        failed=sum(r.failed for r in results),
        cpu=cpu,
    )


# --- Python client processes (no ab) --------------------------------------------------------


def _python_load(url: str, headers: dict, shares: list, meters: Sequence[Meter]) -> Load:
    # Forked, so a client process imports nothing; it only speaks HTTP, never to the
    # parent's database connections, and leaves with os._exit (multiprocessing's way).
    context = multiprocessing.get_context("fork")
    start_line = context.Barrier(len(shares) + 1)
    answers = context.SimpleQueue()
    processes = [
        context.Process(
            target=_client_process,
            args=(url, headers, body, conns, requests, start_line, answers),
            daemon=True,
        )
        for body, conns, requests in shares
    ]
    for process in processes:
        process.start()
    try:
        start_line.wait(timeout=120)
    except threading.BrokenBarrierError:
        pass  # the process that broke it says why, below
    for meter in meters:
        meter.start()
    start = time.perf_counter()
    results = [answers.get() for _ in processes]
    elapsed = time.perf_counter() - start
    for process in processes:
        process.join()
    cpu = [meter.stop() for meter in meters]
    errors = [result["error"] for result in results if "error" in result]
    if errors:
        raise BenchError(f"A client process broke off: {errors[0]}")
    return Load(
        requests=sum(len(r["latencies"]) for r in results),
        elapsed=elapsed,
        samples=sorted(ms for r in results for ms in r["latencies"]),
        non_2xx=sum(r["non_2xx"] for r in results),
        failed=sum(r["failed"] for r in results),
        problem=next((r["problem"] for r in results if r["problem"]), ""),
        cpu=cpu,
    )


def _client_process(url, headers, body, connections, requests, start_line, answers) -> None:
    """One user's client: `connections` threads, each on one keep-alive connection."""
    address = urlsplit(url)
    headers = {**headers, "Content-Type": "application/json"}
    warmed = threading.Barrier(connections + 1)
    go = threading.Event()
    latencies: list[float] = []
    tally = {"non_2xx": 0, "failed": 0, "problem": ""}

    def post(connection: http.client.HTTPConnection) -> None:
        """One request; only those after the start line count, as with ab."""
        for attempt in (1, 2):  # the server may close an idle keep-alive connection
            try:
                connection.request("POST", address.path, body, headers)
                response = connection.getresponse()
                answer = response.read()
                break
            except (http.client.HTTPException, OSError) as error:
                connection.close()
                if attempt == 2:
                    if go.is_set():
                        tally["failed"] += 1
                        tally["problem"] = tally["problem"] or repr(error)
                    return
        if response.status // 100 != 2 and go.is_set():
            tally["non_2xx"] += 1
            tally["problem"] = tally["problem"] or (
                f"{response.status} {answer[:200].decode(errors='replace')}"
            )

    def client(count: int) -> None:
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        try:
            for _ in range(WARMUP_REQUESTS):
                post(connection)
            warmed.wait()
            go.wait()
            for _ in range(count):
                call = time.perf_counter()
                post(connection)
                latencies.append((time.perf_counter() - call) * 1000)
        except threading.BrokenBarrierError:
            pass
        finally:
            connection.close()

    threads = [
        threading.Thread(target=client, args=(count,), daemon=True)
        for count in split(requests, connections)
    ]
    try:
        for thread in threads:
            thread.start()
        warmed.wait(timeout=120)
        start_line.wait(timeout=120)
    except Exception as error:
        warmed.abort()
        start_line.abort()
        answers.put({"error": repr(error)})
        return
    go.set()
    for thread in threads:
        thread.join()
    answers.put({"latencies": latencies, **tally})
