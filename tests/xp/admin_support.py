"""What the admin API's tests share: a well-formed id that names nothing, and Trophy's official
SDK pointed at a live StudyXP (tests/xp/live_service.py)."""

from collections.abc import Iterator
from contextlib import contextmanager

from trophy import TrophyApi, TrophyApiEnvironment

from app.xp.admin.api_keys import create_api_key
from tests.xp.live_service import XpService, start_xp_service

UNKNOWN = "550e8400-e29b-41d4-a716-446655440999"  # a UUID no row has


def admin_sdk(service, api_key: str) -> TrophyApi:
    """The SDK on the live service: its application API at /api/v1, its admin API at
    /admin/v1, no retries (a test sees each answer as it is)."""
    environment = TrophyApiEnvironment(
        api=service.url, admin=service.url.replace("/api/v1", "/admin/v1")
    )
    return TrophyApi(api_key=api_key, environment=environment, max_retries=0)


@contextmanager
def admin_service(database_url: str) -> Iterator[XpService]:
    """A live XP service (tests/xp/live_service.py) with an admin key, `service.admin_key`,
    beside its application key."""
    service = start_xp_service(database_url)
    try:
        with service.app.app_context():
            service.admin_key = create_api_key("operations", "admin")[1]
        yield service
    finally:
        service.close()
