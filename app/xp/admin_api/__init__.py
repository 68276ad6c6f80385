"""/admin/v1: Trophy's Admin API paths, authorized by admin API keys in X-API-KEY, answering
JSON only.

blueprint.py holds the blueprint with what every call goes through (the same key check, rate
limit, body size and JSON errors as /api/v1, but only admin keys pass); bulk.py reads the
bulk requests and writes their per-item issues. One routes module per resource registers its
routes on the blueprint; they are imported here, so importing anything from the package
registers every route (create_app registers admin_api.blueprint.bp).

Every change goes through the same functions as the dashboard (app/xp/admin), so the two
refuse the same things with the same messages.
"""

from app.xp.admin_api import (
    achievements,  # noqa: F401
    application_keys,  # noqa: F401
    attributes,  # noqa: F401
    boosts,  # noqa: F401
    events,  # noqa: F401
    leaderboards,  # noqa: F401
    levels,  # noqa: F401
    metrics,  # noqa: F401
    points,  # noqa: F401
    settings,  # noqa: F401
    streaks,  # noqa: F401
    triggers,  # noqa: F401
    webhooks,  # noqa: F401
)
