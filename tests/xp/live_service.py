"""A second StudyXP serving the XP API over real HTTP, for the HttpXpClient tests.

The app runs in a werkzeug server thread on 127.0.0.1 at a free port, behind a small WSGI
wrapper that records every request (method, path, Idempotency-Key, time) and can play
faults first: a status with headers (429 with Retry-After, a 503, an HTML 502), or a sleep
before or after the app handles the request (a slow service, or an answer lost after the
event was applied).
"""

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from flask import Flask
from werkzeug.serving import make_server

from app.extensions import db
from app.xp.admin.api_keys import create_api_key
from app.xp.client.http import HttpXpClient
from app.xp.client.in_process import InProcessXpClient
from tests.support import build_app

# How often the server thread checks whether it was asked to stop: stopping waits up to this
# long (socketserver's default, 0.5 s, would add half a second to every test that starts one).
SHUTDOWN_POLL_SECONDS = 0.02


@dataclass(frozen=True)
class Attempt:
    method: str
    path: str
    idempotency_key: str | None
    at: float  # time.monotonic() when the request arrived


@dataclass(frozen=True)
class Status:
    """Answer with this status (and headers) instead of calling the app."""

    code: int
    headers: dict = field(default_factory=dict)
    body: str | None = None  # JSON {"error": ...} when None


@dataclass(frozen=True)
class Sleep:
    """Sleep `seconds` before the app handles the request, or after (holding its answer)."""

    seconds: float
    after: bool = False


class FaultyWsgi:
    """Records each request; the next queued fault, if any, applies to it."""

    def __init__(self, app: Flask):
        self.app = app
        self.attempts: list[Attempt] = []
        self.finished = 0
        self._faults: deque = deque()
        self._lock = threading.Lock()

    def play(self, *faults) -> None:
        with self._lock:
            self._faults.extend(faults)

    def __call__(self, environ, start_response):
        with self._lock:
            self.attempts.append(
                Attempt(
                    environ["REQUEST_METHOD"],
                    environ["PATH_INFO"],
                    environ.get("HTTP_IDEMPOTENCY_KEY"),
                    time.monotonic(),
                )
            )
            fault = self._faults.popleft() if self._faults else None
        try:
            if isinstance(fault, Status):
                body = fault.body
                if body is None:
                    body = json.dumps({"error": f"Injected {fault.code}"})
                start_response(
                    f"{fault.code} Injected",
                    [("Content-Type", "application/json"), *fault.headers.items()],
                )
                return [body.encode()]
            if isinstance(fault, Sleep) and not fault.after:
                time.sleep(fault.seconds)
            # Run the app to the end before answering, so a Sleep(after=True) holds an answer
            # whose event is already committed.
            captured = {}

            def capture(status, headers, exc_info=None):
                captured.update(status=status, headers=headers)
                return lambda data: None

            result = self.app(environ, capture)
            try:
                body = b"".join(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
            if isinstance(fault, Sleep) and fault.after:
                time.sleep(fault.seconds)
            start_response(captured["status"], captured["headers"])
            return [body]
        finally:
            with self._lock:
                self.finished += 1

    def wait_until_finished(self, count: int, timeout: float = 10.0) -> None:
        """Wait for `count` requests to have run to the end (a sleeping one included)."""
        deadline = time.monotonic() + timeout
        while self.finished < count:
            assert time.monotonic() < deadline, f"{self.finished} of {count} requests finished"
            time.sleep(0.02)


@dataclass
class XpService:
    app: Flask
    api_key: str
    wsgi: FaultyWsgi
    url: str = ""  # the API base, http://127.0.0.1:<port>/api/v1
    port: int = 0  # a free one at first; the same one when started again after stop()
    _server: object = None
    _thread: threading.Thread | None = None

    def start(self) -> "XpService":
        self._server = make_server("127.0.0.1", self.port, self.wsgi, threaded=True)
        self.port = self._server.server_port
        self.url = f"http://127.0.0.1:{self.port}/api/v1"
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS},
            name="xp-service",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop answering: connections to the port are refused from now on."""
        if self._server is None:
            return
        self._server.shutdown()
        self._thread.join(timeout=10)
        self._server.server_close()
        self._server = None

    def close(self) -> None:
        self.stop()
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()


def start_xp_service(database_url: str, config: dict | None = None) -> XpService:
    """A seeded XP service (flashcards-flipped; XP +10 every 5, +50 every 25) with an API key."""
    from seed import seed_xp

    app = build_app(
        {
            "TESTING": True,
            "SECRET_KEY": "xp-service-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            **(config or {}),
        }
    )
    with app.app_context():
        seed_xp()
        _, secret = create_api_key("study-app")
    return XpService(app=app, api_key=secret, wsgi=FaultyWsgi(app)).start()


def make_client(service: XpService, **options) -> HttpXpClient:
    """An HttpXpClient on the service, with short timeouts and no cooldown (tests wait less)."""
    settings = {"timeout": 2.0, "connect_timeout": 1.0, "backoff": 0.01, "cooldown": 0}
    return HttpXpClient(service.url, service.api_key, **{**settings, **options})


def in_process(service: XpService, method: str, *args, **kwargs):
    """What InProcessXpClient answers on the service's own database."""
    with service.app.app_context():
        return getattr(InProcessXpClient(), method)(*args, **kwargs)
