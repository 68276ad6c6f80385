"""The delivery worker: sends the outbox's due deliveries, retries them, logs every attempt.

A delivery is claimed in a short transaction that sets its lease (`lease_until`), sent with
no transaction open, and its outcome recorded in another short one. Nothing is held while the
receiver thinks, and a worker killed mid-send loses nothing: once its lease runs out the
delivery is due again and the next worker sends it (at least once; receivers de-duplicate by
`webhook-id`). On PostgreSQL the claim skips rows another worker has locked
(FOR UPDATE SKIP LOCKED), so several workers share the queue without sending one delivery
twice at once; SQLite has one writer, and the claim's BEGIN IMMEDIATE serializes them.

A 2xx answer delivers. Anything else (another status, a redirect, which is never followed, a
timeout, a network error, a target that now resolves to a private address) is retried after
each of WEBHOOK_RETRY_SECONDS' waits, then the delivery is failed. Deliveries to an inactive
endpoint are left pending, untouched, and go out if it is made active again. Messages whose
deliveries are all finished are pruned, with their log, RETENTION after the last of them.
"""

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests
from flask import current_app
from sqlalchemy import delete, exists, insert, or_, select, update

from app import clock
from app.xp.admin.webhooks import target_problem
from app.xp.engine.transaction import event_transaction
from app.xp.models.webhooks import (
    DELIVERED,
    EXCERPT_MAX,
    FAILED,
    PENDING,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookMessage,
)
from app.xp.webhooks.signing import body_bytes, signed_headers

# A lease outlasts the send's timeout by this much: time to connect, read the excerpt and
# record the outcome. A worker that overruns it anyway only logs its attempt (see record).
LEASE_MARGIN = timedelta(seconds=60)
RETENTION = timedelta(days=7)
POLL_SECONDS = 2.0  # how long an idle worker waits before looking for due deliveries again
PRUNE_EVERY = timedelta(hours=1)
PRUNE_BATCH = 500  # messages deleted per transaction, so a big prune never holds the lock long

_endpoints = WebhookEndpoint.__table__
_messages = WebhookMessage.__table__
_deliveries = WebhookDelivery.__table__
_attempts = WebhookAttempt.__table__


@dataclass(frozen=True)
class Claim:
    """A delivery this worker holds until `lease_until`, with what it needs to send it."""

    delivery_id: int
    lease_until: datetime
    url: str
    secret: str
    message_uuid: str
    payload: dict


@dataclass(frozen=True)
class Outcome:
    """What one attempt got: an HTTP status, or None and the error that stopped it."""

    status_code: int | None
    latency_ms: int
    error: str | None = None
    response_excerpt: str | None = None

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


@dataclass
class Summary:
    """What a worker run did to the deliveries it tried, by their state afterwards."""

    delivered: int = 0
    retrying: int = 0
    failed: int = 0

    def count(self, state: str | None) -> None:
        if state == DELIVERED:
            self.delivered += 1
        elif state == PENDING:
            self.retrying += 1
        elif state == FAILED:
            self.failed += 1

    def __str__(self) -> str:
        return f"delivered {self.delivered}, retrying {self.retrying}, failed {self.failed}"


def deliver_due() -> Summary:
    """Prune the old log, then try each delivery due now once (`flask xp webhooks work
    --once`, for cron and tests): a retry due again at once waits for the next run."""
    prune(clock.now())
    summary = Summary()
    with requests.Session() as http:
        claim = claim_next(after=0)
        while claim is not None:
            summary.count(deliver(claim, http))
            claim = claim_next(after=claim.delivery_id)
    return summary


def work(stop: threading.Event) -> Summary:
    """Send deliveries as they fall due until `stop` is set (`flask xp webhooks work`); a
    delivery under way when it is set is finished and recorded first."""
    summary = Summary()
    next_prune = clock.now()
    with requests.Session() as http:
        while not stop.is_set():
            if clock.now() >= next_prune:
                prune(clock.now())
                next_prune = clock.now() + PRUNE_EVERY
            claim = claim_next()
            if claim is None:
                stop.wait(POLL_SECONDS)
                continue
            summary.count(deliver(claim, http))
    return summary


def deliver(claim: Claim, http: requests.Session) -> str | None:
    """Send a claimed delivery once and record the attempt; its state afterwards."""
    return record(claim, send(claim, http))


def claim_next(after: int | None = None) -> Claim | None:
    """Lease the delivery that has been due longest, or None when none is due. With `after`,
    the due delivery with the lowest id above it instead: one pass over the queue, where
    each delivery is tried at most once."""
    now = clock.now()
    due = (
        select(
            _deliveries.c.id,
            _endpoints.c.url,
            _endpoints.c.secret,
            _messages.c.uuid,
            _messages.c.payload,
        )
        .join_from(_deliveries, _endpoints, _deliveries.c.endpoint_id == _endpoints.c.id)
        .join(_messages, _deliveries.c.message_id == _messages.c.id)
        .where(
            _deliveries.c.status == PENDING,
            _deliveries.c.next_attempt <= now,
            or_(_deliveries.c.lease_until.is_(None), _deliveries.c.lease_until <= now),
            _endpoints.c.active.is_(True),
        )
        .limit(1)
        # PostgreSQL: a row another worker is claiming is passed over, not waited for.
        # SQLite compiles no FOR UPDATE: its BEGIN IMMEDIATE already admits one claimer.
        .with_for_update(skip_locked=True, of=_deliveries)
    )
    if after is None:
        due = due.order_by(_deliveries.c.next_attempt, _deliveries.c.id)
    else:
        due = due.where(_deliveries.c.id > after).order_by(_deliveries.c.id)
    lease_until = now + timedelta(seconds=current_app.config["WEBHOOK_TIMEOUT_SECONDS"])
    lease_until += LEASE_MARGIN
    with event_transaction() as conn:
        row = conn.execute(due).first()
        if row is None:
            return None
        conn.execute(
            update(_deliveries).where(_deliveries.c.id == row.id).values(lease_until=lease_until)
        )
    return Claim(row.id, lease_until, row.url, row.secret, row.uuid, row.payload)


def send(claim: Claim, http: requests.Session) -> Outcome:
    """POST the signed payload to the endpoint, without following redirects."""
    problem = target_problem(claim.url)
    if problem:
        return Outcome(None, 0, error=_clip(problem))
    timeout = current_app.config["WEBHOOK_TIMEOUT_SECONDS"]
    body = body_bytes(claim.payload)
    headers = signed_headers(claim.secret, claim.message_uuid, body, clock.now())
    started = time.perf_counter()
    try:
        response = http.post(
            claim.url,
            data=body,
            headers=headers,
            timeout=timeout,
            allow_redirects=False,
            stream=True,  # the log keeps the answer's start only: never read a huge body whole
        )
    except requests.Timeout:
        return Outcome(None, _ms_since(started), error=f"No answer within {timeout:g} s.")
    except requests.RequestException as error:
        return Outcome(None, _ms_since(started), error=_clip(f"Could not connect: {error}"))
    with response:
        excerpt = _excerpt(response)
    error = None
    if response.is_redirect:
        location = response.headers.get("Location", "")
        error = _clip(f"Redirects are not followed (Location: {location}).")
    return Outcome(response.status_code, _ms_since(started), error, excerpt)


def record(claim: Claim, outcome: Outcome) -> str | None:
    """Log the attempt and settle the delivery: delivered, due again after the next wait, or
    failed. Returns its state, or None when it is no longer this worker's to settle."""
    now = clock.now()
    waits = current_app.config["WEBHOOK_RETRY_SECONDS"]
    with event_transaction() as conn:
        delivery = conn.execute(
            select(_deliveries.c.status, _deliveries.c.attempts, _deliveries.c.lease_until).where(
                _deliveries.c.id == claim.delivery_id
            )
        ).first()
        if delivery is None:
            return None  # its endpoint was removed while the request was out
        conn.execute(
            insert(_attempts).values(
                delivery_id=claim.delivery_id,
                at=now,
                status_code=outcome.status_code,
                latency_ms=outcome.latency_ms,
                error=outcome.error,
                response_excerpt=outcome.response_excerpt,
            )
        )
        if delivery.status != PENDING or delivery.lease_until != claim.lease_until:
            # Resent, or our lease ran out and another worker holds it now: theirs to settle.
            return None
        attempts = delivery.attempts + 1
        changes = {"attempts": attempts, "lease_until": None}
        if outcome.ok:
            changes.update(status=DELIVERED, finished=now)
        elif attempts <= len(waits):
            changes.update(next_attempt=now + timedelta(seconds=waits[attempts - 1]))
        else:
            changes.update(status=FAILED, finished=now)
        conn.execute(
            update(_deliveries).where(_deliveries.c.id == claim.delivery_id).values(**changes)
        )
    return changes.get("status", PENDING)


def prune(now: datetime) -> int:
    """Delete the messages older than RETENTION whose deliveries all finished more than
    RETENTION ago, with their deliveries and attempts; how many messages went."""
    cutoff = now - RETENTION
    recent = exists().where(
        _deliveries.c.message_id == _messages.c.id,
        or_(_deliveries.c.status == PENDING, _deliveries.c.finished >= cutoff),
    )
    old = select(_messages.c.id).where(_messages.c.created < cutoff, ~recent).limit(PRUNE_BATCH)
    pruned = 0
    while True:
        with event_transaction() as conn:
            ids = conn.scalars(old).all()
            if not ids:
                return pruned
            deliveries = select(_deliveries.c.id).where(_deliveries.c.message_id.in_(ids))
            conn.execute(delete(_attempts).where(_attempts.c.delivery_id.in_(deliveries)))
            conn.execute(delete(_deliveries).where(_deliveries.c.message_id.in_(ids)))
            conn.execute(delete(_messages).where(_messages.c.id.in_(ids)))
        pruned += len(ids)


def _excerpt(response: requests.Response) -> str | None:
    """The first EXCERPT_MAX characters of the answer (None when it had no body)."""
    try:
        # Four bytes a character at most in UTF-8.
        start = next(response.iter_content(EXCERPT_MAX * 4), b"")
    except requests.RequestException:
        return None  # the status came; a body that stalls or breaks changes nothing
    try:
        text = start.decode(response.encoding or "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know
        text = start.decode("utf-8", errors="replace")
    return text[:EXCERPT_MAX] or None


def _ms_since(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)


def _clip(text: str) -> str:
    return text[:EXCERPT_MAX]
