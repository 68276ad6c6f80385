"""The journeys against a deployment (issue 19): a second StudyXP started the way the README's
run command starts one (`flask db upgrade`, `python seed.py --no-boosts`, `flask run`), then
`pytest tests/e2e --base-url URL` on the smoke journeys and on those that need the process,
which must skip and say why."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.browser import NEEDS_PROCESS_REASON

pytestmark = pytest.mark.calendar_free

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, server: subprocess.Popen, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while True:
        assert server.poll() is None, "flask run exited:\n" + server.stdout.read()
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        assert time.monotonic() < deadline, f"{url} did not answer in {seconds} s"
        time.sleep(0.1)


@pytest.fixture
def deployment(tmp_path):
    """The README's run command, step by step, in a database of its own (the QA profile:
    no weekend boost, sign-ups not limited to 60 an hour). Its URL."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deployment.sqlite3'}",
        "SECRET_KEY": "deployment-secret",
        "STUDYXP_REGISTER_RATE_LIMIT": "1000/hour",
    }
    flask = [str(VENV_BIN / "flask"), "--app", "app"]
    run = {"cwd": REPO, "env": env, "check": True, "capture_output": True}
    subprocess.run([*flask, "db", "upgrade"], **run)
    subprocess.run([sys.executable, "seed.py", "--no-boosts"], **run)
    port = free_port()
    server = subprocess.Popen(
        [*flask, "run", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/healthz", server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_journeys_run_against_a_server_started_from_the_readme(deployment, tmp_path):
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/e2e",
            "--base-url",
            deployment,
            "-m",
            "smoke or needs_process",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "-rs",
            "-vv",  # skip reasons in full, whatever the terminal width
            "--output",
            str(tmp_path / "test-results"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = child.stdout + child.stderr
    assert child.returncode == 0, report
    summary = report.strip().splitlines()[-1]
    passed = int(re.search(r"(\d+) passed", summary).group(1))
    skipped = int(re.search(r"(\d+) skipped", summary).group(1))
    assert passed == 3, summary
    assert skipped >= 25, summary  # every journey that reaches into the process
    assert report.count(NEEDS_PROCESS_REASON) >= 1  # -rs groups the skips by reason
