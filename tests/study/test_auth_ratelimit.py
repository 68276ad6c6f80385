"""Rate limits on logging in and signing up (app/study/auth.py with app/ratelimit.py).

Defaults: 5 failed logins per email per 15 minutes, 30 login attempts per address per
minute, 60 sign-ups per address per hour. The limiter's clock is the test's.
"""

import pytest

from app.accounts.models import Account
from tests.support.clock import Clock
from tests.support.databases import count
from tests.support.html import field_errors
from tests.support.learners import HTMX, AuthActions
from tests.test_ratelimit import START

WRONG = "wrong-horse"
LOCKED_FOR_15 = (
    '<p class="flash flash-error" role="status">'
    "Too many login attempts. Try again in 15 minutes.</p>"
)


@pytest.fixture
def clock(clock) -> Clock:
    """The clock stands at START (a round Unix time) until the test moves it."""
    clock.set(START)
    return clock


@pytest.fixture
def registered(learner, clock):
    """Ana's account exists, nobody is logged in, and the limiter's clock stands at START."""
    learner.logout()
    return learner


def fail(auth, times: int, email: str = "ana@example.com") -> list[int]:
    """Log in `times` times with a wrong password; the status codes."""
    return [auth.login(email=email, password=WRONG).status_code for _ in range(times)]


def at_address(app, address: str) -> AuthActions:
    """A browser connecting from `address`."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return AuthActions(client)


def test_five_failed_logins_are_answered_as_usual(registered):
    responses = [registered.login(password=WRONG) for _ in range(5)]

    assert [r.status_code for r in responses] == [200] * 5
    assert [field_errors(r.text, "password") for r in responses] == [
        ["Wrong email or password."]
    ] * 5


def test_the_sixth_failed_login_gets_429_with_the_wait_and_retry_after(registered, clock):
    fail(registered, 5)
    clock.set(START + 30)

    response = registered.login(password=WRONG)

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "870"
    assert response.mimetype == "text/html"
    assert LOCKED_FOR_15 in response.text
    assert field_errors(response.text, "password") == []
    assert 'value="ana@example.com"' in response.text  # the form again, email kept


def test_the_right_password_is_refused_while_limited_without_being_checked(
    registered, client, monkeypatch
):
    fail(registered, 5)
    checked = []
    monkeypatch.setattr(Account, "check_password", lambda _, password: checked.append(password))

    response = registered.login()

    assert response.status_code == 429
    assert LOCKED_FOR_15 in response.text
    assert checked == []
    assert client.get("/decks/").status_code == 302  # still logged out


def test_the_limit_lifts_when_the_15_minutes_are_over(registered, client, clock):
    fail(registered, 6)
    clock.set(START + 15 * 60 - 1)
    last_second = registered.login()
    clock.set(START + 15 * 60)

    response = registered.login()

    assert (last_second.status_code, last_second.headers["Retry-After"]) == (429, "1")
    assert "Try again in 1 minute." in last_second.text
    assert response.status_code == 302
    assert client.get("/decks/").status_code == 200


def test_attempts_while_limited_do_not_extend_the_wait(registered, clock):
    fail(registered, 5)
    for minute in range(1, 15):
        clock.set(START + minute * 60)
        assert registered.login(password=WRONG).status_code == 429

    clock.set(START + 15 * 60)
    assert registered.login().status_code == 302


def test_a_successful_login_forgets_the_failures_before_it(registered):
    assert fail(registered, 4) == [200] * 4
    assert registered.login().status_code == 302
    registered.logout()

    assert fail(registered, 6) == [200] * 5 + [429]


def test_failures_count_per_email_whatever_its_case_and_spaces(registered):
    fail(registered, 3, email="ANA@example.com")
    fail(registered, 2, email="  ana@EXAMPLE.com ")

    assert registered.login().status_code == 429


def test_an_unknown_email_is_limited_like_a_known_one(registered):
    assert fail(registered, 6, email="nobody@example.com") == [200] * 5 + [429]


def test_a_limited_email_does_not_lock_out_another_account(app, registered, clock):
    bob = at_address(app, "198.51.100.2")
    assert bob.register(email="bob@example.com", display_name="Bob").status_code == 302
    bob.logout()
    fail(registered, 6)

    assert bob.login(email="bob@example.com").status_code == 302


def test_a_limited_htmx_post_still_gets_the_html_page(registered, client):
    fail(registered, 5)

    response = client.post(
        "/login", data={"email": "ana@example.com", "password": WRONG}, headers=HTMX
    )

    assert response.status_code == 429
    assert response.mimetype == "text/html"
    assert LOCKED_FOR_15 in response.text


def test_login_attempts_from_one_address_are_limited_to_30_a_minute(app, clock):
    stuffer = at_address(app, "203.0.113.7")

    statuses = [
        stuffer.login(email=f"victim{n}@example.com", password=WRONG).status_code for n in range(31)
    ]
    refused = stuffer.login(email="victim99@example.com", password=WRONG)

    assert statuses == [200] * 30 + [429]
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "60"
    assert "Too many login attempts. Try again in 1 minute." in refused.text
    # Other addresses are not affected, nor is the address once its minute is over.
    assert at_address(app, "203.0.113.8").login(password=WRONG).status_code == 200
    clock.set(START + 60)
    assert stuffer.login(email="victim99@example.com", password=WRONG).status_code == 200


def test_sign_ups_from_one_address_are_limited_to_60_an_hour(app, clock):
    responses = [
        at_address(app, "192.0.2.1").register(email=f"learner{n}@example.com") for n in range(61)
    ]

    assert [r.status_code for r in responses] == [302] * 60 + [429]
    assert responses[-1].headers["Retry-After"] == "3600"
    assert (
        '<p class="flash flash-error" role="status">'
        "Too many sign-ups from your network. Try again in 60 minutes.</p>"
    ) in responses[-1].text
    assert count(app, Account) == 60
    assert at_address(app, "192.0.2.2").register(email="late@example.com").status_code == 302


def test_with_rate_limits_off_nothing_is_refused(app, registered):
    app.extensions["rate_limits"].enabled = False

    assert fail(registered, 40) == [200] * 40
    assert registered.login().status_code == 302
