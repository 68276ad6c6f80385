"""A webhook receiver on loopback for the delivery tests: it records every request (raw body
and headers) and answers as the test scripts it: fail N times, redirect, hold a request until
released, or answer too late."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The longest a held request waits for release: a test that forgets to release ends anyway.
HOLD_LIMIT = 15.0


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Answer:
    status: int = 200
    body: bytes = b'{"ok":true}'
    location: str | None = None
    hold: bool = False  # wait for release() (or HOLD_LIMIT) before answering


@dataclass
class Receiver:
    url: str = ""
    received: list[Received] = field(default_factory=list)
    script: list[Answer] = field(default_factory=list)  # answers to come; then 200
    released: threading.Event = field(default_factory=threading.Event)
    _arrived: threading.Condition = field(default_factory=threading.Condition)

    def answer(self, *answers: Answer) -> None:
        """Answer the next requests so, in order; later ones get 200."""
        self.script.extend(answers)

    def fail(self, times: int, status: int = 500) -> None:
        self.answer(*[Answer(status, b"receiver is down")] * times)

    def release(self) -> None:
        self.released.set()

    def wait_for(self, count: int, timeout: float = 15.0) -> None:
        """Block until `count` requests have arrived (raises after `timeout` seconds)."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.received) >= count, timeout):
                raise AssertionError(f"{len(self.received)} requests arrived, not {count}")

    def _take(self, request: Received) -> Answer:
        with self._arrived:
            self.received.append(request)
            self._arrived.notify_all()
            return self.script.pop(0) if self.script else Answer()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a sender killed mid-request leaves a broken pipe: expected here


@contextmanager
def running_receiver() -> Iterator[Receiver]:
    """A Receiver serving on 127.0.0.1 on a free port until the block ends."""
    receiver = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            request = Received(self.path, dict(self.headers.items()), self.rfile.read(length))
            answer = receiver._take(request)
            if answer.hold:
                receiver.released.wait(HOLD_LIMIT)
            self.send_response(answer.status)
            if answer.location:
                self.send_header("Location", answer.location)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        def log_message(self, format, *args):
            pass  # keep the test output clean

    server = _Server(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_port}/hooks"
    # A short poll interval: shutdown() waits up to one of them.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.release()
        server.shutdown()
        server.server_close()
