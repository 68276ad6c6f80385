"""The accounts page (app/dashboard/accounts.py), and the password asked again before
sensitive operator actions (app/study/auth.py: password_confirmed)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from app.accounts.models import Account
from app.extensions import db
from app.xp.admin.api_keys import create_api_key
from app.xp.models.api_keys import ApiKey
from app.xp.models.boosts import PointsBoost
from app.xp.models.points import PointsLevel
from tests.support.clock import run_date
from tests.support.html import field_errors, flashes, table_rows
from tests.support.learners import PASSWORD, AuthActions, log_in, with_copied_cookie
from tests.support.operators import LEARNER_EMAIL, OPERATOR_EMAIL


def accounts_table(client, query: str = "") -> list[list[str]]:
    page = client.get("/dashboard/accounts/", query_string={"q": query} if query else None)
    assert page.status_code == 200
    return [row[:4] for row in table_rows(page.text, "account-row")]


def account_id(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Account.id).where(Account.email == email))


def confirm_page_next(response) -> str | None:
    """Where the confirm-password page a response sends to will come back to."""
    assert response.status_code == 302, response.status_code
    parts = urlsplit(response.headers["Location"])
    assert parts.path == "/confirm-password"
    return parse_qs(parts.query).get("next", [None])[0]


def test_the_accounts_page_lists_accounts_with_their_open_sessions(app, operator):
    AuthActions(app.test_client()).login(LEARNER_EMAIL)
    AuthActions(app.test_client()).login(LEARNER_EMAIL, remember=True)

    assert accounts_table(operator) == [
        ["lena@example.com", "Lena Learner", "learner", "2"],
        ["olga@example.com", "Olga Operator", "operator", "1"],
    ]
    assert accounts_table(operator, "LENA") == [
        ["lena@example.com", "Lena Learner", "learner", "2"]
    ]
    assert accounts_table(operator, "%") == []


def test_log_out_everywhere_ends_every_session_of_the_account(app, operator):
    lena = AuthActions(app.test_client())
    lena.login(LEARNER_EMAIL, remember=True)
    remembered = with_copied_cookie(lena.client, "remember_token")

    response = operator.post(
        f"/dashboard/accounts/{account_id(app, LEARNER_EMAIL)}/log-out-everywhere"
    )

    assert response.status_code == 302
    page = operator.get("/dashboard/accounts/").text
    assert flashes(page) == ["lena@example.com is logged out everywhere (1 session ended)."]
    for browser in (lena.client, remembered):
        assert browser.get("/decks/").status_code == 302
    assert accounts_table(operator)[0][3] == "0"
    assert operator.get("/dashboard/accounts/").status_code == 200  # the operator stays


def test_logging_oneself_out_everywhere_ends_this_session_too(app, operator):
    response = operator.post(
        f"/dashboard/accounts/{account_id(app, OPERATOR_EMAIL)}/log-out-everywhere"
    )

    assert response.headers["Location"] == "/login"
    assert operator.get("/dashboard/accounts/").status_code == 302


# --- the password asked again ------------------------------------------------------------


@pytest.fixture
def stale_operator(operator, clock):
    """The operator, who typed the password 11 minutes ago."""
    clock.shift(minutes=11)
    return operator


def level_and_boost(app, system_id: int) -> tuple[int, int]:
    with app.app_context():
        level_id = db.session.scalar(select(PointsLevel.id).where(PointsLevel.key == "apprentice"))
        boost = PointsBoost(system_id=system_id, name="Double", multiplier=2, start_date=run_date())
        db.session.add(boost)
        db.session.commit()
        return level_id, boost.id


def test_within_ten_minutes_of_the_login_nothing_is_asked(operator, clock):
    clock.shift(minutes=9, seconds=59)

    assert operator.get("/dashboard/api-keys/").status_code == 200


def test_sensitive_actions_ask_for_the_password_after_ten_minutes(app, stale_operator, seeded_ids):
    with app.app_context():
        key_id = create_api_key("old")[0].id
    level_id, boost_id = level_and_boost(app, seeded_ids.system_id)
    configure = f"/dashboard/points/{seeded_ids.system_id}/configure"
    boosts = f"/dashboard/points/{seeded_ids.system_id}/boosts/"
    lena = account_id(app, LEARNER_EMAIL)
    AuthActions(app.test_client()).login(LEARNER_EMAIL)
    client = stale_operator

    def post(path: str, page: str, data=None):
        # A form post carries the page it was on as its Referer (same-origin policy).
        return client.post(path, data=data, headers={"Referer": f"http://localhost{page}"})

    keys, accounts = "/dashboard/api-keys/", "/dashboard/accounts/"
    levels = f"/dashboard/points/{seeded_ids.system_id}/levels"
    asked = {
        "page": confirm_page_next(client.get(keys)),
        "create": confirm_page_next(post(keys, keys, {"name": "new"})),
        "revoke": confirm_page_next(post(f"{keys}{key_id}/revoke", keys)),
        "level": confirm_page_next(post(f"{levels}/{level_id}/delete", configure)),
        "boost": confirm_page_next(post(f"{boosts}{boost_id}/archive", boosts)),
        "log out": confirm_page_next(post(f"{accounts}{lena}/log-out-everywhere", accounts)),
    }

    assert asked == {
        "page": "/dashboard/api-keys/",
        "create": "/dashboard/api-keys/",
        "revoke": "/dashboard/api-keys/",
        "level": configure,
        "boost": boosts,
        "log out": "/dashboard/accounts/",
    }
    with app.app_context():
        assert db.session.scalars(select(ApiKey.name).order_by(ApiKey.id)).all() == ["old"]
        assert db.session.get(ApiKey, key_id).revoked is None
        assert db.session.get(PointsLevel, level_id) is not None
        assert db.session.get(PointsBoost, boost_id).archived is False
    assert accounts_table(client, "lena")[0][3] == "1"


def test_confirming_the_password_comes_back_and_allows_ten_minutes(stale_operator, clock):
    page = stale_operator.get("/confirm-password?next=/dashboard/api-keys/")
    assert "Confirm your password" in page.text

    response = stale_operator.post(
        "/confirm-password?next=/dashboard/api-keys/", data={"password": PASSWORD}
    )

    assert response.headers["Location"] == "/dashboard/api-keys/"
    assert stale_operator.post("/dashboard/api-keys/", data={"name": "new"}).status_code == 200
    clock.shift(minutes=10)
    assert confirm_page_next(stale_operator.get("/dashboard/api-keys/")) == "/dashboard/api-keys/"


def test_a_wrong_password_is_refused_and_counted_as_a_login_attempt(stale_operator):
    answers = []
    for _ in range(6):
        page = stale_operator.post("/confirm-password", data={"password": "not it"})
        answers.append(page.status_code)
    assert answers == [200] * 5 + [429]
    assert (
        field_errors(
            stale_operator.post("/confirm-password", data={"password": "again not"}).text,
            "password",
        )
        == []
    )  # refused by the limit before the password is even checked
    assert confirm_page_next(stale_operator.get("/dashboard/api-keys/"))


def test_the_wrong_password_message(stale_operator):
    page = stale_operator.post("/confirm-password", data={"password": "not it"})

    assert field_errors(page.text, "password") == ["That is not your password."]


def test_confirming_never_sends_to_another_site(stale_operator):
    response = stale_operator.post(
        "/confirm-password?next=https://evil.example/", data={"password": PASSWORD}
    )

    assert response.headers["Location"] == "/decks/"


def test_a_session_from_a_remember_me_cookie_counts_from_its_login(app, client, clock):
    log_in(client, OPERATOR_EMAIL, remember=True)
    clock.shift(hours=2)
    restored = with_copied_cookie(client, "remember_token")

    assert restored.get("/dashboard/points/").status_code == 200
    assert confirm_page_next(restored.get("/dashboard/api-keys/")) == "/dashboard/api-keys/"


def test_a_copied_remember_me_cookie_cannot_mint_an_api_key_after_logout(app, client):
    # The review's finding: the cookie outlived the logout and created an API key.
    log_in(client, OPERATOR_EMAIL, remember=True)
    copy = with_copied_cookie(client, "remember_token")
    client.post("/logout")

    page = copy.get("/dashboard/api-keys/")
    create = copy.post("/dashboard/api-keys/", data={"name": "stolen"})

    assert page.status_code == 302 and urlsplit(page.headers["Location"]).path == "/login"
    assert create.status_code == 302 and urlsplit(create.headers["Location"]).path == "/login"
    with app.app_context():
        assert db.session.scalar(select(ApiKey).where(ApiKey.name == "stolen")) is None
