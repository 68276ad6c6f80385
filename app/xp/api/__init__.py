"""/api/v1: Trophy's Application API paths, authorized by X-API-KEY, answering JSON only.

blueprint.py holds the blueprint with what every call goes through (the API key, the rate
limit, the body size, JSON errors); auth.py checks keys and validation.py reads requests.
One routes module per resource registers its routes on the blueprint; they are imported here,
in the order the routes were first registered, so importing anything from the package
registers every route on the blueprint (create_app registers api.blueprint.bp).

The API calls the engine (writes) and queries (reads), never the clients, OpenAPI, admin or
ops.
"""

# isort: off
from app.xp.api import events, points, achievements, streaks, boosts, users  # noqa: F401
from app.xp.api import leaderboards  # noqa: F401
from app.xp.api import preferences  # noqa: F401
from app.xp.api import wrapped  # noqa: F401

# isort: on
