"""Who is calling: the API key in X-API-KEY, checked against the stored digests.

Keys are made and revoked by operators (admin/api_keys.py); only their digest is stored. An
application key calls /api/v1 and an admin key /admin/v1 (app/xp/admin_api): each API refuses
the other kind with wrong_kind's 403. An application key made for one user (the admin API's
/application-api-keys) acts for that user only: out_of_scope is the one place that says so.
"""

from datetime import timedelta

from flask import Request
from sqlalchemy import Row, bindparam, select, update

from app import clock
from app.extensions import db
from app.xp.models.api_keys import ADMIN, APPLICATION, ApiKey, digest
from app.xp.models.users import XpUser

# last_used is a hint for operators; writing it on every call would make reads write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


_keys = ApiKey.__table__
_users = XpUser.__table__
# Every API request runs these: built once, so SQLAlchemy only looks up their compiled SQL.
_active_key = (
    select(
        _keys.c.id,
        _keys.c.name,
        _keys.c.prefix,
        _keys.c.kind,
        _keys.c.last_used,
        _users.c.external_id.label("user_id"),
    )
    .select_from(_keys.outerjoin(_users, _users.c.id == _keys.c.user_id))
    .where(_keys.c.key_hash == bindparam("key_hash"), _keys.c.revoked.is_(None))
)
_mark_used = (
    update(_keys).where(_keys.c.id == bindparam("key_id")).values(last_used=bindparam("now"))
)


WRONG_KIND = {
    APPLICATION: "This is an application API key: it calls /api/v1 only. Call /admin/v1 with an "
    "admin API key (flask --app app xp create-api-key NAME --admin).",
    ADMIN: "This is an admin API key: it calls /admin/v1 only. Call /api/v1 with an "
    "application API key.",
}


def wrong_kind(key: Row, kind: str) -> str | None:
    """Why `key` may not call the API that takes keys of `kind` (None when it may)."""
    return None if key.kind == kind else WRONG_KIND[key.kind]


def authenticate(secret: str | None) -> Row | None:
    """The active key whose secret this is (its id, name, prefix, kind, last_used and the
    external id of the one user it acts for, None for every user), or None.

    Read on a connection of its own, so that checking the key leaves no transaction open on
    the request's session (the XP engine's transaction is separate anyway).
    """
    if not secret:
        return None
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            # One SELECT needs no transaction: autocommit saves the BEGIN and ROLLBACK round
            # trips (pysqlite opens no transaction for a SELECT in the first place).
            conn.execution_options(isolation_level="AUTOCOMMIT")
        key = conn.execute(_active_key, {"key_hash": digest(secret)}).first()
        if key is None:
            return None
        now = clock.now()
        if key.last_used is None or now - key.last_used > LAST_USED_RESOLUTION:
            conn.execute(_mark_used, {"key_id": key.id, "now": now})
            conn.commit()
    return key


# What any learner may read, whoever asks: catalogues, counts across users and public
# rankings. A user-scoped key reads them too; every other /api/v1 call must name its user.
SHARED_READS = frozenset(
    {
        "api.all_achievements",
        "api.points_system",
        "api.points_summary",
        "api.points_levels",
        "api.points_level_summary",
        "api.points_boosts",
        "api.all_leaderboards",
        "api.leaderboard",
    }
)
# The calls that name their user in the JSON body rather than the path: where the id is.
_BODY_USER = {
    "api.metric_event": ("user", "id"),
    "api.complete_achievement": ("user", "id"),
    "api.create_user": ("id",),
}


def out_of_scope(key: Row, request: Request) -> str | None:
    """Why a user-scoped `key` may not make this /api/v1 call (None when it may): the call
    must act for the key's user only, through the path's user id, the body's user or every
    id of GET /streaks?userIds=, or be a SHARED_READS read. Keys without a user act for all."""
    if key.user_id is None or request.endpoint in SHARED_READS:
        return None
    users = []
    if request.view_args and "user_id" in request.view_args:
        users.append(request.view_args["user_id"])
    if request.endpoint in _BODY_USER:
        named = _body_user(request, _BODY_USER[request.endpoint])
        if named is None:
            return None  # the route refuses the malformed body itself (400)
        users.append(named)
    if request.endpoint == "api.streaks_list":
        # Split as queries.streaks.check_user_ids splits them; none at all is its 422.
        named = [piece for raw in request.args.getlist("userIds") for piece in raw.split(",")]
        if not any(named):
            return None
        users += [piece for piece in named if piece]
    if not users or any(user != key.user_id for user in users):
        return f"This application API key acts for user '{key.user_id}' only"
    return None


def _body_user(request: Request, path: tuple[str, ...]) -> str | None:
    """The user id at `path` in the JSON body, read as the routes read it (whatever the
    Content-Type), or None when the body has none."""
    try:
        found = request.get_json(force=True, silent=True)
    except RecursionError:  # e.g. [[[[...]]]] nested thousands deep
        return None
    for name in path:
        found = found.get(name) if isinstance(found, dict) else None
    return found if isinstance(found, str) else None
