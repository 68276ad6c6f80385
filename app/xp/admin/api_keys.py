"""API keys for operators: created once, shown once, stored as a SHA-256 digest, revocable
(the API checks them: api/auth.py).

The secrets are 256-bit random tokens, so a plain digest is enough to make a stolen database
useless for calling the API; a slow password hash would only slow down every request.
"""

import secrets

from sqlalchemy import select

from app import clock
from app.columns import new_uuid
from app.extensions import db
from app.xp.errors import Unprocessable
from app.xp.models.api_keys import APPLICATION, KINDS, ApiKey, digest
from app.xp.models.users import XpUser

KEY_PREFIX = "sxp_"
NAME_MAX = 100


def create_api_key(
    name: str | None, kind: str = APPLICATION, user: XpUser | None = None
) -> tuple[ApiKey, str]:
    """Create a key named `name` of `kind` ("application" for /api/v1, "admin" for /admin/v1);
    return it with its secret, which is never stored.

    With a `user`, the application key acts for that user only (Trophy's user-scoped keys,
    api/auth.py checks it) and has a UUID to be deleted by; its name defaults to one made
    from that UUID."""
    if kind not in KINDS:
        raise Unprocessable("An API key is an application key or an admin key")
    key_uuid = None
    if user is not None:
        if kind != APPLICATION:
            raise Unprocessable("Only an application key can act for one user")
        key_uuid = new_uuid()
        name = name or f"User key {key_uuid}"
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise Unprocessable(f"An API key name must be 1 to {NAME_MAX} characters")
    if active_key_named(name) is not None:
        raise Unprocessable(f"An active API key named '{name}' already exists")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        name=name,
        prefix=secret[: len(KEY_PREFIX) + 6],
        key_hash=digest(secret),
        kind=kind,
        uuid=key_uuid,
        user_id=user.id if user is not None else None,
    )
    db.session.add(key)
    db.session.commit()
    return key, secret


def active_key_named(name: str) -> ApiKey | None:
    return db.session.scalar(select(ApiKey).where(ApiKey.name == name, ApiKey.revoked.is_(None)))


def revoke_api_key(name: str) -> ApiKey | None:
    """Revoke the active key named `name`; None when there is none."""
    key = active_key_named(name)
    if key is not None:
        revoke(key)
    return key


def active_user_key(key_uuid: str) -> ApiKey | None:
    """The active user-scoped key with this UUID (keys without a user have no UUID)."""
    return db.session.scalar(
        select(ApiKey).where(
            ApiKey.uuid == key_uuid, ApiKey.user_id.is_not(None), ApiKey.revoked.is_(None)
        )
    )


def revoke(key: ApiKey) -> None:
    """Revoke a key: calls with it get 401 from now on. Revoking twice changes nothing."""
    if key.revoked is None:
        key.revoked = clock.now()
        db.session.commit()
