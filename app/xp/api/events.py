"""POST /api/v1/metrics/{key}/event (and the integration guide's legacy path): record an event."""

from flask import jsonify, request

from app.xp.api.blueprint import bp
from app.xp.api.validation import json_object_body
from app.xp.engine.events import record_event
from app.xp.errors import BadRequest


@bp.post("/v1/metrics/<key>/event")
@bp.post("/metrics/<key>/event")  # the integration guide's legacy path
def metric_event(key: str):
    """Record a metric event; 201 when applied, 202 when an Idempotency-Key replays."""
    body = json_object_body('{"user": {"id": "18"}, "value": 1}')
    for field in ("user", "value"):
        if field not in body:
            raise BadRequest(f"'{field}' is required")
    response = record_event(
        key,
        body["user"],
        body["value"],
        idempotency_key=request.headers.get("Idempotency-Key"),
        attributes=body.get("attributes"),
    )
    return jsonify(response), 202 if response.get("idempotentReplayed") else 201
