"""/admin/v1/settings and /admin/v1/environments: the SDK-only organisation surfaces, answered
with StudyXP's fixed values. A PATCH that changes nothing succeeds; any change is a 422 naming
each field. Trophy's published admin spec has neither path, so Trophy's official SDK
(trophy.admin.settings and .environments, which parse every answer into their models) is the
contract here."""

import re
from pathlib import Path

import pytest
from trophy.errors import UnprocessableEntityError

from app.xp.admin_api.settings import BRAND_COLOR
from tests.xp.admin_support import admin_sdk, admin_service

# Left out of the calendar sweep (.ci/run): the settings read no date.
pytestmark = pytest.mark.calendar_free

URL = "/admin/v1/settings"
SETTINGS = {
    "branding": {
        "appName": "StudyXP",
        "appUrl": "http://localhost",
        "brandColor": "#5a3fd6",
        "font": "MODERN_SANS",
        "logo": None,
        "appIcon": None,
    },
    "experimentation": {"controlRatio": 0, "userActivationWindow": 0},
    "aggregationPeriod": "weekly",
}
FIXED = "StudyXP's settings are fixed by the installation and cannot be changed here: "


@pytest.fixture
def admin(client, admin_key):
    def call(method, url=URL, **kwargs):
        return client.open(url, method=method, headers={"X-API-KEY": admin_key}, **kwargs)

    return call


def test_get_answers_studyxps_settings(admin):
    response = admin("GET")

    assert (response.status_code, response.get_json()) == (200, SETTINGS)


def test_the_brand_color_is_the_pages_accent():
    tokens = (Path(__file__).parents[2] / "static/css/tokens.css").read_text()

    assert re.search(r"--accent:\s*(#[0-9a-fA-F]+);", tokens)[1] == BRAND_COLOR


@pytest.mark.parametrize(
    "body",
    [
        {},
        SETTINGS,
        {"aggregationPeriod": "weekly", "branding": {"appName": "StudyXP", "logo": None}},
        {"experimentation": {"controlRatio": 0}},
    ],
)
def test_a_patch_that_changes_nothing_answers_the_settings(admin, body):
    response = admin("PATCH", json=body)

    assert (response.status_code, response.get_json()) == (200, SETTINGS)


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"aggregationPeriod": "monthly"}, "aggregationPeriod"),
        (
            {"branding": {"appName": "Flashy", "logo": {"url": "https://x.test/l.png"}}},
            "branding.appName, branding.logo",
        ),
        ({"experimentation": {"controlRatio": False}}, "experimentation.controlRatio"),
        ({"experimentation": None, "theme": "dark"}, "experimentation, theme (unknown field)"),
    ],
)
def test_a_patch_that_changes_a_value_is_refused_naming_each_field(admin, body, fields):
    response = admin("PATCH", json=body)

    assert (response.status_code, response.get_json()) == (422, {"error": FIXED + fields})
    assert admin("GET").get_json() == SETTINGS


def test_a_patch_body_must_be_an_object(admin):
    response = admin("PATCH", data="[1]", content_type="application/json")

    assert response.status_code == 422
    assert response.get_json()["error"].startswith("The body must be a JSON object")


def test_environments_lists_the_installation_as_production(admin):
    response = admin("GET", "/admin/v1/environments")

    assert response.get_json() == [{"name": "Production", "key": "production", "priority": 1}]


def test_application_keys_are_refused(client, api_key):
    for url in (URL, "/admin/v1/environments"):
        assert client.get(url, headers={"X-API-KEY": api_key}).status_code == 403


@pytest.fixture
def service(database_url):
    with admin_service(database_url) as service:
        yield service


def test_the_sdk_reads_settings_and_environments_and_sees_changes_refused(service):
    admin = admin_sdk(service, service.admin_key).admin

    settings = admin.settings.get()
    kept = admin.settings.update(aggregation_period="weekly", experimentation={"controlRatio": 0})
    with pytest.raises(UnprocessableEntityError) as refused:
        admin.settings.update(branding={"brandColor": "#000"})
    [environment] = admin.environments.list()

    assert (settings.branding.app_name, settings.branding.app_url) == (
        "StudyXP",
        service.url.removesuffix("/api/v1"),
    )
    assert (settings.branding.font, settings.branding.logo, settings.aggregation_period) == (
        "MODERN_SANS",
        None,
        "weekly",
    )
    assert settings.experimentation.control_ratio == 0
    assert kept == settings
    assert refused.value.body == {"error": FIXED + "branding.brandColor"}
    assert (environment.name, environment.key, environment.priority) == (
        "Production",
        "production",
        1,
    )
