"""Who may use the dashboard: operators only, every route, and every form with its CSRF token."""

import re

import pytest
from sqlalchemy import func, select

from app.accounts import login_sessions
from app.accounts.models import Account, LoginSession
from app.extensions import db
from app.xp.admin.api_keys import create_api_key
from app.xp.admin.leaderboards import save_leaderboard
from app.xp.models.achievements import Achievement
from app.xp.models.api_keys import ApiKey
from app.xp.models.boosts import PointsBoost
from app.xp.models.leaderboards import Leaderboard
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsLevel, PointsSystem, PointsTrigger
from app.xp.models.streaks import StreakSettings
from app.xp.models.webhooks import WebhookDelivery, WebhookEndpoint
from tests.support.clock import run_date
from tests.support.html import CSRF_REFUSED, FORBIDDEN, csrf_token_from
from tests.support.webhook_log import UNAVAILABLE, logged_delivery

# What a POST carries in these tests: enough for any dashboard form to change something.
EVERYTHING = {
    "key": "quiz-answered",
    "name": "Quiz Answered",
    "status": "archived",
    "type": "metric",
    "points": "5",
    "metric_threshold": "2",
}


def dashboard_routes(app, url_args: dict) -> list[tuple[str, str]]:
    """(method, path) of every dashboard rule, its ids filled with real rows' ids."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("dashboard."):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(url_args[m[1]]), rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, path))
    return sorted(routes)


@pytest.fixture
def routes(app, seeded_ids):
    with app.app_context():
        key_id = create_api_key("tests")[0].id
    args = {
        "metric_id": seeded_ids.metric_id,
        "system_id": seeded_ids.system_id,
        "trigger_id": seeded_ids.every_5_id,
        "kind": "metric",
        "object_id": seeded_ids.metric_id,
        "key_id": key_id,
        "level_id": apprentice_id(app),
        "account_id": logged_in_learner_id(app),
        "board_id": ladder_id(app),
        **engagement_ids(app),
        **webhook_ids(app),
    }
    routes = dashboard_routes(app, args)
    # Metrics, points systems, triggers, analytics and API keys: far more than a handful.
    assert len(routes) >= 20
    return routes


def snapshot(app) -> dict:
    """Everything a dashboard POST could change."""
    with app.app_context():
        return {
            "metrics": db.session.execute(select(Metric.key, Metric.name, Metric.status)).all(),
            "systems": db.session.execute(
                select(PointsSystem.key, PointsSystem.name, PointsSystem.status)
            ).all(),
            "triggers": db.session.execute(
                select(PointsTrigger.points, PointsTrigger.metric_threshold, PointsTrigger.status)
            ).all(),
            "keys": db.session.execute(select(ApiKey.name, ApiKey.revoked)).all(),
            "levels": db.session.execute(
                select(PointsLevel.key, PointsLevel.name, PointsLevel.points)
            ).all(),
            "achievements": db.session.execute(
                select(Achievement.key, Achievement.name, Achievement.status)
            ).all(),
            "streaks": db.session.execute(
                select(StreakSettings.frequency, StreakSettings.max_freezes)
            ).all(),
            "metrics_counting": db.session.execute(select(Metric.counts_for_streak)).all(),
            "boosts": db.session.execute(select(PointsBoost.name, PointsBoost.archived)).all(),
            "sessions": db.session.execute(
                select(LoginSession.id).join(Account).where(Account.email == SAM)
            ).all(),
            "leaderboards": db.session.execute(
                select(Leaderboard.key, Leaderboard.name, Leaderboard.status)
            ).all(),
            "webhooks": db.session.execute(
                select(WebhookEndpoint.url, WebhookEndpoint.events, WebhookEndpoint.active)
            ).all(),
            "deliveries": db.session.execute(
                select(WebhookDelivery.status, WebhookDelivery.attempts)
            ).all(),
        }


def engagement_ids(app) -> dict:
    """An api achievement (card-shark) and a boost on xp (Double XP), made once per app."""
    with app.app_context():
        achievement = db.session.scalar(select(Achievement).where(Achievement.key == "card-shark"))
        if achievement is None:
            achievement = Achievement(key="card-shark", name="Card Shark", trigger="api")
            system = db.session.scalar(select(PointsSystem).where(PointsSystem.key == "xp"))
            db.session.add_all(
                [
                    achievement,
                    PointsBoost(
                        system_id=system.id,
                        name="Double XP",
                        multiplier=2,
                        start_date=run_date(),
                    ),
                ]
            )
            db.session.commit()
        return {
            "achievement_id": achievement.id,
            "boost_id": db.session.scalar(select(PointsBoost.id)),
        }


SAM = "sam@example.com"


def logged_in_learner_id(app) -> int:
    """Sam, a learner logged in on one browser (made once per app)."""
    with app.app_context():
        sam = db.session.scalar(select(Account).where(Account.email == SAM))
        if sam is None:
            sam = Account(email=SAM, display_name="Sam", password_hash="-")
            db.session.add(sam)
            db.session.commit()
            login_sessions.start(sam, remember=False)
        return sam.id


def ladder_id(app) -> int:
    """An inactive streak leaderboard, Ladder (made once per app)."""
    with app.app_context():
        board = db.session.scalar(select(Leaderboard).where(Leaderboard.key == "ladder"))
        if board is None:
            board = save_leaderboard(None, key="ladder", name="Ladder", rank_by="streak")
        return board.id


def apprentice_id(app) -> int:
    """seed.py's level at 100 XP."""
    with app.app_context():
        return db.session.scalar(select(PointsLevel.id).where(PointsLevel.key == "apprentice"))


HOOK_URL = "https://93.184.215.14/hooks"  # a public address, accepted without DNS


def webhook_ids(app) -> dict:
    """A webhook endpoint with a failed delivery (made once per app)."""
    with app.app_context():
        endpoint = db.session.scalar(select(WebhookEndpoint).where(WebhookEndpoint.url == HOOK_URL))
        if endpoint is None:
            endpoint = WebhookEndpoint(url=HOOK_URL, events=["streak.lost"], secret="whsec_x")
            db.session.add(endpoint)
            db.session.commit()
            logged_delivery(endpoint.id, status="failed", attempts=(UNAVAILABLE,))
        return {
            "endpoint_id": endpoint.id,
            "delivery_id": db.session.scalar(select(WebhookDelivery.id)),
        }


def _webhook_added(app, ids):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(WebhookEndpoint)) == 2


def _webhook_paused(app, ids):
    with app.app_context():
        return db.session.scalar(select(WebhookEndpoint.active)) is False


def _webhook_removed(app, ids):
    with app.app_context():
        return db.session.scalar(select(WebhookEndpoint.id)) is None


def _trigger_deleted(app, ids):
    with app.app_context():
        return db.session.get(PointsTrigger, ids.every_5_id) is None


def _delivery_resent(app, ids):
    with app.app_context():
        return db.session.scalar(select(WebhookDelivery.status)) == "pending"


def request(client, method: str, path: str, data: dict):
    return client.open(path, method=method, data=data if method == "POST" else None)


def test_every_dashboard_route_sends_a_logged_out_visitor_to_log_in(app, client, routes):
    before = snapshot(app)
    answers = {
        (method, path): (response.status_code, response.headers.get("Location"))
        for method, path in routes
        for response in [request(client, method, path, EVERYTHING)]
    }
    # A GET comes back to the page after logging in; a POST cannot be replayed as a GET.
    expected = {
        (method, path): (302, f"/login?next={path}" if method == "GET" else "/login")
        for method, path in routes
    }
    assert answers == expected
    assert snapshot(app) == before


def test_every_dashboard_route_is_forbidden_to_a_learner(app, learner, routes, seeded_ids):
    before = snapshot(app)
    data = {**EVERYTHING, "metric_id": seeded_ids.metric_id}
    answers = {}
    for method, path in routes:
        response = request(learner, method, path, data)
        answers[(method, path)] = (response.status_code, FORBIDDEN in response.text)
    assert answers == {route: (403, True) for route in routes}
    assert snapshot(app) == before


def test_every_dashboard_page_opens_for_an_operator(operator, routes):
    answers = {path: operator.get(path).status_code for method, path in routes if method == "GET"}
    assert answers == {path: 302 if path == "/dashboard/" else 200 for path in answers}


def test_dashboard_start_page_is_the_points_systems(operator):
    response = operator.get("/dashboard/")
    assert response.headers["Location"] == "/dashboard/points/"


def test_learners_403_page_says_the_dashboard_is_for_operators(learner):
    response = learner.get("/dashboard/metrics/")
    assert response.status_code == 403
    assert "<h1>Forbidden</h1>" in response.text
    assert "The dashboard is for operators. Your account is a learner account." in response.text


def test_header_shows_the_dashboard_link_to_operators(operator):
    page = operator.get("/decks/").text
    assert re.search(r'<a href="/dashboard/" data-testid="dashboard-link">Dashboard</a>', page)


@pytest.mark.parametrize("path", ["/decks/", "/dashboard/metrics/"])
def test_header_hides_the_dashboard_link_from_learners(learner, path):
    assert 'data-testid="dashboard-link"' not in learner.get(path).text


def test_header_hides_the_dashboard_link_when_logged_out(client):
    assert 'data-testid="dashboard-link"' not in client.get("/login").text


# --- CSRF --------------------------------------------------------------------------------


def _metric_created(app, ids):
    with app.app_context():
        return db.session.scalar(select(Metric).where(Metric.key == "quiz-answered")) is not None


def _metric_renamed(app, ids):
    with app.app_context():
        return db.session.get(Metric, ids.metric_id).name == "Flips"


def _metric_archived(app, ids):
    with app.app_context():
        return db.session.get(Metric, ids.metric_id).status == "archived"


def _system_created(app, ids):
    with app.app_context():
        return db.session.scalar(select(PointsSystem).where(PointsSystem.key == "gems")) is not None


def _system_renamed(app, ids):
    with app.app_context():
        return db.session.get(PointsSystem, ids.system_id).name == "Experience"


def _system_archived(app, ids):
    with app.app_context():
        return db.session.get(PointsSystem, ids.system_id).status == "archived"


def _trigger_added(app, ids):
    with app.app_context():
        # The seeded three (two on flips, one on reviews) and the new one.
        return len(db.session.get(PointsSystem, ids.system_id).triggers) == 4


def _trigger_changed(app, ids):
    with app.app_context():
        return db.session.get(PointsTrigger, ids.every_5_id).points == 20


def _trigger_deactivated(app, ids):
    with app.app_context():
        return db.session.get(PointsTrigger, ids.every_5_id).status == "inactive"


def _level_added(app, ids):
    with app.app_context():
        return len(db.session.get(PointsSystem, ids.system_id).levels) == 6


def _level_changed(app, ids):
    with app.app_context():
        return db.session.get(PointsLevel, apprentice_id(app)).points == 150


def _level_deleted(app, ids):
    with app.app_context():
        return apprentice_id(app) is None


def _achievement_created(app, ids):
    with app.app_context():
        return db.session.scalar(select(Achievement).where(Achievement.key == "week")) is not None


def _achievement_renamed(app, ids):
    with app.app_context():
        return (
            db.session.get(Achievement, engagement_ids(app)["achievement_id"]).name == "Card Sharp"
        )


def _achievement_archived(app, ids):
    with app.app_context():
        return (
            db.session.get(Achievement, engagement_ids(app)["achievement_id"]).status == "archived"
        )


def _streak_settings_saved(app, ids):
    with app.app_context():
        return db.session.get(StreakSettings, 1) is not None


def _boost_added(app, ids):
    with app.app_context():
        return (
            db.session.scalar(select(PointsBoost).where(PointsBoost.name == "Weekend")) is not None
        )


def _boost_archived(app, ids):
    with app.app_context():
        return db.session.scalar(
            select(PointsBoost.archived).where(PointsBoost.name == "Double XP")
        )


def _api_key_created(app, ids):
    with app.app_context():
        return db.session.scalar(select(ApiKey).where(ApiKey.name == "ci")) is not None


def _api_key_revoked(app, ids):
    with app.app_context():
        return db.session.scalar(select(ApiKey).where(ApiKey.name == "tests")).revoked is not None


def _leaderboard_created(app, ids):
    with app.app_context():
        return db.session.scalar(select(Leaderboard).where(Leaderboard.key == "weekly")) is not None


def _leaderboard_renamed(app, ids):
    with app.app_context():
        return db.session.get(Leaderboard, ladder_id(app)).name == "Top Streaks"


def _leaderboard_finished(app, ids):
    with app.app_context():
        return db.session.get(Leaderboard, ladder_id(app)).status == "finished"


def _logged_out_everywhere(app, ids):
    with app.app_context():
        sam = db.session.scalar(select(Account).where(Account.email == SAM))
        return login_sessions.active_count(sam) == 0


# endpoint: (path, form, whether it has taken effect)
CSRF_POSTS = {
    "dashboard.metric_form": [
        (
            "/dashboard/metrics/new",
            {"key": "quiz-answered", "name": "Quiz Answered"},
            _metric_created,
        ),
        (
            "/dashboard/metrics/{metric_id}/edit",
            {"key": "flashcards-flipped", "name": "Flips"},
            _metric_renamed,
        ),
    ],
    "dashboard.metric_status": [
        ("/dashboard/metrics/{metric_id}/status", {"status": "archived"}, _metric_archived)
    ],
    "dashboard.points_form": [
        ("/dashboard/points/new", {"key": "gems", "name": "Gems"}, _system_created),
        (
            "/dashboard/points/{system_id}/edit",
            {"key": "xp", "name": "Experience"},
            _system_renamed,
        ),
    ],
    "dashboard.points_status": [
        ("/dashboard/points/{system_id}/status", {"status": "archived"}, _system_archived)
    ],
    "dashboard.configure": [
        (
            "/dashboard/points/{system_id}/configure",
            {"type": "metric", "points": "5", "metric_id": "{metric_id}", "metric_threshold": "2"},
            _trigger_added,
        )
    ],
    "dashboard.trigger_form": [
        (
            "/dashboard/points/{system_id}/triggers/{every_5_id}/edit",
            {"type": "metric", "points": "20", "metric_id": "{metric_id}", "metric_threshold": "5"},
            _trigger_changed,
        )
    ],
    "dashboard.trigger_status": [
        (
            "/dashboard/points/{system_id}/triggers/{every_5_id}/status",
            {"status": "inactive"},
            _trigger_deactivated,
        )
    ],
    "dashboard.level_form": [
        (
            "/dashboard/points/{system_id}/levels/new",
            {"key": "sage", "name": "Sage", "points": "50000"},
            _level_added,
        ),
        (
            "/dashboard/points/{system_id}/levels/{level_id}/edit",
            {"key": "apprentice", "name": "Apprentice", "points": "150"},
            _level_changed,
        ),
    ],
    "dashboard.delete_level": [
        ("/dashboard/points/{system_id}/levels/{level_id}/delete", {}, _level_deleted),
    ],
    "dashboard.achievement_form": [
        (
            "/dashboard/achievements/new",
            {"key": "week", "name": "Week", "trigger": "streak", "streak_length": "7"},
            _achievement_created,
        ),
        (
            "/dashboard/achievements/{achievement_id}/edit",
            {"key": "card-shark", "name": "Card Sharp", "trigger": "api"},
            _achievement_renamed,
        ),
    ],
    "dashboard.achievement_status": [
        (
            "/dashboard/achievements/{achievement_id}/status",
            {"status": "archived"},
            _achievement_archived,
        )
    ],
    "dashboard.streak_settings": [
        (
            "/dashboard/streaks/",
            {
                "frequency": "daily",
                "max_freezes": "2",
                "starting_freezes": "0",
                "freeze_auto_earn_amount": "1",
            },
            _streak_settings_saved,
        )
    ],
    "dashboard.boosts": [
        (
            "/dashboard/points/{system_id}/boosts/",
            {"name": "Weekend", "multiplier": "2", "rounding": "down", "start_date": "2026-01-03"},
            _boost_added,
        )
    ],
    "dashboard.boost_archive": [
        ("/dashboard/points/{system_id}/boosts/{boost_id}/archive", {}, _boost_archived)
    ],
    "dashboard.api_keys": [("/dashboard/api-keys/", {"name": "ci"}, _api_key_created)],
    "dashboard.revoke_api_key": [
        ("/dashboard/api-keys/{key_id}/revoke", {}, _api_key_revoked),
    ],
    "dashboard.log_out_account": [
        ("/dashboard/accounts/{account_id}/log-out-everywhere", {}, _logged_out_everywhere),
    ],
    "dashboard.leaderboard_form": [
        (
            "/dashboard/leaderboards/new",
            {"key": "weekly", "name": "Weekly", "rank_by": "streak", "status": "inactive"},
            _leaderboard_created,
        ),
        (
            "/dashboard/leaderboards/{board_id}/edit",
            {"key": "ladder", "name": "Top Streaks", "rank_by": "streak", "status": "inactive"},
            _leaderboard_renamed,
        ),
    ],
    "dashboard.leaderboard_finish": [
        ("/dashboard/leaderboards/{board_id}/finish", {}, _leaderboard_finished),
    ],
    "dashboard.webhooks": [
        (
            "/dashboard/webhooks/",
            {"url": "https://93.184.215.15/hooks", "events": "streak.lost"},
            _webhook_added,
        )
    ],
    "dashboard.webhook_form": [
        ("/dashboard/webhooks/{endpoint_id}/edit", {"events": "streak.lost"}, _webhook_paused)
    ],
    "dashboard.remove_webhook": [
        ("/dashboard/webhooks/{endpoint_id}/remove", {}, _webhook_removed),
    ],
    "dashboard.delete_object": [("/dashboard/trigger/{every_5_id}/delete", {}, _trigger_deleted)],
    "dashboard.resend_webhook_delivery": [
        ("/dashboard/webhooks/deliveries/{delivery_id}/resend", {}, _delivery_resent),
    ],
}
CSRF_CASES = [
    pytest.param(
        path, form, taken_effect, id=re.sub(r"\{\w+\}", "id", path.removeprefix("/dashboard/"))
    )
    for cases in CSRF_POSTS.values()
    for path, form, taken_effect in cases
]


def test_csrf_cases_cover_every_dashboard_post(app):
    posting = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("dashboard.") and "POST" in rule.methods
    }
    assert posting == set(CSRF_POSTS)


@pytest.fixture
def csrf_ids(csrf_app, csrf_seeded_ids):
    with csrf_app.app_context():
        key, _ = create_api_key("tests")
        key_id = key.id
    level_id = apprentice_id(csrf_app)
    return csrf_seeded_ids, {
        **vars(csrf_seeded_ids),
        "key_id": key_id,
        "level_id": level_id,
        "account_id": logged_in_learner_id(csrf_app),
        "board_id": ladder_id(csrf_app),
        **engagement_ids(csrf_app),
        **webhook_ids(csrf_app),
    }


# CSRF protection does not depend on the day.
@pytest.mark.calendar_free
@pytest.mark.parametrize(("path", "form", "taken_effect"), CSRF_CASES)
def test_dashboard_post_without_csrf_token_is_refused_and_changes_nothing(
    csrf_app, csrf_operator, csrf_ids, path, form, taken_effect
):
    ids, values = csrf_ids
    form = {name: value.format(**values) for name, value in form.items()}
    before = snapshot(csrf_app)

    response = csrf_operator.post(path.format(**values), data=form)

    assert response.status_code == 400
    assert CSRF_REFUSED in response.text
    assert snapshot(csrf_app) == before
    assert not taken_effect(csrf_app, ids)


# CSRF protection does not depend on the day.
@pytest.mark.calendar_free
@pytest.mark.parametrize(("path", "form", "taken_effect"), CSRF_CASES)
def test_dashboard_post_with_csrf_token_takes_effect(
    csrf_app, csrf_operator, csrf_ids, path, form, taken_effect
):
    ids, values = csrf_ids
    form = {name: value.format(**values) for name, value in form.items()}
    token = csrf_token_from(csrf_operator.get("/dashboard/metrics/").text)

    response = csrf_operator.post(path.format(**values), data={**form, "csrf_token": token})

    assert response.status_code in (200, 302), response.text
    assert taken_effect(csrf_app, ids)


def test_a_token_from_another_session_is_refused(csrf_app, csrf_operator):
    stranger = csrf_app.test_client()
    token = csrf_token_from(stranger.get("/login").text)

    response = csrf_operator.post(
        "/dashboard/metrics/new",
        data={"key": "quiz-answered", "name": "Quiz Answered", "csrf_token": token},
    )

    assert response.status_code == 400
    assert not _metric_created(csrf_app, None)
