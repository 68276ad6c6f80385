"""StudyXP's own webhook endpoints and their delivery log (app/xp/admin_api/webhooks.py):
Trophy's admin API has none, so these follow its style."""

from app.xp.models.webhooks import DELIVERY_STATES, EXCERPT_MAX, URL_MAX, WEBHOOK_EVENT_TYPES
from app.xp.openapi.admin.components import errors, ok, params, path_id, request_body, uuid
from app.xp.openapi.fields import closed, date_time, ref, text

TAG = "Webhooks"
URL = text("Where deliveries are POSTed: a public http(s) URL.", format="uri", maxLength=URL_MAX)
EVENTS = {
    "type": "array",
    "minItems": 1,
    "uniqueItems": True,
    "items": {"type": "string", "enum": list(WEBHOOK_EVENT_TYPES)},
    "description": "The event types sent to it.",
}
ACTIVE = {"type": "boolean", "description": "Only an active endpoint gets deliveries."}
STATUS = {"type": "string", "enum": list(DELIVERY_STATES)}
ENDPOINT_ID = path_id("id", "webhook endpoint")


def nullable_time(description: str) -> dict:
    return {**date_time(description), "type": ["string", "null"]}


ENDPOINT = {
    "id": uuid("The endpoint's id."),
    "url": URL,
    "events": EVENTS,
    "active": ACTIVE,
    "created": date_time("When it was registered."),
    "updated": nullable_time("When it last changed."),
    "lastDelivery": {
        "type": ["object", "null"],
        "description": "How the latest delivery went; null before the first.",
        "properties": {
            "status": STATUS,
            "statusCode": {"type": ["integer", "null"], "description": "null before an answer."},
            "attempted": nullable_time("When it was last tried."),
        },
        "required": ["status", "statusCode", "attempted"],
        "additionalProperties": False,
    },
    "deliveriesLast7Days": closed(
        {state: {"type": "integer", "minimum": 0} for state in DELIVERY_STATES},
        "The deliveries of the last 7 days, by status.",
    ),
}


def operation(operation_id: str, summary: str, description: str, **fields) -> dict:
    return {
        "operationId": operation_id,
        "tags": [TAG],
        "summary": summary,
        "description": description,
        **fields,
    }


PATHS = {
    "/webhooks": {
        "get": operation(
            "admin_webhooks_list",
            "List webhook endpoints",
            "The endpoints, oldest first, without their secrets.",
            parameters=params("Limit", "Skip"),
            responses={"200": ok("The endpoints.", "ListWebhookEndpointsResponse"), **errors(422)},
        ),
        "post": operation(
            "admin_webhooks_create",
            "Register a webhook endpoint",
            "The answer holds the signing secret, which no later answer carries.",
            requestBody=request_body("CreateWebhookEndpointRequest"),
            responses={
                "201": ok("The endpoint and its secret.", "CreatedWebhookEndpoint"),
                **errors(400, 413, 422),
            },
        ),
    },
    "/webhooks/{id}": {
        "get": operation(
            "admin_webhooks_get",
            "Get a webhook endpoint",
            "One endpoint, without its secret.",
            parameters=[ENDPOINT_ID],
            responses={"200": ok("The endpoint.", "WebhookEndpoint"), **errors(404, 422)},
        ),
        "patch": operation(
            "admin_webhooks_update",
            "Change a webhook endpoint",
            "Change what the body gives of url, events and active.",
            parameters=[ENDPOINT_ID],
            requestBody=request_body("UpdateWebhookEndpointRequest"),
            responses={
                "200": ok("The endpoint now.", "WebhookEndpoint"),
                **errors(400, 404, 413, 422),
            },
        ),
        "delete": operation(
            "admin_webhooks_delete",
            "Remove a webhook endpoint",
            "Removes the endpoint with its delivery log.",
            parameters=[ENDPOINT_ID],
            responses={"204": {"description": "Removed."}, **errors(404, 422)},
        ),
    },
    "/webhooks/{id}/deliveries": {
        "get": operation(
            "admin_webhooks_deliveries_list",
            "List an endpoint's deliveries",
            "Its deliveries of the last 7 days, newest first.",
            parameters=[
                ENDPOINT_ID,
                {
                    "name": "status",
                    "in": "query",
                    "required": False,
                    "description": "Only the deliveries of this status.",
                    "schema": STATUS,
                },
                *params("Limit", "Skip"),
            ],
            responses={
                "200": ok("The deliveries.", "ListWebhookDeliveriesResponse"),
                **errors(404, 422),
            },
        )
    },
    "/webhooks/deliveries/{id}/resend": {
        "post": operation(
            "admin_webhooks_deliveries_resend",
            "Resend a delivery",
            "Queue the delivery again now, with fresh retries.",
            parameters=[
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "description": "The delivery's number in the log.",
                    "schema": {"type": "integer", "minimum": 1},
                }
            ],
            responses={"202": ok("The delivery, queued.", "WebhookDelivery"), **errors(404, 422)},
        )
    },
}

SCHEMAS = {
    "WebhookEndpoint": closed(ENDPOINT, "A webhook endpoint, without its secret."),
    "CreatedWebhookEndpoint": closed(
        {**ENDPOINT, "secret": text("The signing secret: whsec_ and base64. Shown once.")},
        "A webhook endpoint just registered, with its secret.",
    ),
    "ListWebhookEndpointsResponse": {"type": "array", "items": ref("WebhookEndpoint")},
    "CreateWebhookEndpointRequest": {
        "type": "object",
        "properties": {"url": URL, "events": EVENTS, "active": {**ACTIVE, "default": True}},
        "required": ["url", "events"],
    },
    "UpdateWebhookEndpointRequest": {
        "type": "object",
        "properties": {"url": URL, "events": EVENTS, "active": ACTIVE},
    },
    "WebhookAttempt": closed(
        {
            "at": date_time("When it was tried."),
            "statusCode": {"type": ["integer", "null"], "description": "null: no answer."},
            "latencyMs": {"type": ["integer", "null"], "minimum": 0},
            "error": {"type": ["string", "null"], "description": "Why it failed, if it did."},
            "responseExcerpt": {"type": ["string", "null"], "maxLength": EXCERPT_MAX},
        },
        "One try of a delivery.",
    ),
    "WebhookDelivery": closed(
        {
            "id": {"type": "integer", "minimum": 1, "description": "Its number in the log."},
            "type": {"type": "string", "enum": list(WEBHOOK_EVENT_TYPES)},
            "webhookId": text("The message's webhook-id header (the same on every retry)."),
            "created": date_time("When the event happened."),
            "status": STATUS,
            "nextAttempt": nullable_time("When it is tried next, while pending."),
            "finished": nullable_time("When it was delivered or given up."),
            "attempts": {"type": "array", "items": ref("WebhookAttempt")},
        },
        "A delivery of one message to one endpoint, with every attempt.",
    ),
    "ListWebhookDeliveriesResponse": {"type": "array", "items": ref("WebhookDelivery")},
}
