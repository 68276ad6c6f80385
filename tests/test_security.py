"""Who may open which address, where logging in may lead, and what every response says.

The access test walks the app's URL map: a new endpoint fails it until it is classified
below as public, learner, operator or API.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.accounts.models import Account
from app.extensions import db
from app.security import CONTENT_SECURITY_POLICY
from app.study.models import Card, Deck
from app.xp.admin.api_keys import create_api_key
from app.xp.admin.attributes import declare_attribute
from app.xp.admin.leaderboards import save_leaderboard
from app.xp.engine.events import record_event
from app.xp.models.achievements import Achievement
from app.xp.models.boosts import PointsBoost
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsSystem
from app.xp.models.webhooks import WebhookEndpoint
from seed import seed_decks, seed_xp
from tests.support import build_app
from tests.support.learners import PASSWORD, log_in
from tests.support.webhook_log import logged_delivery

OPERATOR_EMAIL = "olga@example.com"
LEARNER_EMAIL = "lena@example.com"
XP_USER = "api-user-1"

PUBLIC = {
    "main.index",
    "main.healthz",
    "auth.login",
    "auth.register",
    # The admin API's OpenAPI document, like the application API's, describes; it holds no data.
    "admin_openapi.document",
}
# The API's OpenAPI document and reference page: public, outside the X-API-KEY check.
PUBLIC |= {"openapi.document", "api_docs.page"}
LEARNER = {
    "auth.logout",
    "auth.confirm_password",
    "account.index",
    "account.change_password",
    "account.log_out_everywhere",
    "account.leaderboard_name",
    "account.notifications",
    "leaderboard.index",
    "decks.index",
    "decks.show",
    "decks.create",
    "decks.edit",
    "decks.delete",
    "decks.add_card",
    "decks.edit_card",
    "decks.delete_card",
    "study.page",
    "study.card",
    "study.flip",
    "review.page",
    "review.grade",
    "review.undo",
    "review.limits",
    "journey.index",
    "year.index",
    "progress.index",
    "progress.panel",
    "progress.chart_data",
}
OPERATOR = {
    "dashboard.index",
    "dashboard.metrics",
    "dashboard.metric_form",
    "dashboard.metric_status",
    "dashboard.points",
    "dashboard.points_form",
    "dashboard.points_status",
    "dashboard.configure",
    "dashboard.trigger_form",
    "dashboard.level_form",
    "dashboard.delete_level",
    "dashboard.trigger_status",
    "dashboard.analytics_page",
    "dashboard.analytics_data",
    "dashboard.api_keys",
    "dashboard.revoke_api_key",
    "dashboard.achievements",
    "dashboard.achievement_form",
    "dashboard.achievement_status",
    "dashboard.streak_settings",
    "dashboard.boosts",
    "dashboard.boost_archive",
    "dashboard.accounts",
    "dashboard.log_out_account",
    "dashboard.leaderboards",
    "dashboard.leaderboard_form",
    "dashboard.leaderboard",
    "dashboard.leaderboard_finish",
    "dashboard.webhooks",
    "dashboard.webhook_form",
    "dashboard.remove_webhook",
    "dashboard.delete_object",
    "dashboard.webhook_deliveries",
    "dashboard.resend_webhook_delivery",
}
API = {
    "api.metric_event",
    "api.user_points",
    "api.points_event_summary",
    "api.points_system",
    "api.points_summary",
    "api.points_levels",
    "api.points_level_summary",
    "api.create_user",
    "api.get_user",
    "api.identify_user",
    "api.update_user",
    "api.user_metrics",
    "api.user_metric",
    "api.metric_event_summary",
    "api.all_achievements",
    "api.complete_achievement",
    "api.user_achievements",
    "api.user_streak",
    "api.points_boosts",
    "api.user_points_boosts",
    "api.all_leaderboards",
    "api.leaderboard",
    "api.user_leaderboard",
    "api.user_preferences",
    "api.update_user_preferences",
    "api.streaks_list",
    "api.users_wrapped",
}
# Trophy's Admin API (/admin/v1): admin keys only.
ADMIN_API = {
    "admin_api.list_metrics",
    "admin_api.get_metric",
    "admin_api.create_metrics",
    "admin_api.update_metrics",
    "admin_api.delete_metrics",
    "admin_api.list_points_systems",
    "admin_api.get_points_system",
    "admin_api.create_points_systems",
    "admin_api.update_points_systems",
    "admin_api.delete_points_systems",
    "admin_api.list_points_levels",
    "admin_api.get_points_level",
    "admin_api.create_points_levels",
    "admin_api.update_points_levels",
    "admin_api.delete_points_levels",
    "admin_api.list_points_triggers",
    "admin_api.get_points_trigger",
    "admin_api.create_points_triggers",
    "admin_api.update_points_triggers",
    "admin_api.delete_points_triggers",
    "admin_api.list_leaderboards",
    "admin_api.get_leaderboard",
    "admin_api.create_leaderboards",
    "admin_api.update_leaderboards",
    "admin_api.delete_leaderboards",
    "admin_api.list_points_boosts",
    "admin_api.get_points_boost",
    "admin_api.create_points_boosts",
    "admin_api.update_points_boosts",
    "admin_api.delete_points_boosts",
    "admin_api.batch_events",
    "admin_api.list_achievements",
    "admin_api.get_achievement",
    "admin_api.create_achievements",
    "admin_api.update_achievements",
    "admin_api.delete_achievements",
    "admin_api.list_webhooks",
    "admin_api.create_webhook",
    "admin_api.get_webhook",
    "admin_api.update_webhook",
    "admin_api.list_webhook_deliveries",
    "admin_api.resend_webhook_delivery",
    "admin_api.delete_webhook",
    "admin_api.create_streak_freezes",
    "admin_api.create_streak_pauses",
    "admin_api.delete_streak_pauses",
    "admin_api.restore_streaks",
    "admin_api.reset_streaks",
    "admin_api.get_streak_settings",
    "admin_api.update_streak_settings",
    "admin_api.list_attributes",
    "admin_api.get_attribute",
    "admin_api.create_attributes",
    "admin_api.update_attributes",
    "admin_api.delete_attributes",
    "admin_api.create_application_keys",
    "admin_api.delete_application_keys",
    "admin_api.get_settings",
    "admin_api.update_settings",
    "admin_api.list_environments",
}
# Static files, and uploaded badges: public by design (API answers link to them).
NOT_CHECKED = {"static", "main.badge"}

EXPECTED_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


@dataclass(frozen=True)
class Rows:
    """Ids of real rows, to fill every URL variable with something that exists."""

    values: dict
    api_key: str
    admin_api_key: str


def make_app(database_url: str, **config):
    app = build_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            # The checks here are about who may call what, not about the CSRF token that
            # every form post also needs (tests/*/test_*csrf* cover that).
            "WTF_CSRF_ENABLED": False,
            **config,
        }
    )
    with app.app_context():
        seed_xp()
        seed_decks()
        for email, name, operator in (
            (OPERATOR_EMAIL, "Olga", True),
            (LEARNER_EMAIL, "Lena", False),
        ):
            account = Account(email=email, display_name=name, tz="UTC", is_operator=operator)
            account.set_password(PASSWORD)
            db.session.add(account)
        db.session.commit()
    return app


@pytest.fixture
def app(database_url):
    app = make_app(database_url)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def rows(app, clock) -> Rows:
    with app.app_context():
        learner = db.session.scalar(select(Account).where(Account.email == LEARNER_EMAIL))
        deck = Deck(owner_id=learner.id, title="Lena's verbs")
        deck.cards = [Card(front="ser", back="to be", position=1)]
        db.session.add(deck)
        db.session.commit()
        key, secret = create_api_key("security tests")
        _, admin_secret = create_api_key("security tests (admin)", "admin")
        record_event("flashcards-flipped", {"id": XP_USER}, 5)
        achievement = Achievement(key="api-checked", name="API checked", trigger="api")
        db.session.add(achievement)
        system = db.session.scalar(select(PointsSystem).where(PointsSystem.key == "xp"))
        boost = PointsBoost(
            system_id=system.id, name="Checked", multiplier=2, start_date=clock.today()
        )
        db.session.add(boost)
        db.session.commit()
        board = save_leaderboard(None, key="dashboard-checked", name="Checked", rank_by="streak")
        hook = WebhookEndpoint(
            url="https://93.184.215.14/checked", events=["streak.lost"], secret="-"
        )
        db.session.add(hook)
        db.session.commit()
        # The API answers only boards that were activated.
        save_leaderboard(None, key="api-checked", name="API", rank_by="streak", status="active")
        values = {
            "deck_id": deck.id,
            "card_id": deck.cards[0].id,
            "system_id": system.id,
            "system_uuid": system.uuid,
            "level_uuid": system.levels[0].uuid,
            "trigger_uuid": system.triggers[0].uuid,
            "trigger_id": system.triggers[0].id,
            "level_id": system.levels[0].id,
            "metric_id": db.session.scalar(
                select(Metric.id).where(Metric.key == "flashcards-flipped")
            ),
            "key_id": key.id,
            "user_id": XP_USER,
            "achievement_id": achievement.id,
            "achievement_uuid": achievement.uuid,
            "boost_id": boost.id,
            "boost_uuid": boost.uuid,
            "account_id": learner.id,
            "board_id": board.id,
            "leaderboard_uuid": board.uuid,
            "metric_uuid": db.session.scalar(
                select(Metric.uuid).where(Metric.key == "flashcards-flipped")
            ),
            "endpoint_id": hook.id,
            "endpoint_uuid": hook.uuid,
            "delivery_id": logged_delivery(hook.id, status="failed").id,
            "attribute_uuid": declare_attribute("plan-checked", "Plan", "user").uuid,
        }
    return Rows(values, secret, admin_secret)


def build(rule, values: dict) -> str:
    """The rule's path with each <converter:name> replaced by a seeded value."""
    args = dict(values)
    # <key> is a metric key on the event routes, an `api` achievement's key on the
    # achievement routes, an active board's on the leaderboard routes and a points system
    # key elsewhere.
    args["key"] = "flashcards-flipped" if "/metrics/" in rule.rule else "xp"
    args["kind"], args["object_id"] = "metric", values["metric_id"]
    if "/achievements/" in rule.rule or "/leaderboards/" in rule.rule:
        args["key"] = "api-checked"

    def fill(match):
        return str(args[match["name"]])

    return re.sub(r"<(?:[^:<>]+:)?(?P<name>[^<>]+)>", fill, rule.rule)


def routes(app, endpoints: set[str], rows: Rows) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every rule of these endpoints and each method it takes."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in endpoints:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((rule.endpoint, method, build(rule, rows.values)))
    assert found, f"no rules for {endpoints}"
    return found


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and urlsplit(response.location).path == "/login"


# --- every endpoint is classified --------------------------------------------------------


def test_every_endpoint_in_the_url_map_has_an_access_rule(app):
    classes = [PUBLIC, LEARNER, OPERATOR, API, ADMIN_API, NOT_CHECKED]
    classified = set().union(*classes)
    assert sum(len(c) for c in classes) == len(classified), "an endpoint is in two classes"
    in_map = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert in_map - classified == set(), "classify these new endpoints in tests/test_security.py"
    assert classified - in_map == set(), "these classified endpoints no longer exist"


def test_public_endpoints_answer_a_logged_out_visitor(app, rows):
    client = app.test_client()
    for endpoint, method, url in routes(app, PUBLIC, rows):
        response = client.open(url, method=method)
        assert response.status_code == 200, (endpoint, method, url, response.status_code)


def test_learner_endpoints_send_a_logged_out_visitor_to_log_in(app, rows):
    client = app.test_client()
    failures = []
    for endpoint, method, url in routes(app, LEARNER, rows):
        page = client.open(url, method=method)
        htmx = client.open(url, method=method, headers={"HX-Request": "true"})
        json = client.open(url, method=method, headers={"Accept": "application/json"})
        if not is_login_redirect(page):
            failures.append((endpoint, method, url, "page", page.status_code))
        if htmx.status_code != 401 or urlsplit(htmx.headers.get("HX-Redirect", "")).path != (
            "/login"
        ):
            failures.append((endpoint, method, url, "htmx", htmx.status_code))
        if json.status_code != 401 or "error" not in (json.get_json(silent=True) or {}):
            failures.append((endpoint, method, url, "json", json.status_code))
    assert failures == []


def test_learner_pages_open_for_a_logged_in_learner(app, rows):
    client = app.test_client()
    assert log_in(client, LEARNER_EMAIL).status_code == 302
    for endpoint, method, url in routes(app, LEARNER, rows):
        if method != "GET":
            continue  # posts change data; the logged-out check above covers them
        response = client.get(url)
        assert response.status_code == 200, (endpoint, url, response.status_code)


def test_operator_endpoints_refuse_learners_and_logged_out_visitors(app, rows):
    visitor = app.test_client()
    learner = app.test_client()
    assert log_in(learner, LEARNER_EMAIL).status_code == 302
    failures = []
    for endpoint, method, url in routes(app, OPERATOR, rows):
        if not is_login_redirect(visitor.open(url, method=method)):
            failures.append((endpoint, method, url, "logged out"))
        response = learner.open(url, method=method)
        if response.status_code != 403:
            failures.append((endpoint, method, url, "learner", response.status_code))
    assert failures == []


def test_operator_pages_open_for_an_operator(app, rows):
    client = app.test_client()
    assert log_in(client, OPERATOR_EMAIL).status_code == 302
    for endpoint, method, url in routes(app, OPERATOR, rows):
        if method != "GET":
            continue
        response = client.get(url)
        expected = 302 if endpoint == "dashboard.index" else 200
        assert response.status_code == expected, (endpoint, url, response.status_code)


def test_api_endpoints_need_an_api_key_even_with_a_session(app, rows):
    learner = app.test_client()
    assert log_in(learner, LEARNER_EMAIL).status_code == 302
    failures = []
    for endpoint, method, url in routes(app, API | ADMIN_API, rows):
        for client, headers in (
            (app.test_client(), {}),
            (app.test_client(), {"X-API-KEY": "not-a-key"}),
            (learner, {}),
        ):
            response = client.open(url, method=method, headers=headers, json={})
            body = response.get_json(silent=True) or {}
            if response.status_code != 401 or not body.get("error"):
                failures.append((endpoint, method, url, headers, response.status_code))
    assert failures == []


def test_api_endpoints_answer_with_a_valid_key(app, rows):
    """A valid key of the API's kind: an application key on /api/v1, an admin key on /admin/v1."""
    client = app.test_client()
    for endpoint, method, url in routes(app, API | ADMIN_API, rows):
        key = rows.admin_api_key if endpoint in ADMIN_API else rows.api_key
        body = API_BODIES.get((endpoint, method), API_BODIES.get(endpoint))
        query = API_QUERIES.get((endpoint, method), API_QUERIES.get(endpoint))
        if callable(query):
            query = query(rows)
        response = client.open(
            url, method=method, headers={"X-API-KEY": key}, json=body, query_string=query
        )
        assert response.status_code in (200, 201, 202, 204), (endpoint, url, response.status_code)


def test_api_endpoints_refuse_a_key_of_the_other_kind(app, rows):
    client = app.test_client()
    failures = []
    for endpoint, method, url in routes(app, API | ADMIN_API, rows):
        key = rows.api_key if endpoint in ADMIN_API else rows.admin_api_key
        response = client.open(url, method=method, headers={"X-API-KEY": key}, json={})
        body = response.get_json(silent=True) or {}
        if response.status_code != 403 or not body.get("error"):
            failures.append((endpoint, method, url, response.status_code))
    assert failures == []


SUMMARY_QUERY = {"aggregation": "daily", "startDate": "2024-01-01", "endDate": "2024-01-07"}
API_QUERIES = {
    "api.points_event_summary": SUMMARY_QUERY,
    "api.metric_event_summary": SUMMARY_QUERY,
    "api.streaks_list": {"userIds": XP_USER},
    "admin_api.delete_metrics": lambda rows: {"ids": rows.values["metric_uuid"]},
    # An unknown id (an issue, 200): the seeded system and level stay for the other routes.
    "admin_api.delete_points_systems": {"ids": "550e8400-e29b-41d4-a716-446655440999"},
    "admin_api.delete_achievements": {"ids": "550e8400-e29b-41d4-a716-446655440999"},
    "admin_api.delete_points_levels": {"ids": "550e8400-e29b-41d4-a716-446655440999"},
    "admin_api.delete_points_triggers": {"ids": "550e8400-e29b-41d4-a716-446655440999"},
    "admin_api.delete_leaderboards": lambda rows: {"ids": rows.values["leaderboard_uuid"]},
    "admin_api.delete_points_boosts": {"ids": "550e8400-e29b-41d4-a716-446655440999"},
    "admin_api.delete_streak_pauses": {"ids": "550e8400-e29b-41d4-a716-446655440999"},
    "admin_api.delete_attributes": {"ids": "550e8400-e29b-41d4-a716-446655440999"},
    "admin_api.delete_application_keys": {"ids": "550e8400-e29b-41d4-a716-446655440999"},
}
API_BODIES = {
    "api.metric_event": {"user": {"id": XP_USER}, "value": 1},
    "api.create_user": {"id": "api-user-2"},
    "api.identify_user": {"name": "API User"},
    "api.update_user": {"name": "API User"},
    "api.complete_achievement": {"user": {"id": XP_USER}},
    "api.update_user_preferences": {"notifications": {"recap": ["email"]}},
    "admin_api.create_metrics": [{"name": "Checked", "key": "security-checked"}],
    "admin_api.update_metrics": [{"id": "550e8400-e29b-41d4-a716-446655440999"}],
    "admin_api.create_points_systems": [{"name": "Checked", "key": "security-checked"}],
    "admin_api.update_points_systems": [{"id": "550e8400-e29b-41d4-a716-446655440999"}],
    "admin_api.create_points_levels": [{"name": "Checked", "key": "checked", "points": 99999}],
    "admin_api.update_points_levels": [{"id": "550e8400-e29b-41d4-a716-446655440999"}],
    "admin_api.create_points_triggers": [{"type": "streak", "points": 1, "streakLength": 99}],
    "admin_api.update_points_triggers": [{"id": "550e8400-e29b-41d4-a716-446655440999"}],
    "admin_api.create_leaderboards": [{"name": "C", "key": "security-board", "rankBy": "streak"}],
    "admin_api.update_leaderboards": [{"id": "550e8400-e29b-41d4-a716-446655440999"}],
    "admin_api.create_points_boosts": [{"name": "C", "start": "2027-01-01", "multiplier": 2}],
    "admin_api.update_points_boosts": [{"id": "550e8400-e29b-41d4-a716-446655440999"}],
    "admin_api.batch_events": [
        {"key": "flashcards-flipped", "user": {"id": "api-user-1"}, "value": 1}
    ],
    "admin_api.create_achievements": [{"name": "C", "key": "security-checked", "trigger": "api"}],
    "admin_api.update_achievements": [{"id": "550e8400-e29b-41d4-a716-446655440999"}],
    "admin_api.create_webhook": {"url": "https://93.184.215.14/new", "events": ["streak.lost"]},
    "admin_api.update_webhook": {"active": True},
    "admin_api.create_streak_freezes": {"freezes": [{"userId": XP_USER}]},
    "admin_api.create_streak_pauses": {
        "pauses": [{"userId": XP_USER, "start": "2099-01-01", "end": "2099-01-02"}]
    },
    "admin_api.restore_streaks": {"users": [{"id": XP_USER}]},
    "admin_api.reset_streaks": {"users": [{"id": XP_USER}]},
    "admin_api.update_streak_settings": {"frequency": "daily"},
    "admin_api.create_attributes": [{"name": "Plan", "key": "plan", "type": "user"}],
    "admin_api.update_attributes": [{"id": "550e8400-e29b-41d4-a716-446655440999"}],
    "admin_api.create_application_keys": [{"userId": XP_USER}],
    "admin_api.update_settings": {},
}


# --- no open redirect after logging in ---------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
    ],
)
def test_login_never_redirects_off_site(app, target):
    response = log_in(app.test_client(), LEARNER_EMAIL, next=target)
    assert response.status_code == 302
    assert response.location == "/decks/"


def test_login_returns_to_a_page_on_this_site(app):
    response = log_in(app.test_client(), LEARNER_EMAIL, next="/progress/")
    assert response.location == "/progress/"


# --- security headers --------------------------------------------------------------------


def assert_security_headers(response) -> None:
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers.get(name) == value, name


def test_the_policy_in_code_is_the_documented_one():
    assert CONTENT_SECURITY_POLICY == EXPECTED_HEADERS["Content-Security-Policy"]


def test_html_pages_carry_the_security_headers(app):
    response = app.test_client().get("/login")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert_security_headers(response)


def test_json_api_answers_carry_the_security_headers(app, rows):
    client = app.test_client()
    ok = client.get("/api/v1/points/xp", headers={"X-API-KEY": rows.api_key})
    refused = client.get("/api/v1/points/xp")
    assert (ok.status_code, ok.mimetype) == (200, "application/json")
    assert (refused.status_code, refused.mimetype) == (401, "application/json")
    assert_security_headers(ok)
    assert_security_headers(refused)


def test_not_found_pages_carry_the_security_headers(app, rows):
    client = app.test_client()
    page = client.get("/no-such-page")
    api = client.get("/api/v1/no-such-thing", headers={"X-API-KEY": rows.api_key})
    assert (page.status_code, page.mimetype) == (404, "text/html")
    assert (api.status_code, api.mimetype) == (404, "application/json")
    assert_security_headers(page)
    assert_security_headers(api)


def test_static_files_carry_the_security_headers(app):
    response = app.test_client().get("/static/js/xp.js")
    assert response.status_code == 200
    assert_security_headers(response)
    response.close()


# --- cookies -----------------------------------------------------------------------------


def cookie_attributes(response, name: str) -> set[str]:
    """The attributes of the Set-Cookie header for `name`, lower-cased, without values."""
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]
    assert len(headers) == 1, response.headers.getlist("Set-Cookie")
    attributes = set()
    for part in headers[0].split(";")[1:]:
        key, _, value = part.strip().partition("=")
        attributes.add(key.lower() if key.lower() != "samesite" else f"samesite={value.lower()}")
    return attributes


def test_session_cookie_is_httponly_and_samesite_lax_without_remember_me(app):
    response = log_in(app.test_client(), LEARNER_EMAIL)
    assert response.status_code == 302
    session = cookie_attributes(response, "session")
    assert {"httponly", "samesite=lax"} <= session
    assert "secure" not in session  # plain-HTTP development would lose its session
    assert not [h for h in response.headers.getlist("Set-Cookie") if h.startswith("remember")]


def test_remember_me_cookie_is_httponly_and_samesite_lax(app):
    response = log_in(app.test_client(), LEARNER_EMAIL, remember=True)
    assert response.status_code == 302
    for name in ("session", "remember_token"):
        attributes = cookie_attributes(response, name)
        assert {"httponly", "samesite=lax"} <= attributes, name
        assert "secure" not in attributes


@pytest.mark.parametrize("how", ["PREFERRED_URL_SCHEME", "STUDYXP_HTTPS"])
def test_cookies_are_secure_behind_https(database_url, monkeypatch, how):
    if how == "STUDYXP_HTTPS":
        monkeypatch.setenv("STUDYXP_HTTPS", "1")
        app = make_app(database_url)
    else:
        monkeypatch.delenv("STUDYXP_HTTPS", raising=False)
        app = make_app(database_url, PREFERRED_URL_SCHEME="https")
    try:
        client = app.test_client()
        response = log_in(client, LEARNER_EMAIL, remember=True)
        assert response.status_code == 302
        for name in ("session", "remember_token"):
            assert {"httponly", "samesite=lax", "secure"} <= cookie_attributes(response, name)
    finally:
        with app.app_context():
            db.engine.dispose()


def test_cookies_are_not_secure_when_studyxp_https_is_off(database_url, monkeypatch):
    monkeypatch.setenv("STUDYXP_HTTPS", "0")
    app = make_app(database_url)
    try:
        response = log_in(app.test_client(), LEARNER_EMAIL, remember=True)
        assert "secure" not in cookie_attributes(response, "session")
    finally:
        with app.app_context():
            db.engine.dispose()


# --- oversized requests --------------------------------------------------------------------

BIG_FIELD = "x" * (1024 * 1024 + 100_000)  # a 1.1 MB form field, over MAX_CONTENT_LENGTH


@pytest.mark.parametrize(
    ("logged_in", "path", "field"),
    [(False, "/login", "email"), (True, "/decks/new", "title")],
)
def test_an_oversized_form_is_413_with_the_normal_page_and_no_traceback(
    app, caplog, logged_in, path, field
):
    client = app.test_client()
    if logged_in:
        assert log_in(client, LEARNER_EMAIL).status_code == 302

    response = client.post(path, data={field: BIG_FIELD})

    assert (response.status_code, response.mimetype) == (413, "text/html")
    assert "<title>" in response.text and "too large" in response.text.lower()
    assert_security_headers(response)
    assert [r for r in caplog.records if r.exc_info] == []


def test_an_oversized_api_body_is_413_json_with_the_security_headers(app, rows, caplog):
    response = app.test_client().post(
        "/api/v1/metrics/flashcards-flipped/event",
        data="x" * (64 * 1024 + 1),
        headers={"X-API-KEY": rows.api_key, "Content-Type": "application/json"},
    )

    assert (response.status_code, response.get_json()) == (
        413,
        {"error": "The request body must be at most 65536 bytes"},
    )
    assert_security_headers(response)
    assert [r for r in caplog.records if r.exc_info] == []
