"""Behind reverse proxies (TRUSTED_PROXIES): the client's address, scheme and host."""

import pytest

from app import config
from tests.support import build_app

# Addresses, schemes and hosts do not depend on the day.
pytestmark = pytest.mark.calendar_free

FORWARDED = {
    "X-Forwarded-For": "198.51.100.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "studyxp.example",
}


def make_app(database_url, **settings):
    return build_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            **settings,
        }
    )


def base_url_shown(client, **headers) -> str:
    """The API base URL the home page tells visitors, built from the request's own URL."""
    page = client.get("/", headers=headers).text
    return page.split('data-testid="api-base-url">', 1)[1].split("</code>", 1)[0]


def login_statuses(client, client_address: str, attempts: int) -> list[int]:
    """`attempts` logins (each with another unknown email) forwarded for `client_address`."""
    return [
        client.post(
            "/login",
            data={"email": f"nobody{n}@example.com", "password": "wrong-horse"},
            headers={"X-Forwarded-For": client_address},
        ).status_code
        for n in range(attempts)
    ]


def test_forwarded_headers_are_ignored_without_trusted_proxies(database_url):
    client = make_app(database_url).test_client()

    assert base_url_shown(client, **FORWARDED) == "http://localhost/api/v1"


def test_one_trusted_proxy_gives_the_public_scheme_and_host(database_url):
    client = make_app(database_url, TRUSTED_PROXIES=1).test_client()

    assert base_url_shown(client, **FORWARDED) == "https://studyxp.example/api/v1"


def test_login_limits_count_each_forwarded_client_on_its_own(database_url):
    client = make_app(database_url, TRUSTED_PROXIES=1).test_client()

    assert login_statuses(client, "198.51.100.7", 31) == [200] * 30 + [429]
    # Another learner behind the same proxy is not locked out with the first.
    assert login_statuses(client, "198.51.100.8", 1) == [200]


def test_without_trusted_proxies_everyone_behind_a_proxy_shares_its_address(database_url):
    client = make_app(database_url).test_client()

    assert login_statuses(client, "198.51.100.7", 30) == [200] * 30
    assert login_statuses(client, "198.51.100.8", 1) == [429]


@pytest.mark.parametrize("hops", [-1, 6, "1", True, 1.5])
def test_a_bad_number_of_proxies_stops_the_app(database_url, hops):
    with pytest.raises(ValueError, match="TRUSTED_PROXIES must be a whole number from 0 to 5"):
        make_app(database_url, TRUSTED_PROXIES=hops)


def test_trusted_proxies_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("STUDYXP_TRUSTED_PROXIES", "2")
    assert config.proxy_settings() == {"TRUSTED_PROXIES": 2}

    monkeypatch.setenv("STUDYXP_TRUSTED_PROXIES", "two")
    with pytest.raises(ValueError, match="must be a whole number, not 'two'"):
        config.proxy_settings()
