"""Rate limits on logging in, signing up, flipping cards and the API, counted in the database.

Each limited subject (an API key, an email typed at login, a client address, a learner) has
one row holding its hits in its current window. Every worker process, on every machine, counts
with one atomic upsert on that row, so a limit holds however many processes serve the requests.
A window opens at a subject's first hit and lasts the rate's period; the first hit after it
has ended opens the next. Like any fixed window, this lets a client fit up to twice the limit
into a short time around a window's end, and needs no more than one row per subject.

Large limits are counted in blocks: a process that sees a hit on a rate of at least
2 x BLOCK_SHARE hits reserves limit // BLOCK_SHARE of them with one upsert and hands them out
from memory, so a busy API key costs a statement every few dozen requests instead of every
one. Each process holds at most one block per subject, so a client is refused at most
(processes - 1) x block hits early (0.5% of the limit per process): never late. Small limits
(logins, sign-ups, flips) are counted one hit at a time, exactly.
"""

import hashlib
import math
import re
import threading
from dataclasses import dataclass

from flask import Flask, Response, current_app, g, jsonify, request
from sqlalchemy import (
    BigInteger,
    Insert,
    Integer,
    String,
    bindparam,
    case,
    delete,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.extensions import db

UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600}
RATE_FORMAT = re.compile(r"([1-9][0-9]*)/(?:([1-9][0-9]*) ?)?(second|minute|hour)s?")
MAX_LIMIT = 1_000_000_000  # keeps the hit counter far inside a 32-bit column
# Ended windows are harmless (the next hit starts afresh), so rows are only deleted to keep
# the table small: by each process at most once a minute.
CLEANUP_INTERVAL = 60
# A rate of at least 2 x BLOCK_SHARE hits is counted in blocks of limit // BLOCK_SHARE.
BLOCK_SHARE = 200

# What each limit counts, and the setting that holds its rate (STUDYXP_<setting> in the
# environment, see app/config.py).
API_KEY = "api-key"  # requests per API key
LOGIN_EMAIL = "login-email"  # failed logins per account email
LOGIN_ADDRESS = "login-ip"  # login attempts per client address
REGISTER_ADDRESS = "register-ip"  # sign-ups per client address
FLIP_ACCOUNT = "flip-account"  # flips per learner (account id), counted or not
REVIEW_ACCOUNT = "review-account"  # grades and undos per learner (account id)
SETTINGS = {
    API_KEY: "API_RATE_LIMIT",
    LOGIN_EMAIL: "LOGIN_RATE_LIMIT",
    LOGIN_ADDRESS: "LOGIN_IP_RATE_LIMIT",
    REGISTER_ADDRESS: "REGISTER_RATE_LIMIT",
    FLIP_ACCOUNT: "FLIP_RATE_LIMIT",
    REVIEW_ACCOUNT: "REVIEW_RATE_LIMIT",
}


class RateLimitCounter(db.Model):
    """One subject's hits in its current window; a row whose window has ended counts none."""

    __tablename__ = "rate_limit_counter"

    scope: Mapped[str] = mapped_column(String(32), primary_key=True)
    # A SHA-256 digest: bounded in length, and a password typed into the email box at login
    # is not stored in the clear.
    subject: Mapped[str] = mapped_column(String(64), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)
    window_end: Mapped[int] = mapped_column(BigInteger, index=True)  # Unix time, seconds


@dataclass(frozen=True)
class Rate:
    """`limit` hits per `count` `unit`s, written 6000/minute or 5/15 minutes."""

    limit: int
    count: int
    unit: str

    @classmethod
    def parse(cls, text: str) -> "Rate":
        match = RATE_FORMAT.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise ValueError(
                f"{text!r} is not a rate: write N/second, N/minute, N/hour or N/M minutes "
                "(or seconds, hours), such as 6000/minute or 5/15 minutes"
            )
        if int(match[1]) > MAX_LIMIT:
            raise ValueError(f"{text!r} allows too many hits: at most {MAX_LIMIT} per period")
        return cls(int(match[1]), int(match[2] or 1), match[3])

    @property
    def period(self) -> int:
        """The window's length in seconds."""
        return self.count * UNIT_SECONDS[self.unit]

    @property
    def per(self) -> str:
        return self.unit if self.count == 1 else f"{self.count} {self.unit}s"

    def __str__(self) -> str:
        return f"{self.limit}/{self.per}"


@dataclass
class Block:
    """Hits a process reserved for one subject: counts first .. first + size - 1 of the
    window ending at window_end, of which `used` are handed out."""

    first: int
    size: int
    window_end: int
    used: int = 1


@dataclass(frozen=True)
class Usage:
    """A subject's hits in its window, counting the hit just made."""

    rate: Rate
    hits: int
    window_end: int
    now: int

    @property
    def exceeded(self) -> bool:
        return self.hits > self.rate.limit

    @property
    def remaining(self) -> int:
        return max(self.rate.limit - self.hits, 0)

    @property
    def retry_after(self) -> int:
        """Whole seconds until the window ends, at least 1."""
        return max(self.window_end - self.now, 1)

    def retry_in_minutes(self) -> str:
        minutes = math.ceil(self.retry_after / 60)
        return "1 minute" if minutes == 1 else f"{minutes} minutes"


class RateLimiter:
    """Hit counters in the database, shared by every process that uses it."""

    def __init__(self, engine: Engine):
        # Each count is one statement committed on its own, on a connection of its own: it
        # never joins (or waits on) the transaction of the request that is being counted.
        self.engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._next_cleanup = 0
        self._count = count_statement(engine.dialect.name)
        # (scope, subject digest) -> the block this process holds; gunicorn's threads share it.
        self._blocks: dict[tuple[str, str], Block] = {}
        self._lock = threading.Lock()

    def hit(self, scope: str, subject: str, rate: Rate) -> Usage:
        """Count one hit of `subject` in `scope` and return the usage including it."""
        now = int(clock.timestamp())
        subject = digest(subject)
        size = block_size(rate)
        if size > 1:
            with self._lock:
                block = self._blocks.get((scope, subject))
                if block is not None and block.used < block.size and now < block.window_end:
                    block.used += 1
                    return Usage(rate, block.first + block.used - 1, block.window_end, now)
        values = {
            "scope": scope,
            "subject": subject,
            "now": now,
            "window_end": now + rate.period,
            "step": size,
        }
        with self.engine.connect() as conn:
            hits, window_end = conn.execute(self._count, values).one()
        if size > 1:
            with self._lock:
                self._blocks[(scope, subject)] = Block(hits - size + 1, size, window_end)
        if now >= self._next_cleanup:
            self._next_cleanup = now + CLEANUP_INTERVAL
            self.delete_ended(now)
        return Usage(rate, hits - size + 1, window_end, now)

    def reset(self, scope: str, subject: str) -> None:
        """Forget `subject`'s hits in `scope`."""
        table = RateLimitCounter.__table__
        with self._lock:
            self._blocks.pop((scope, digest(subject)), None)
        with self.engine.connect() as conn:
            conn.execute(
                delete(table).where(table.c.scope == scope, table.c.subject == digest(subject))
            )

    def delete_ended(self, now: int | None = None) -> int:
        """Delete the rows whose window has ended; return how many there were."""
        now = int(clock.timestamp()) if now is None else now
        with self._lock:
            for held, block in list(self._blocks.items()):
                if block.window_end <= now:
                    del self._blocks[held]
        table = RateLimitCounter.__table__
        with self.engine.connect() as conn:
            return conn.execute(delete(table).where(table.c.window_end <= now)).rowcount


def block_size(rate: Rate) -> int:
    """How many hits a process reserves at a time for a subject limited by `rate`."""
    return max(rate.limit // BLOCK_SHARE, 1)


def count_statement(dialect: str) -> Insert:
    """:step hits as one atomic upsert: a new row, :step more hits, or a fresh window if it
    ended; it returns the count after them.

    Built once per limiter (bound values :scope, :subject, :now, :window_end, the end of a
    window opened now, and :step), as building it costs more than running it.
    """
    table = RateLimitCounter.__table__
    step = bindparam("step", type_=Integer())
    values = {
        "scope": bindparam("scope", type_=String()),
        "subject": bindparam("subject", type_=String()),
        "hits": step,
        "window_end": bindparam("window_end", type_=BigInteger()),
    }
    if dialect == "postgresql":
        # Commit the count without waiting for its WAL to reach the disk: that wait is most of
        # the statement's time. A crash can then lose the last few counts, which only lets a
        # client make a few more requests than its limit in that window: harmless. set_config
        # with is_local = true lasts until the statement's own (autocommit) transaction ends,
        # so it costs no round trip and never reaches the other users of the connection.
        row = select(*values.values()).where(
            func.set_config("synchronous_commit", "off", True) == "off"
        )
        statement = pg_insert(table).from_select(list(values), row)
    else:
        statement = sqlite_insert(table).values(values)
    ended = table.c.window_end <= bindparam("now")
    return statement.on_conflict_do_update(
        index_elements=[table.c.scope, table.c.subject],
        set_={
            "hits": case((ended, statement.excluded.hits), else_=table.c.hits + step),
            "window_end": case((ended, statement.excluded.window_end), else_=table.c.window_end),
        },
    ).returning(table.c.hits, table.c.window_end)


def digest(subject: str) -> str:
    return hashlib.sha256(subject.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class RateLimits:
    """The app's limiter and rates; with `enabled` False nothing is counted."""

    limiter: RateLimiter
    rates: dict[str, Rate]
    enabled: bool = True

    def hit(self, scope: str, subject: str) -> Usage | None:
        if not self.enabled:
            return None
        return self.limiter.hit(scope, subject, self.rates[scope])

    def reset(self, scope: str, subject: str) -> None:
        if self.enabled:
            self.limiter.reset(scope, subject)


def init_app(app: Flask) -> None:
    """Read the rates (a malformed one stops the app from starting) and bind the limiter."""
    rates = {}
    for scope, setting in SETTINGS.items():
        try:
            rates[scope] = Rate.parse(app.config[setting])
        except ValueError as error:
            raise ValueError(f"{setting} (environment: STUDYXP_{setting}): {error}") from None
    enabled = app.config["RATE_LIMITS"]
    if not isinstance(enabled, bool):
        raise ValueError(f"RATE_LIMITS must be True or False, not {enabled!r}")
    with app.app_context():
        limiter = RateLimiter(db.engine)
    app.extensions["rate_limits"] = RateLimits(limiter, rates, enabled)
    app.after_request(add_api_rate_headers)


def rate_limits() -> RateLimits:
    return current_app.extensions["rate_limits"]


def client_address() -> str:
    # The peer of the connection: behind a reverse proxy that is the proxy, unless the app is
    # wrapped in werkzeug's ProxyFix to trust its X-Forwarded-For.
    return request.remote_addr or "unknown"


def count_login_attempt(email: str) -> Usage | None:
    """Count a login attempt from this client for `email`; the usage over its limit, if any.

    Counted before the password is checked, so parallel guesses cannot all slip in under the
    limit; a successful login forgets the email's count (forget_login_failures).
    """
    for scope, subject in ((LOGIN_ADDRESS, client_address()), (LOGIN_EMAIL, _email(email))):
        usage = rate_limits().hit(scope, subject)
        if usage is not None and usage.exceeded:
            return usage
    return None


def forget_login_failures(email: str) -> None:
    rate_limits().reset(LOGIN_EMAIL, _email(email))


def count_registration() -> Usage | None:
    """Count a sign-up from this client; the usage over its limit, if any."""
    usage = rate_limits().hit(REGISTER_ADDRESS, client_address())
    return usage if usage is not None and usage.exceeded else None


def count_flip(account_id: int) -> Usage | None:
    """Count a flip by this learner, whether it earns XP or not; the usage over its limit, if
    any. Counted before anything else about the flip, so a flood costs one upsert a request."""
    usage = rate_limits().hit(FLIP_ACCOUNT, str(account_id))
    return usage if usage is not None and usage.exceeded else None


def count_review(account_id: int) -> Usage | None:
    """Count a grade or an undo by this learner on the review page; the usage over its limit,
    if any. Reviews have their own budget: a learner may review in one tab and flip through a
    deck in another, and each pace is judged on its own."""
    usage = rate_limits().hit(REVIEW_ACCOUNT, str(account_id))
    return usage if usage is not None and usage.exceeded else None


def _email(email: str) -> str:
    return email.strip().lower()


def limit_api_key(key_id: int) -> Response | None:
    """Count a request made with an API key; the 429 answer when the key is over its limit."""
    usage = rate_limits().hit(API_KEY, str(key_id))
    if usage is None:
        return None
    g.api_rate_usage = usage
    if not usage.exceeded:
        return None
    seconds = "1 second" if usage.retry_after == 1 else f"{usage.retry_after} seconds"
    response = jsonify(
        error=f"Rate limit exceeded: {usage.rate.limit} requests per {usage.rate.per} "
        f"per API key. Retry after {seconds}."
    )
    response.status_code = 429
    response.headers["Retry-After"] = str(usage.retry_after)
    return response


def add_api_rate_headers(response: Response) -> Response:
    """Tell API clients their key's limit, what is left of it and when the window ends."""
    usage = g.get("api_rate_usage")
    if usage is not None:
        response.headers["X-RateLimit-Limit"] = str(usage.rate.limit)
        response.headers["X-RateLimit-Remaining"] = str(usage.remaining)
        response.headers["X-RateLimit-Reset"] = str(usage.window_end)
    return response
