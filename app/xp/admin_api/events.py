"""POST /admin/v1/metrics/events: Trophy's batch of metric events (admin_metrics_batch_events),
used by StudyXP to backfill past events.

Each event goes through record_event() (app/xp/engine/events.py), in a transaction of its
own as a live event does, so its triggers, awards, streak, achievements, leaderboards and
ledgers are exactly a live event's. What differs from Trophy (docs/admin-api.md):

- Events are applied at once, not queued: the answer is still 202 {"accepted": n}, with the
  bulk endpoints' per-item `issues` beside it (AdminIssue, by the item's `index`).
- `timestamp` (StudyXP's, optional): the ISO 8601 instant of the event, with a zone, not in
  the future; without it the event happens now. The batch is applied in time order (sorted
  by timestamp, equal times in the order sent).
- An event before its user's latest recorded event is refused as an issue: the engine's
  streaks, time triggers and leaderboards assume time order.
- Idempotency: `idempotencyKey` when given (per user and metric, as the Idempotency-Key of
  a live event); else, for an event with a `timestamp`, a key derived from (user id, metric
  key, timestamp, value, and how many identical events came before it in the batch). A
  resent event is ignored: counted in `accepted`, with a warning issue.
"""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import jsonify, request
from sqlalchemy import func, select

from app import clock
from app.extensions import db
from app.xp.admin_api import bulk
from app.xp.admin_api.blueprint import bp
from app.xp.engine.events import record_event
from app.xp.errors import Unprocessable, XpError
from app.xp.inputs import UserInput, check_value
from app.xp.models.metrics import IDEMPOTENCY_KEY_MAX, Metric, MetricEvent
from app.xp.models.users import XpUser

MAX_EVENTS = 1000  # Trophy's maxItems
# 1,000 events do not fit the API's 64 KiB bodies: this call takes up to 1 MiB.
MAX_BYTES = 1024 * 1024
DERIVED_PREFIX = "backfill:"

WHOLE = f"The body must be a JSON array of 1 to {MAX_EVENTS} metric events"
NOT_OBJECT = "A metric event must be a JSON object"
NO_KEY = "key is required, as a string"
NO_USER = "user is required, as an object with a string id"
BAD_KEY = f"idempotencyKey must be a string of 1 to {IDEMPOTENCY_KEY_MAX} characters"
BAD_TIME = "timestamp must be an ISO 8601 date and time with a zone, e.g. 2027-01-09T08:30:00Z"
FUTURE = "timestamp is in the future: only past events can be backfilled"
OUT_OF_ORDER = (
    "Event at {at} is before this user's latest recorded event ({latest}): events are "
    "applied in time order, so only events at or after it can be added"
)
REPLAYED = "An event with this idempotencyKey was already recorded: ignored"
DUPLICATE = "The same event (user, key, timestamp, value) was already recorded: ignored"


@dataclass
class Event:
    index: int
    metric_key: str
    user: dict
    user_id: str
    value: float
    at: datetime
    timed: bool
    attributes: object
    idempotency_key: str | None
    derived: bool = False


@bp.post("/metrics/events")
def batch_events():
    """Record each event of the array, in time order: 202 {"accepted", "issues"}."""
    now = clock.now()
    events, issues = [], []
    for index, item in enumerate(events_body()):
        event = checked_event(index, item, now)
        if isinstance(event, str):
            issues.append(bulk.error(event, index=index))
        else:
            events.append(event)
    events.sort(key=lambda event: event.at)  # stable: equal times keep the order sent
    derive_keys(events)
    accepted = 0
    for event in events:
        issue = apply(event)
        if issue is None or issue["severity"] == "warning":
            accepted += 1
        if issue is not None:
            issues.append(issue)
    issues.sort(key=lambda issue: issue["index"])
    return jsonify(accepted=accepted, issues=issues), 202


def events_body() -> list:
    """The JSON array of 1 to MAX_EVENTS events, in a body of at most MAX_BYTES."""
    request.max_content_length = MAX_BYTES
    try:
        body = request.get_json(force=True, silent=True)
    except RecursionError:  # e.g. [[[[...]]]] nested thousands deep
        body = None
    if not isinstance(body, list) or not 1 <= len(body) <= MAX_EVENTS:
        raise Unprocessable(WHOLE)
    return body


def checked_event(index: int, item, now: datetime) -> "Event | str":
    """The item as an Event, or what is wrong with it (the engine checks the rest: user
    fields, attributes, the metric)."""
    if not isinstance(item, dict):
        return NOT_OBJECT
    if not isinstance(item.get("key"), str):
        return NO_KEY
    user = item.get("user")
    if not isinstance(user, dict) or not isinstance(user.get("id"), str):
        return NO_USER
    try:
        user_id = UserInput.parse(user).id
        value = check_value(item.get("value"))
    except XpError as error:
        return error.message
    key = item.get("idempotencyKey")
    if key is not None and (
        not isinstance(key, str) or not key.strip() or len(key) > IDEMPOTENCY_KEY_MAX
    ):
        return BAD_KEY
    at, timed = now, "timestamp" in item and item["timestamp"] is not None
    if timed:
        at = instant(item["timestamp"])
        if at is None:
            return BAD_TIME
        if at > now:
            return FUTURE
    return Event(index, item["key"], user, user_id, value, at, timed, item.get("attributes"), key)


def instant(raw) -> datetime | None:
    """An aware datetime (in UTC) from ISO 8601 text with a zone, else None."""
    if not isinstance(raw, str) or "T" not in raw:
        return None
    try:
        at = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return at.astimezone(UTC) if at.tzinfo is not None else None


def derive_keys(events: list[Event]) -> None:
    """Give each timed event without an idempotencyKey the key of what it is: identical
    events of one batch are told apart by how many came before them (in time order)."""
    seen = Counter()
    for event in events:
        if event.idempotency_key is None and event.timed:
            what = (event.user_id, event.metric_key, event.at.isoformat(), event.value)
            seen[what] += 1
            digest = hashlib.sha256(json.dumps([*what, seen[what]]).encode()).hexdigest()
            event.idempotency_key, event.derived = DERIVED_PREFIX + digest, True


def apply(event: Event) -> dict | None:
    """Record one event in its own transaction; the issue if it was not recorded."""
    replayed, latest = history(event)
    if replayed:
        message = DUPLICATE if event.derived else REPLAYED
        return {"index": event.index, "severity": "warning", "message": message}
    if latest is not None and event.at < latest:
        message = OUT_OF_ORDER.format(at=iso(event.at), latest=iso(latest))
        return bulk.error(message, index=event.index)
    try:
        record_event(
            event.metric_key,
            event.user,
            event.value,
            idempotency_key=event.idempotency_key,
            at=event.at,
            attributes=event.attributes,
        )
    except XpError as error:
        return bulk.error(error.message, index=event.index)
    return None


def history(event: Event) -> tuple[bool, datetime | None]:
    """Whether the event's idempotency key is already recorded for its user and metric, and
    the user's latest event time (None for a user with none), read in a transaction that
    ends before the event's own begins."""
    users = select(XpUser.id).where(XpUser.external_id == event.user_id).scalar_subquery()
    with db.engine.connect() as conn:
        replayed = False
        if event.idempotency_key is not None:
            replayed = (
                conn.scalar(
                    select(MetricEvent.id)
                    .join(Metric, Metric.id == MetricEvent.metric_id)
                    .where(
                        MetricEvent.user_id == users,
                        Metric.key == event.metric_key,
                        MetricEvent.idempotency_key == event.idempotency_key,
                    )
                    .limit(1)
                )
                is not None
            )
        latest = conn.scalar(
            select(func.max(MetricEvent.occurred_at)).where(MetricEvent.user_id == users)
        )
    if latest is not None and latest.tzinfo is None:
        latest = latest.replace(tzinfo=UTC)
    return replayed, latest


def iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")
