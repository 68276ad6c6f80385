"""What the admin API's tests share: a well-formed id that names nothing, and Trophy's official
SDK pointed at a live StudyXP (tests/xp/live_service.py)."""

from trophy import TrophyApi, TrophyApiEnvironment

UNKNOWN = "550e8400-e29b-41d4-a716-446655440999"  # a UUID no row has


def admin_sdk(service, api_key: str) -> TrophyApi:
    """The SDK on the live service: its application API at /api/v1, its admin API at
    /admin/v1, no retries (a test sees each answer as it is)."""
    environment = TrophyApiEnvironment(
        api=service.url, admin=service.url.replace("/api/v1", "/admin/v1")
    )
    return TrophyApi(api_key=api_key, environment=environment, max_retries=0)
