"""StudyXP's OpenAPI 3.1 document for /admin/v1, served at /admin/v1/openapi.json.

build_document() is the one description of the admin API: the JSON document and its tests
read it. It is assembled from the limits the admin API enforces (imported, not copied): one
module per resource holds its paths and schemas, components.py what they share.
"""

from collections.abc import Mapping

from flask import Blueprint, current_app, jsonify

from app.xp.admin_api.bulk import LIMIT_MAX, MAX_ITEMS
from app.xp.admin_api.events import MAX_BYTES, MAX_EVENTS
from app.xp.openapi.admin import (
    achievements,
    application_keys,
    attributes,
    boosts,
    components,
    events,
    leaderboards,
    levels,
    metrics,
    points,
    settings,
    streaks,
    triggers,
    webhooks,
)
from app.xp.openapi.admin.components import KEY_PATTERN, PARAMETERS, responses
from app.xp.openapi.components import json_content
from app.xp.openapi.document import TROPHY_VERSION, assemble

# In the order the document lists them (paths and schemas alike).
RESOURCES = (
    metrics,
    events,
    attributes,
    points,
    levels,
    triggers,
    boosts,
    leaderboards,
    achievements,
    streaks,
    application_keys,
    settings,
    webhooks,
)
PATHS = {path: item for resource in RESOURCES for path, item in resource.PATHS.items()}
SCHEMAS = {
    name: schema for module in (components, *RESOURCES) for name, schema in module.SCHEMAS.items()
}

bp = Blueprint("admin_openapi", __name__, url_prefix="/admin/v1")

TAGS = [
    {"name": "Metrics", "description": "Metrics, and backfilling their events."},
    {"name": "Points", "description": "Points systems."},
    {"name": "Points levels", "description": "The levels of a points system."},
    {"name": "Points triggers", "description": "What pays a points system's points."},
    {"name": "Points boosts", "description": "Multipliers of a points system's awards."},
    {"name": "Leaderboards", "description": "Leaderboards."},
    {"name": "Achievements", "description": "Achievements."},
    {"name": "Streaks", "description": "Freezes, pauses, restores, resets and the settings."},
    {"name": "Attributes", "description": "Declared user and event attributes."},
    {"name": "Application API keys", "description": "Application keys scoped to one user."},
    {"name": "Settings", "description": "The installation's settings and environment."},
    {"name": "Webhooks", "description": "StudyXP's webhook endpoints and delivery log."},
    {"name": "Reference", "description": "This document."},
]

DESCRIPTION = (
    "StudyXP's admin API, following Trophy's Admin API (version "
    f"{TROPHY_VERSION}; its SDK 1.27 for achievements, streak settings and resets, settings "
    "and environments; webhooks are StudyXP's own): a Trophy SDK whose admin environment "
    "points at http://<host>/admin/v1 works unchanged. Every call sends an admin key in the "
    "X-API-KEY header; an application key gets 403. The bulk calls take 1 to "
    f"{MAX_ITEMS} items and answer per-item issues beside what they did; lists take limit "
    f"(1 to {LIMIT_MAX}) and skip. Errors are JSON, "
    '{"error": "<message>"}, never an HTML page. The application API has its own document, '
    "/api/v1/openapi.json."
)


def limits(rate_limit: str, body_limit: int) -> list[dict]:
    """The admin API's limits in one list; each is enforced where it is named."""
    rules = [
        ("items per bulk request", f"1 to {MAX_ITEMS} (422 otherwise)"),
        ("ids per delete", f"1 to {MAX_ITEMS}"),
        ("limit, skip", f"limit 1 to {LIMIT_MAX}, skip 0 or more"),
        ("events per batch", f"1 to {MAX_EVENTS:,}, in a body of at most {MAX_BYTES:,} bytes"),
        ("keys", f"lower-case slugs ({KEY_PATTERN})"),
        ("request body", f"at most {body_limit:,} bytes (413), but for the events batch"),
        ("requests per API key", f"{rate_limit} (429, with Retry-After)"),
    ]
    return [{"field": field, "rule": rule} for field, rule in rules]


def build_document(settings: Mapping | None = None) -> dict:
    """The OpenAPI 3.1 document, with the body and rate limits of `settings` (app config)."""
    return assemble(
        settings,
        title="StudyXP XP admin API",
        description=DESCRIPTION,
        server="/admin/v1",
        scheme=(
            "AdminKeyAuth",
            "An admin key: made with flask --app app xp create-api-key NAME --admin or on the "
            "dashboard's API keys page (kind admin) and shown once. Missing, unknown or "
            "revoked: 401; an application key: 403.",
        ),
        limits=limits,
        tags=TAGS,
        paths={**PATHS, **reference_paths()},
        parameters=PARAMETERS,
        responses=responses,
        schemas=SCHEMAS,
    )


def reference_paths() -> dict:
    return {
        "/openapi.json": {
            "get": {
                "operationId": "admin_openapi_document",
                "tags": ["Reference"],
                "summary": "Get this OpenAPI document",
                "description": "This document, OpenAPI 3.1. Public: it needs no key.",
                "security": [],
                "responses": {
                    "200": {
                        "description": "The document.",
                        "content": json_content(
                            {"type": "object", "required": ["openapi", "paths"]}
                        ),
                    }
                },
            }
        }
    }


@bp.get("/openapi.json")
def document():
    """The admin API's OpenAPI document (public, like the application API's)."""
    return jsonify(build_document(current_app.config))
