import pytest

from tests.support.databases import database_for


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """XP service tests run on both supported databases."""
    return database_for(request.param, tmp_path)
