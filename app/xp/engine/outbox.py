"""The webhook outbox: what the write side tells integrators, written in its own transaction.

enqueue() runs on the connection of the change it reports (an event's, `flask xp tick`'s, an
admin change's), so a message exists exactly when its change committed. Nothing is written
when no active endpoint subscribes to the type: an installation without webhooks pays one
read of the endpoints per transaction that has news (listeners()).

Throttled types (points.changed, leaderboard.changed, leaderboard.rank_changed) go out at most
once per THROTTLE_MINUTES per subject, Trophy's rule, and never drop the last word: news
within a window waits for the window's end, and later news of the same subject replaces the
waiting message's payload, so the receiver gets the latest state once.
"""

from datetime import datetime, timedelta

from sqlalchemy import Connection, insert, select, update

from app import clock
from app.columns import new_uuid
from app.xp.models.webhooks import (
    PENDING,
    THROTTLE_MINUTES,
    THROTTLED_TYPES,
    WEBHOOK_EVENT_TYPES,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookMessage,
)

THROTTLE = timedelta(minutes=THROTTLE_MINUTES)

_endpoints = WebhookEndpoint.__table__
_messages = WebhookMessage.__table__
_deliveries = WebhookDelivery.__table__

_active_endpoints = select(_endpoints.c.id, _endpoints.c.events).where(
    _endpoints.c.active.is_(True)
)


# conn.info key: the transaction whose listeners were read, and what was read.
_LISTENERS = "studyxp.webhook_listeners"


def listeners(conn: Connection) -> dict[str, list[int]]:
    """The ids of the active endpoints by the event types they subscribe to.

    Read once per transaction: an event that tells several pieces of news (points, a level, a
    streak) checks who listens, then enqueues, without reading the endpoints again each time.
    """
    transaction = conn.get_transaction()
    held = conn.info.get(_LISTENERS)
    if transaction is not None and held is not None and held[0] is transaction:
        return held[1]
    by_type: dict[str, list[int]] = {}
    for row in conn.execute(_active_endpoints):
        for event_type in row.events:
            by_type.setdefault(event_type, []).append(row.id)
    if transaction is not None:
        conn.info[_LISTENERS] = (transaction, by_type)
    return by_type


def subscribers(conn: Connection, event_type: str) -> list[int]:
    """The ids of the active endpoints subscribed to `event_type`."""
    return listeners(conn).get(event_type, [])


def enqueue(
    conn: Connection,
    event_type: str,
    payload: dict,
    subject: str | None = None,
    at: datetime | None = None,
) -> int | None:
    """Queue `payload` (Trophy's webhook body, with its `type`) for every active endpoint
    subscribed to `event_type`; return the message's id, or None when nobody listens.

    `subject` is required for throttled types: what the news is about (e.g.
    "user:12:system:3"); other types ignore it."""
    if event_type not in WEBHOOK_EVENT_TYPES:
        raise ValueError(f"unknown webhook event type {event_type!r}")
    endpoints = subscribers(conn, event_type)
    if not endpoints:
        return None
    now = at or clock.now()
    due = now
    if event_type in THROTTLED_TYPES:
        if not subject:
            raise ValueError(f"{event_type} needs a subject to be throttled by")
        latest = conn.execute(
            select(_messages.c.id, _messages.c.due)
            .where(_messages.c.event_type == event_type, _messages.c.subject == subject)
            .order_by(_messages.c.due.desc())
            .limit(1)
        ).first()
        if latest is not None:
            if latest.due > now and _untried(conn, latest.id):
                # News still waiting for its window: the latest state replaces it.
                conn.execute(
                    update(_messages).where(_messages.c.id == latest.id).values(payload=payload)
                )
                return latest.id
            due = max(now, latest.due + THROTTLE)
    else:
        subject = None
    message_id = conn.execute(
        insert(_messages).values(
            uuid=new_uuid(),
            event_type=event_type,
            subject=subject,
            payload=payload,
            created=now,
            due=due,
        )
    ).inserted_primary_key[0]
    conn.execute(
        insert(_deliveries),
        [
            {
                "message_id": message_id,
                "endpoint_id": endpoint_id,
                "status": PENDING,
                "attempts": 0,
                "next_attempt": due,
            }
            for endpoint_id in endpoints
        ],
    )
    return message_id


def _untried(conn: Connection, message_id: int) -> bool:
    tried = conn.scalar(
        select(_deliveries.c.id)
        .where(_deliveries.c.message_id == message_id, _deliveries.c.attempts > 0)
        .limit(1)
    )
    return tried is None
