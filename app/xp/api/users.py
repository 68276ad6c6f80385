"""/api/v1/users: Trophy's Users API (users and their metrics).

User ids may hold slashes, so the longer paths (/metrics, /points) are tried before an id
that ends in them: GET /users/ana/metrics is ana's metrics, not the user "ana/metrics".
"""

from flask import jsonify

from app.xp.api.blueprint import bp
from app.xp.api.validation import json_object_body, summary_args
from app.xp.engine import users
from app.xp.queries import users as user_reads

NEW_USER_EXAMPLE = '{"id": "18", "email": "ana@example.com", "tz": "Europe/London"}'
USER_FIELDS_EXAMPLE = '{"name": "Ana", "attributes": {"plan": "pro"}}'


@bp.post("/v1/users")
def create_user():
    """Create a user; 201, or 422 when the id is taken."""
    return jsonify(users.create_user(json_object_body(NEW_USER_EXAMPLE))), 201


@bp.get("/v1/users/<user_id:user_id>", merge_slashes=False)
def get_user(user_id: str):
    """A user's stored fields."""
    return jsonify(user_reads.get_user(user_id))


@bp.put("/v1/users/<user_id:user_id>", merge_slashes=False)
def identify_user(user_id: str):
    """Create the user if new, else update the fields given (Trophy's identify)."""
    return jsonify(users.identify_user(user_id, json_object_body(USER_FIELDS_EXAMPLE)))


@bp.patch("/v1/users/<user_id:user_id>", merge_slashes=False)
def update_user(user_id: str):
    """Update the fields given of an existing user."""
    return jsonify(users.update_user(user_id, json_object_body(USER_FIELDS_EXAMPLE)))


@bp.get("/v1/users/<user_id:user_id>/metrics", merge_slashes=False)
def user_metrics(user_id: str):
    """The user's total for every active metric."""
    return jsonify(user_reads.user_metrics(user_id))


@bp.get("/v1/users/<user_id:user_id>/metrics/<key>", merge_slashes=False)
def user_metric(user_id: str, key: str):
    """The user's total for one metric."""
    return jsonify(user_reads.user_metric(user_id, key))


@bp.get("/v1/users/<user_id:user_id>/metrics/<key>/event-summary", merge_slashes=False)
def metric_event_summary(user_id: str, key: str):
    """A user's metric per day, week or month of their local calendar."""
    return jsonify(user_reads.metric_event_summary(user_id, key, *summary_args()))
