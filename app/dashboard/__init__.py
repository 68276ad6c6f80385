"""The operator dashboard: metrics, points systems, triggers, API keys, XP analytics, the
accounts' sessions, and leaderboards.

Operators only: learners get 403, visitors the login page. It calls the XP service's admin
and query modules directly (it is part of running the service, not a client of it).

blueprint.py holds the blueprint and what its pages share; one module per page group registers
its routes on it (imported here, in the order the routes were first registered). The
dashboard calls app.xp.admin (changes, with their rules), app.xp.queries (reads and
analytics), app.xp.models (the rows it lists and edits) and app.xp.payloads for two value
rules (a boost's status, how a number is written); never the engine, the API, OpenAPI, the
clients or ops.
"""

# isort: off
from app.dashboard import metrics, points, analytics, api_keys  # noqa: F401
from app.dashboard import achievements, boosts, levels, streaks, triggers  # noqa: F401
from app.dashboard import accounts, leaderboards, webhooks, deletion  # noqa: F401

# isort: on
