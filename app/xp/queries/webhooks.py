"""Webhooks on the read side: each endpoint with how its deliveries went, and the delivery log
(every attempt of each delivery: when, the HTTP status, latency, error, the answer's start).

The log covers the messages of the last LOG_DAYS days, newest first; the dashboard and the
admin API page through it and filter it by endpoint and status.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app import clock
from app.extensions import db
from app.xp.errors import Unprocessable
from app.xp.models.webhooks import (
    DELIVERED,
    DELIVERY_STATES,
    FAILED,
    PENDING,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookMessage,
)

LOG_DAYS = 7


@dataclass(frozen=True)
class EndpointOverview:
    """An endpoint with its latest delivery's status (None before the first), its last
    attempt's HTTP status (None before an answer) or error, and its deliveries of the last
    LOG_DAYS days by status."""

    endpoint: WebhookEndpoint
    last_status: str | None
    last_status_code: int | None
    last_attempt: datetime | None
    counts: dict[str, int]
    last_error: str | None = None


@dataclass(frozen=True)
class LogPage:
    """`deliveries` (each with its message and attempt_log loaded) after the first `skip` of
    `total` matching the filter."""

    deliveries: list[WebhookDelivery]
    total: int
    limit: int
    skip: int

    @property
    def has_newer(self) -> bool:
        return self.skip > 0

    @property
    def has_older(self) -> bool:
        return self.skip + len(self.deliveries) < self.total


def log_since() -> datetime:
    """The oldest message time the log shows."""
    return clock.now() - timedelta(days=LOG_DAYS)


def endpoint_overviews(endpoints: list[WebhookEndpoint]) -> list[EndpointOverview]:
    """An overview of each endpoint, in the order given (three queries in all)."""
    ids = [endpoint.id for endpoint in endpoints]
    if not ids:
        return []
    counts: dict[int, dict[str, int]] = {i: dict.fromkeys(DELIVERY_STATES, 0) for i in ids}
    rows = db.session.execute(
        select(WebhookDelivery.endpoint_id, WebhookDelivery.status, func.count())
        .join(WebhookMessage)
        .where(WebhookDelivery.endpoint_id.in_(ids), WebhookMessage.created >= log_since())
        .group_by(WebhookDelivery.endpoint_id, WebhookDelivery.status)
    )
    for endpoint_id, status, count in rows:
        counts[endpoint_id][status] = count
    latest_ids = db.session.scalars(
        select(func.max(WebhookDelivery.id))
        .where(WebhookDelivery.endpoint_id.in_(ids))
        .group_by(WebhookDelivery.endpoint_id)
    ).all()
    latest = {
        delivery.endpoint_id: delivery
        for delivery in db.session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.id.in_(latest_ids))
            .options(selectinload(WebhookDelivery.attempt_log))
        )
    }
    overviews = []
    for endpoint in endpoints:
        delivery = latest.get(endpoint.id)
        attempt = delivery.attempt_log[-1] if delivery and delivery.attempt_log else None
        overviews.append(
            EndpointOverview(
                endpoint=endpoint,
                last_status=delivery.status if delivery else None,
                last_status_code=attempt.status_code if attempt else None,
                last_attempt=attempt.at if attempt else None,
                counts=counts[endpoint.id],
                last_error=attempt.error if attempt else None,
            )
        )
    return overviews


def all_endpoints(limit: int | None = None, skip: int = 0) -> list[WebhookEndpoint]:
    """The endpoints, oldest first."""
    query = select(WebhookEndpoint).order_by(WebhookEndpoint.created, WebhookEndpoint.id)
    return list(db.session.scalars(query.offset(skip).limit(limit)))


def delivery_log(
    endpoint: WebhookEndpoint | None = None,
    status: str | None = None,
    limit: int = 50,
    skip: int = 0,
) -> LogPage:
    """The deliveries of the last LOG_DAYS days' messages, newest first, to one endpoint (or
    every one) and of one status (or any); 422 for a status that is not one."""
    if status is not None and status not in DELIVERY_STATES:
        raise Unprocessable(
            f"status must be {PENDING}, {DELIVERED} or {FAILED}, not '{str(status)[:40]}'"
        )
    matching = (
        select(WebhookDelivery).join(WebhookMessage).where(WebhookMessage.created >= log_since())
    )
    if endpoint is not None:
        matching = matching.where(WebhookDelivery.endpoint_id == endpoint.id)
    if status is not None:
        matching = matching.where(WebhookDelivery.status == status)
    total = db.session.scalar(select(func.count()).select_from(matching.subquery()))
    deliveries = db.session.scalars(
        matching.options(
            selectinload(WebhookDelivery.message),
            selectinload(WebhookDelivery.attempt_log),
        )
        .order_by(WebhookMessage.created.desc(), WebhookDelivery.id.desc())
        .offset(skip)
        .limit(limit)
    ).all()
    return LogPage(deliveries=list(deliveries), total=total, limit=limit, skip=skip)
