"""Webhook endpoints for operators: add one (its secret shown once), change its URL, types or
state, remove it, and send a delivery again. The dashboard, the admin API and `flask xp
webhooks` share these functions.

A target must be a public http(s) address: StudyXP posts to it from inside the operator's
network, so a URL naming a private, loopback or link-local address (or a host that resolves
to one) would let anyone with an admin key make StudyXP call internal services. Tests and
local development allow them with STUDYXP_WEBHOOKS_ALLOW_PRIVATE=1. The worker checks again
before each send, since a host's addresses can change after it was added.
"""

import base64
import ipaddress
import secrets
import socket
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import delete, select

from app import clock
from app.extensions import db
from app.xp.admin import fields
from app.xp.models.webhooks import (
    PENDING,
    URL_MAX,
    WEBHOOK_EVENT_TYPES,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)

SECRET_PREFIX = "whsec_"  # the Standard Webhooks form: whsec_ + base64 of the key's bytes


def add_endpoint(url, events, active=True) -> tuple[WebhookEndpoint, str]:
    """Register `url` for the `events` types; return it with its secret (shown only now)."""
    errors: dict[str, str] = {}
    url = check_url(errors, url)
    events = _event_types(errors, events)
    fields.check(errors)
    secret = new_secret()
    endpoint = WebhookEndpoint(url=url, events=events, secret=secret, active=bool(active))
    db.session.add(endpoint)
    db.session.commit()
    return endpoint, secret


def update_endpoint(endpoint: WebhookEndpoint, url=None, events=None, active=None) -> None:
    """Change what is given (None keeps it): the URL, the subscribed types, active or not."""
    errors: dict[str, str] = {}
    if url is not None:
        url = check_url(errors, url)
    if events is not None:
        events = _event_types(errors, events)
    fields.check(errors)
    if url is not None:
        endpoint.url = url
    if events is not None:
        endpoint.events = events
    if active is not None:
        endpoint.active = bool(active)
    db.session.commit()


def remove_endpoint(endpoint: WebhookEndpoint) -> None:
    """Delete the endpoint with its deliveries and their log; nothing more is sent to it."""
    deliveries = select(WebhookDelivery.id).where(WebhookDelivery.endpoint_id == endpoint.id)
    db.session.execute(delete(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(deliveries)))
    db.session.execute(delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id))
    db.session.delete(endpoint)
    db.session.commit()


def resend(delivery: WebhookDelivery) -> None:
    """Queue a delivery again now, with a fresh set of retries (same message, same
    `webhook-id`, so a receiver that already has it can tell). Its attempts stay logged."""
    if delivery.status == PENDING and delivery.attempts == 0:
        return  # not sent yet: it goes out anyway
    delivery.status = PENDING
    delivery.attempts = 0
    delivery.next_attempt = clock.now()
    delivery.lease_until = None
    delivery.finished = None
    db.session.commit()


def endpoint_by_uuid(uuid: str) -> WebhookEndpoint | None:
    return db.session.scalar(select(WebhookEndpoint).where(WebhookEndpoint.uuid == uuid))


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def check_url(errors: dict, url) -> str | None:
    """A cleaned http(s) URL; records in errors["url"] why it cannot be a target."""
    url = fields.text(errors, "url", url, URL_MAX)
    if url is None or "url" in errors:
        return url
    problem = target_problem(url)
    if problem:
        errors["url"] = problem
    return url


def target_problem(url: str) -> str | None:
    """Why StudyXP must not post to `url`, or None when it may."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "Enter an http:// or https:// URL with a host name."
    if parts.username or parts.password:
        return "Leave user names and passwords out of the URL; the signature authenticates."
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return "The URL's port is not a valid port number."
    if current_app.config.get("WEBHOOKS_ALLOW_PRIVATE"):
        return None
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return f"The host {parts.hostname} could not be resolved."
    for *_, sockaddr in found:
        address = ipaddress.ip_address(sockaddr[0].split("%")[0])
        if not address.is_global:
            return (
                f"The host {parts.hostname} is a private, loopback or reserved address "
                f"({address}); webhooks go to public addresses only."
            )
    return None


def _event_types(errors: dict, events) -> list[str]:
    if isinstance(events, str):
        events = [part.strip() for part in events.split(",") if part.strip()]
    chosen = list(dict.fromkeys(events or []))
    unknown = [kind for kind in chosen if kind not in WEBHOOK_EVENT_TYPES]
    if not chosen:
        errors["events"] = "Choose at least one event type."
    elif unknown:
        errors["events"] = "Unknown event type: " + ", ".join(unknown) + "."
    # Stored in Trophy's order, whatever order they were given in.
    return [kind for kind in WEBHOOK_EVENT_TYPES if kind in chosen]
