"""Trophy's CreatedApplicationKey: a user-scoped application key, shown once with its secret."""

from app.xp.models.api_keys import ApiKey


def created_application_key(key: ApiKey, user_id: str, secret: str) -> dict:
    """CreatedApplicationKey: the key's UUID (to delete it by), its user's id, the secret
    (never stored, so never shown again) and the prefix the dashboard lists it by."""
    return {"id": key.uuid, "userId": user_id, "key": secret, "prefix": key.prefix}
