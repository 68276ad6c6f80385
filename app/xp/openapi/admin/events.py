"""The batch of metric events (backfill): POST /metrics/events (app/xp/admin_api/events.py)."""

from app.xp.admin_api.events import MAX_BYTES, MAX_EVENTS
from app.xp.inputs import MAX_EVENT_VALUE
from app.xp.models.metrics import IDEMPOTENCY_KEY_MAX
from app.xp.openapi.admin.components import errors, ok, request_body
from app.xp.openapi.fields import (
    EMAIL_MAX,
    NAME_MAX,
    NOT_BLANK,
    TZ_MAX,
    USER_ID,
    attributes,
    closed,
    ref,
    text,
)
from app.xp.openapi.fields import count as whole

PATHS = {
    "/metrics/events": {
        "post": {
            "operationId": "admin_metrics_batch_events",
            "tags": ["Metrics"],
            "summary": "Backfill metric events",
            "description": (
                f"Record 1 to {MAX_EVENTS:,} events (a body of at most {MAX_BYTES:,} bytes) "
                "through the same code as a live event, in time order, at once (Trophy queues "
                "them). An event before its user's latest recorded one, or in the future, is an "
                "issue. A resent event (same idempotencyKey, or for a timed event without one "
                "the same user, key, timestamp and value) is counted in accepted and ignored, "
                "with a warning issue."
            ),
            "requestBody": request_body("BatchMetricEventsRequest"),
            "responses": {
                "202": ok("The events recorded, and the issues.", "BatchEventsResponse"),
                **errors(413, 422),
            },
        }
    }
}

SCHEMAS = {
    "BatchMetricEventUser": {
        "type": "object",
        "description": "The user, created or updated as by a live event.",
        "properties": {
            "id": USER_ID,
            "email": text("The user's email.", maxLength=EMAIL_MAX, format="email"),
            "name": text("The user's name.", maxLength=NAME_MAX),
            "tz": {
                "type": ["string", "null"],
                "maxLength": TZ_MAX,
                "description": "An IANA time zone name; the event's local date is taken in it.",
            },
            "subscribeToEmails": {"type": "boolean", "description": "Email preference."},
            "attributes": attributes("The user's attributes, merged into the stored ones."),
        },
        "required": ["id"],
    },
    "BatchMetricEvent": {
        "type": "object",
        "description": "One past event.",
        "properties": {
            "key": text("The metric's key."),
            "user": ref("BatchMetricEventUser"),
            "value": {
                "type": "number",
                "minimum": -MAX_EVENT_VALUE,
                "maximum": MAX_EVENT_VALUE,
                "description": "The change to the metric's total.",
            },
            "attributes": attributes("The event's attributes."),
            "idempotencyKey": text(
                "Makes the event safe to resend (per user and metric).",
                minLength=1,
                maxLength=IDEMPOTENCY_KEY_MAX,
                pattern=NOT_BLANK,
            ),
            "timestamp": {
                "type": ["string", "null"],
                "format": "date-time",
                "description": (
                    "StudyXP's: when it happened, ISO 8601 with a zone, not in the future; "
                    "left out, the event happens now."
                ),
            },
        },
        "required": ["key", "user", "value"],
    },
    "BatchMetricEventsRequest": {
        "type": "array",
        "minItems": 1,
        "maxItems": MAX_EVENTS,
        "items": ref("BatchMetricEvent"),
        "description": f"1 to {MAX_EVENTS:,} events, applied in time order.",
    },
    "BatchEventsResponse": closed(
        {
            "accepted": whole("How many events were recorded (or were already)."),
            "issues": {
                "type": "array",
                "items": ref("AdminIssue"),
                "description": "One per event refused or resent, by its index, in order.",
            },
        },
        "What was done with the batch.",
    ),
}
