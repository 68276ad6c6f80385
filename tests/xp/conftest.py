import pytest

from tests.support.databases import database_for
from tests.xp.live_service import make_client


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """XP service tests run on both supported databases."""
    return database_for(request.param, tmp_path)


@pytest.fixture
def admin_key(app):
    """The secret of a fresh, active admin API key (for /admin/v1)."""
    from app.xp.admin.api_keys import create_api_key
    from app.xp.models.api_keys import ADMIN

    with app.app_context():
        _, secret = create_api_key("admin tests", ADMIN)
    return secret


@pytest.fixture
def remote(service):
    """An HttpXpClient on the module's `service` fixture (a live XP service)."""
    client = make_client(service)
    yield client
    client.close()
