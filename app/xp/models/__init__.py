"""The XP service's tables, one module per concept: users, metrics and their events, points
(systems, levels, triggers, the award ledger), achievements, streaks, boosts, leaderboards,
users' notification preferences, API keys, declared attributes, webhooks and uploaded badge
images.

Importing this package imports every model module, so SQLAlchemy's metadata (what create_all
and Alembic compare against) is complete and relationships named by string resolve.
Models import app.columns, app.clock, app.extensions and each other, nothing else.
"""

from app.xp.models import (  # noqa: F401
    achievements,
    api_keys,
    attributes,
    badges,
    boosts,
    leaderboards,
    metrics,
    points,
    preferences,
    streaks,
    users,
    webhooks,
)
