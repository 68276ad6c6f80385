"""Webhook deliveries as the worker leaves them, written straight to the tables: the dashboard's
and the admin API's delivery-log tests read them."""

from datetime import datetime, timedelta

from app import clock
from app.extensions import db
from app.xp.models.webhooks import PENDING, WebhookAttempt, WebhookDelivery, WebhookMessage

# (status code or None, latency in ms, error, response excerpt)
NO_ANSWER = (None, 10_000, "timed out after 10 s", None)
UNAVAILABLE = (503, 120, None, "upstream down")
OK = (200, 45, None, '{"ok": true}')
_SECOND = timedelta(seconds=1)


def logged_delivery(
    endpoint_id: int,
    event_type: str = "streak.lost",
    status: str = PENDING,
    attempts: tuple = (),
    at: datetime | None = None,
) -> WebhookDelivery:
    """A message of `event_type` created `at` (default now) and its delivery to the endpoint,
    in `status`, with one logged attempt per item of `attempts` (a second apart). Needs an
    app context."""
    at = at or clock.now()
    message = WebhookMessage(
        event_type=event_type, payload={"type": event_type}, created=at, due=at
    )
    delivery = WebhookDelivery(
        message=message,
        endpoint_id=endpoint_id,
        status=status,
        attempts=len(attempts),
        next_attempt=at,
        finished=None if status == PENDING else at,
    )
    for number, (code, latency, error, excerpt) in enumerate(attempts):
        delivery.attempt_log.append(
            WebhookAttempt(
                at=at.replace(microsecond=0) + number * _SECOND,
                status_code=code,
                latency_ms=latency,
                error=error,
                response_excerpt=excerpt,
            )
        )
    db.session.add(delivery)
    db.session.commit()
    return delivery
