"""StudyXP's OpenAPI 3.1 document for /api/v1, served at /api/v1/openapi.json.

build_document() is the one description of the API: the JSON document, the reference page at
/api/v1/docs and the contract tests all read it. It is assembled from the limits the API
enforces (imported, not copied): one module per resource holds its paths and schemas
(events, users, points, reference, achievements, streaks, boosts, leaderboards,
preferences, year_in_review), components.py the shared parameters, error responses and
builders, fields.py the schema building blocks, and examples/ the real answers of the
document's story.
"""

import copy
from collections.abc import Mapping
from importlib import metadata

from flask import Blueprint, current_app, jsonify

from app import config as defaults
from app.xp.inputs import ATTRIBUTE_NAME_MAX, ATTRIBUTE_VALUE_MAX, MAX_ATTRIBUTES, MAX_EVENT_VALUE
from app.xp.models.metrics import IDEMPOTENCY_KEY_MAX, METRIC_KEY_MAX
from app.xp.models.users import USER_ID_MAX
from app.xp.openapi import (
    achievements,
    boosts,
    components,
    events,
    leaderboards,
    points,
    preferences,
    reference,
    streaks,
    users,
    year_in_review,
)
from app.xp.openapi.components import PARAMETERS, responses
from app.xp.openapi.fields import EMAIL_MAX, NAME_MAX

# In the order the document lists them (paths and schemas alike).
RESOURCES = (
    events,
    users,
    points,
    reference,
    achievements,
    streaks,
    boosts,
    leaderboards,
    preferences,
    year_in_review,
)
PATHS = {path: item for resource in RESOURCES for path, item in resource.PATHS.items()}
SCHEMAS = {
    name: schema
    for module in (
        components,
        users,
        events,
        points,
        achievements,
        streaks,
        boosts,
        leaderboards,
        preferences,
        year_in_review,
    )
    for name, schema in module.SCHEMAS.items()
}


def operation_ids(*resources) -> set[str]:
    """The operationIds of these resource modules' paths."""
    return {
        op["operationId"]
        for resource in resources
        for item in resource.PATHS.values()
        for op in item.values()
    }


# The operations of the story's second chapter (examples/achievements_streaks_boosts.py),
# which tests/xp/test_contract_engagement.py replays apart from the first, and of its third
# (examples/leaderboards.py), which tests/xp/test_contract_leaderboards.py replays.
SECOND_CHAPTER_OPERATIONS = operation_ids(achievements, streaks, boosts)
THIRD_CHAPTER_OPERATIONS = operation_ids(leaderboards)
# The preference operations' chapter (examples/preferences.py), which
# tests/xp/test_contract_preferences.py replays.
PREFERENCE_OPERATIONS = operation_ids(preferences)
# The streak lengths and the year in review (examples/year_in_review.py, told on the third
# chapter), which tests/xp/test_contract_year_in_review.py replays.
YEAR_IN_REVIEW_OPERATIONS = operation_ids(year_in_review)

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")

TROPHY_VERSION = "1.21.1"

TAGS = [
    {"name": "Metrics", "description": "Record what users do."},
    {"name": "Users", "description": "Users, their metrics and their points."},
    {"name": "Points", "description": "Points systems and how their points are spread."},
    {"name": "Achievements", "description": "Achievements, and completing them by API."},
    {"name": "Leaderboards", "description": "Leaderboards and their rankings."},
    {"name": "Reference", "description": "This document and its web page."},
]

DESCRIPTION = (
    "StudyXP's self-hosted XP service, following Trophy's Application API (version "
    f"{TROPHY_VERSION}): a Trophy SDK pointed at http://<host>/api/v1 works unchanged. "
    "Every call but the two Reference ones sends an API key in the X-API-KEY header. "
    'Errors are JSON, {"error": "<message>"}, never an HTML page.'
)

RATE_HEADER_TEXT = {
    "X-RateLimit-Limit": "Requests this API key may make per window.",
    "X-RateLimit-Remaining": "Requests left in the current window.",
    "X-RateLimit-Reset": "When the current window ends, in Unix seconds.",
}


def document_version() -> str:
    try:
        return metadata.version("studyxp")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"


def limits(rate_limit: str, body_limit: int) -> list[dict]:
    """The limits the reference page lists in one table; each is enforced where it is named."""
    rules = [
        ("value", f"a JSON number, finite, from -{MAX_EVENT_VALUE:,} to {MAX_EVENT_VALUE:,}"),
        ("user id (body and path)", f"1 to {USER_ID_MAX} characters, not only spaces"),
        ("email, name", f"at most {EMAIL_MAX} and {NAME_MAX} characters; a valid email"),
        ("tz", "an IANA time zone name such as Europe/London, or UTC"),
        (
            "attributes (a user's, an event's)",
            f"at most {MAX_ATTRIBUTES} names of 1 to {ATTRIBUTE_NAME_MAX} characters, each to "
            f"a string of at most {ATTRIBUTE_VALUE_MAX} characters",
        ),
        ("Idempotency-Key", f"1 to {IDEMPOTENCY_KEY_MAX} characters, not only spaces"),
        ("metric and points system keys", f"lower-case slugs of at most {METRIC_KEY_MAX}"),
        ("any text", "no NUL characters and no lone UTF-16 surrogates (400)"),
        ("request body", f"at most {body_limit:,} bytes (413)"),
        ("requests per API key", f"{rate_limit} (429, with Retry-After)"),
    ]
    return [{"field": field, "rule": rule} for field, rule in rules]


def build_document(settings: Mapping | None = None) -> dict:
    """The OpenAPI 3.1 document, with the body and rate limits of `settings` (app config)."""
    return assemble(
        settings,
        title="StudyXP XP API",
        description=DESCRIPTION,
        server="/api/v1",
        scheme=(
            "ApiKeyAuth",
            "An API key: sxp_ and 43 characters, made with flask --app app xp create-api-key "
            "NAME or on the dashboard's API keys page and shown once. Missing, unknown or "
            "revoked: 401.",
        ),
        limits=limits,
        tags=TAGS,
        paths=PATHS,
        parameters=PARAMETERS,
        responses=responses,
        schemas=SCHEMAS,
    )


def assemble(
    settings: Mapping | None,
    *,
    title: str,
    description: str,
    server: str,
    scheme: tuple[str, str],
    limits,
    tags: list,
    paths: dict,
    parameters: dict,
    responses,
    schemas: dict,
) -> dict:
    """One of StudyXP's OpenAPI documents (this API's, or the admin API's), with the body and
    rate limits of `settings` (app config): `limits` and `responses` are called with them.
    `scheme` is the X-API-KEY security scheme's name and description."""
    settings = settings or vars(defaults)
    body_limit = settings["API_MAX_CONTENT_LENGTH"]
    # With the limits switched off (STUDYXP_RATE_LIMITS=off) no 429 is ever sent.
    rate_limit = settings["API_RATE_LIMIT"] if settings["RATE_LIMITS"] else "no limit"
    headers = {
        name: {
            "description": f"{text} Sent when rate limits are on (the default).",
            "schema": {"type": "integer", "minimum": 0},
        }
        for name, text in RATE_HEADER_TEXT.items()
    }
    headers["Retry-After"] = {
        "description": "Seconds to wait before this API key may call again.",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
    }
    scheme_name, scheme_text = scheme
    document = {
        "openapi": "3.1.0",
        "info": {
            "title": title,
            "version": document_version(),
            "description": description,
            "license": {"name": "MIT", "identifier": "MIT"},
            "x-trophy-version": TROPHY_VERSION,
            "x-limits": limits(rate_limit, body_limit),
        },
        "servers": [{"url": server, "description": "This StudyXP server"}],
        "security": [{scheme_name: []}],
        "tags": tags,
        "paths": paths,
        "components": {
            "securitySchemes": {
                scheme_name: {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-API-KEY",
                    "description": scheme_text,
                }
            },
            "parameters": parameters,
            "headers": headers,
            "responses": responses(rate_limit, body_limit),
            "schemas": schemas,
        },
    }
    # A copy: callers (the reference page) may reshape it without touching the shared parts.
    return copy.deepcopy(document)


@bp.get("/openapi.json")
def document():
    """The OpenAPI document (public: it describes the API and holds no secrets)."""
    return jsonify(build_document(current_app.config))
