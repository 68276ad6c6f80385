"""Run StudyXP under gunicorn, as production does, in a child process (load tests, benchmarks).

`gunicorn_args()` is the production command line the README documents; `serve()` starts it
on 127.0.0.1 at a free port, waits until every worker answers GET /healthz and stops it
again (SIGTERM, then SIGKILL for the whole process group). The schema must exist already:
the caller runs the migrations first, as `flask --app app db upgrade` does in production.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WSGI_APP = "app:create_app()"
# Threads per worker. Measured with 16 clients on 2 cores (README "Production: gunicorn and
# PostgreSQL"): gthread keeps client connections open (sync workers close every one), and a
# few threads let a worker parse the next request while another waits on the user's lock.
THREADS = 4
# Seconds a worker may go silent before the master kills and replaces it.
TIMEOUT = 30
# The access log names the worker (`<pid>`) that served each request.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms %(p)s'

_ACCESS_LINE = re.compile(
    r'^\S+ \[[^\]]*\] "\S+ (?P<path>\S+)[^"]*" (?P<status>\d{3}) \S+ \d+ms <(?P<pid>\d+)>$',
    re.MULTILINE,
)
_BOOTED = re.compile(r"Booting worker with pid: (\d+)")
_PORT_IN_USE = "Connection in use"


def gunicorn_args(workers: int, bind: str, wsgi_app: str = WSGI_APP) -> list[str]:
    """gunicorn's arguments for production: the README's command line after `gunicorn`
    (`wsgi_app` other than StudyXP: the bench's bare-stack baseline, with the same flags)."""
    return [
        "--workers", str(workers),
        "--worker-class", "gthread",
        "--threads", str(THREADS),
        "--timeout", str(TIMEOUT),
        "--bind", bind,
        "--access-logfile", "-",
        "--access-logformat", ACCESS_LOG_FORMAT,
        wsgi_app,
    ]  # fmt: skip


class ServerError(RuntimeError):
    """gunicorn did not start; the message ends with its log."""

    def __init__(self, message: str, log: str):
        # The readiness polls would drown what gunicorn itself said.
        log = "\n".join(line for line in log.splitlines() if '"GET /healthz ' not in line)
        super().__init__(f"{message}\n--- gunicorn log ---\n{log[-5000:]}")


@dataclass
class Gunicorn:
    """A running gunicorn: where it answers, its processes and its log."""

    base_url: str
    master_pid: int
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def worker_pids(self) -> list[int]:
        """The workers alive now, oldest first (the master replaces any that die)."""
        return [pid for pid in _booted(self.log()) if _alive(pid)]

    def requests_per_worker(self, path: str = "", status: int | None = None) -> Counter[int]:
        """Requests answered by each worker pid, from the access log; optionally only those
        whose path starts with `path` and whose status is `status`."""
        counts = Counter()
        for line in _ACCESS_LINE.finditer(self.log()):
            if line["path"].startswith(path) and status in (None, int(line["status"])):
                counts[int(line["pid"])] += 1
        return counts


@contextmanager
def serve(
    database_url: str,
    workers: int = 2,
    env: Mapping[str, str] | None = None,
    log_path: Path | None = None,
    startup_timeout: float = 60,
    stop_timeout: float = 10,
    wsgi_app: str = WSGI_APP,
) -> Iterator[Gunicorn]:
    """gunicorn serving StudyXP (or `wsgi_app`) on `database_url` with `workers` workers, until
    the block ends.

    `env` adds to the environment (SECRET_KEY, STUDYXP_API_RATE_LIMIT, ...). The log (error
    and access log) goes to `log_path`, else to a temporary file removed afterwards.
    """
    with tempfile.TemporaryDirectory(prefix="studyxp-gunicorn-") as scratch:
        log_path = Path(log_path or Path(scratch) / "gunicorn.log")
        environment = {**os.environ, "DATABASE_URL": database_url, **(env or {})}
        # gunicorn (25.1+) opens a control socket for gunicornc in $XDG_RUNTIME_DIR, else in
        # ~/.gunicorn: one per server here, so servers running side by side keep their own.
        environment["XDG_RUNTIME_DIR"] = scratch
        # A port found free may be taken before gunicorn binds it: then try another.
        for attempt in range(3):
            port = _free_port()
            process = _start(workers, port, environment, log_path, wsgi_app)
            server = Gunicorn(f"http://127.0.0.1:{port}", process.pid, log_path)
            try:
                _wait_until_ready(server, process, workers, startup_timeout)
            except BaseException as error:
                _stop(process, timeout=0)  # it serves nothing yet: no need to be graceful
                if isinstance(error, ServerError) and _PORT_IN_USE in server.log() and attempt < 2:
                    continue
                raise
            break
        try:
            yield server
        finally:
            _stop(process, stop_timeout)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(workers: int, port: int, env: dict, log_path: Path, wsgi_app: str) -> subprocess.Popen:
    bind = f"127.0.0.1:{port}"
    command = [sys.executable, "-m", "gunicorn", *gunicorn_args(workers, bind, wsgi_app)]
    log_path.write_bytes(b"")  # only this attempt's lines count (workers, readiness)
    # Appending: each worker writes whole lines to the shared file without overwriting others.
    with open(log_path, "ab") as log:
        # A session of its own, so stopping can signal the master and its workers together.
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _wait_until_ready(
    server: Gunicorn, process: subprocess.Popen, workers: int, timeout: float
) -> None:
    """Poll /healthz on new connections until each of the workers has answered it.

    A worker still loading the app takes no connections, and a client's keep-alive
    connection stays with the worker that accepted it; so a load started before then could
    all land on one worker.
    """
    deadline = time.monotonic() + timeout
    last = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"gunicorn exited with status {process.returncode}", server.log())
        if _PORT_IN_USE in server.log():  # rather than wait for gunicorn's 5 s of retries
            raise ServerError(f"{server.base_url} is taken", server.log())
        try:
            # Readiness is read from the access log, so a slow answer need not be awaited.
            with urllib.request.urlopen(server.base_url + "/healthz", timeout=1) as response:
                last = f"{response.status} {response.read(500).decode(errors='replace')}"
        except urllib.error.HTTPError as error:  # e.g. 503 while migrations are pending
            last = f"{error.code} {error.read(500).decode(errors='replace')}"
        except OSError as error:
            last = str(error)
        if len(server.requests_per_worker("/healthz", status=200)) >= workers:
            return
        time.sleep(0.1)
    raise ServerError(
        f"gunicorn did not answer /healthz from {workers} workers within {timeout:g} s "
        f"(last answer: {last})",
        server.log(),
    )


def _stop(process: subprocess.Popen, timeout: float) -> None:
    """SIGTERM (a graceful stop); SIGKILL to the whole group if it takes over `timeout`."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
    # Workers the master could not stop (or a master that died first) must not outlive us.
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def _booted(log: str) -> list[int]:
    return [int(pid) for pid in _BOOTED.findall(log)]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
