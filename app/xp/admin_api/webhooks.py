"""/admin/v1/webhooks: StudyXP's own endpoints for webhook endpoints and their delivery log.

Trophy's admin API has none (Trophy's webhooks are set up in its dashboard), so these follow
its style: ids are UUIDs (the endpoint's), camelCase fields, {"error": ...} with 400, 404 or
422. A delivery's id is its number in the log. Changes go through app/xp/admin/webhooks.py,
as on the dashboard, so both refuse the same URLs with the same words. The secret is in the
answer to the POST that creates the endpoint, and in no other.
"""

from datetime import datetime

from flask import jsonify, request

from app.extensions import db
from app.routing import parse_id
from app.xp.admin.webhooks import (
    add_endpoint,
    endpoint_by_uuid,
    remove_endpoint,
    resend,
    update_endpoint,
)
from app.xp.admin_api import bulk
from app.xp.admin_api.blueprint import bp
from app.xp.api.validation import json_object_body
from app.xp.errors import NotFound, Unprocessable
from app.xp.models.webhooks import PENDING, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from app.xp.payloads.values import iso_datetime
from app.xp.queries import webhooks as queries

NOT_FOUND = "Webhook endpoint not found by ID"
DELIVERY_NOT_FOUND = "Webhook delivery not found by ID"
EXAMPLE = '{"url": "https://example.com/hooks/studyxp", "events": ["points.changed"]}'


def iso(at: datetime | None) -> str | None:
    return iso_datetime(at) if at else None


def endpoint_json(overview: queries.EndpointOverview) -> dict:
    """An endpoint without its secret, with how its deliveries went."""
    endpoint = overview.endpoint
    return {
        "id": endpoint.uuid,
        "url": endpoint.url,
        "events": list(endpoint.events),
        "active": endpoint.active,
        "created": iso(endpoint.created),
        "updated": iso(endpoint.updated),
        "lastDelivery": None
        if overview.last_status is None
        else {
            "status": overview.last_status,
            "statusCode": overview.last_status_code,
            "attempted": iso(overview.last_attempt),
        },
        "deliveriesLast7Days": overview.counts,
    }


def attempt_json(attempt: WebhookAttempt) -> dict:
    return {
        "at": iso(attempt.at),
        "statusCode": attempt.status_code,
        "latencyMs": attempt.latency_ms,
        "error": attempt.error,
        "responseExcerpt": attempt.response_excerpt,
    }


def delivery_json(delivery: WebhookDelivery) -> dict:
    """A delivery of the log: its message (type, webhook-id), status and every attempt."""
    pending = delivery.status == PENDING
    return {
        "id": delivery.id,
        "type": delivery.message.event_type,
        "webhookId": delivery.message.webhook_id,
        "created": iso(delivery.message.created),
        "status": delivery.status,
        "nextAttempt": iso(delivery.next_attempt) if pending else None,
        "finished": iso(delivery.finished),
        "attempts": [attempt_json(attempt) for attempt in delivery.attempt_log],
    }


def one_endpoint(raw: str) -> WebhookEndpoint:
    return bulk.one(raw, endpoint_by_uuid, NOT_FOUND)


def overview_json(endpoint: WebhookEndpoint) -> dict:
    return endpoint_json(queries.endpoint_overviews([endpoint])[0])


@bp.get("/webhooks")
def list_webhooks():
    """The endpoints, oldest first, `limit` of them after the first `skip`; no secrets."""
    limit, skip = bulk.page_args()
    endpoints = queries.all_endpoints(limit, skip)
    return jsonify([endpoint_json(o) for o in queries.endpoint_overviews(endpoints)])


@bp.post("/webhooks")
def create_webhook():
    """Register an endpoint: 201 with it and its secret, which no later answer carries."""
    body = json_object_body(EXAMPLE)
    url, events, active = endpoint_fields(body, required=True)
    endpoint, secret = add_endpoint(url, events, True if active is None else active)
    return jsonify({**overview_json(endpoint), "secret": secret}), 201


@bp.get("/webhooks/<endpoint_uuid>")
def get_webhook(endpoint_uuid: str):
    return jsonify(overview_json(one_endpoint(endpoint_uuid)))


@bp.patch("/webhooks/<endpoint_uuid>")
def update_webhook(endpoint_uuid: str):
    """Change what the body gives of url, events and active."""
    endpoint = one_endpoint(endpoint_uuid)
    url, events, active = endpoint_fields(json_object_body('{"active": false}'), required=False)
    update_endpoint(endpoint, url=url, events=events, active=active)
    return jsonify(overview_json(endpoint))


@bp.get("/webhooks/<endpoint_uuid>/deliveries")
def list_webhook_deliveries(endpoint_uuid: str):
    """The endpoint's deliveries of the last 7 days, newest first, optionally of one
    `status` (pending, delivered, failed), `limit` of them after the first `skip`."""
    endpoint = one_endpoint(endpoint_uuid)
    limit, skip = bulk.page_args()
    page = queries.delivery_log(endpoint, request.args.get("status"), limit, skip)
    return jsonify([delivery_json(delivery) for delivery in page.deliveries])


@bp.post("/webhooks/deliveries/<delivery_id>/resend")
def resend_webhook_delivery(delivery_id: str):
    """Queue a delivery again now, with fresh retries: 202 with the delivery."""
    if not delivery_id.isascii() or not delivery_id.isdigit():
        raise Unprocessable("A delivery id is a whole number, as the delivery log gives it")
    row_id = parse_id(delivery_id)  # None for a number no row can have
    delivery = db.session.get(WebhookDelivery, row_id) if row_id else None
    if delivery is None:
        raise NotFound(DELIVERY_NOT_FOUND)
    resend(delivery)
    return jsonify(delivery_json(delivery)), 202


@bp.delete("/webhooks/<endpoint_uuid>")
def delete_webhook(endpoint_uuid: str):
    """Remove the endpoint with its delivery log: 204."""
    remove_endpoint(one_endpoint(endpoint_uuid))
    return "", 204


def endpoint_fields(body: dict, required: bool) -> tuple[str | None, list | None, bool | None]:
    """The body's url, events and active, type-checked (None when absent); the admin
    functions check their values."""
    url, events, active = body.get("url"), body.get("events"), body.get("active")
    if required and url is None:
        raise Unprocessable("url is required, as a string")
    if required and events is None:
        raise Unprocessable("events is required, as an array of event types")
    if url is not None and not isinstance(url, str):
        raise Unprocessable("url must be a string")
    if events is not None and (
        not isinstance(events, list) or not all(isinstance(kind, str) for kind in events)
    ):
        raise Unprocessable('events must be an array of event types, e.g. ["points.changed"]')
    if active is not None and not isinstance(active, bool):
        raise Unprocessable("active must be true or false")
    return url, events, active
