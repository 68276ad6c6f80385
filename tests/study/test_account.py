"""The account page (app/study/account.py): change the password, log out everywhere."""

import pytest

from app.accounts import passwords
from tests.support.html import CSRF_REFUSED, csrf_token_from, field_errors, flashes, text_of_testid
from tests.support.learners import (
    ANA,
    PASSWORD,
    AuthActions,
    get_account,
    with_copied_cookie,
)

# The account page's forms read no date.
pytestmark = pytest.mark.calendar_free

NEW_PASSWORD = "a new and longer one"


def is_logged_in(client) -> bool:
    return client.get("/decks/").status_code == 200


def change_password(client, current=PASSWORD, new=NEW_PASSWORD, confirm=None, **extra):
    data = {
        "current_password": current,
        "password": new,
        "confirm": new if confirm is None else confirm,
        **extra,
    }
    return client.post("/account/password", data=data)


def test_the_account_page_shows_the_open_sessions(app, learner, client):
    AuthActions(app.test_client()).login()

    page = client.get("/account/")

    assert page.status_code == 200
    assert text_of_testid(page.text, "session-count") == "Sessions open: 2 (this one included)."
    assert "Ana · ana@example.com" in page.text


def test_changing_the_password_logs_out_every_other_session(app, registered, client):
    laptop = AuthActions(app.test_client())
    laptop.login(remember=True)
    remembered = with_copied_cookie(laptop.client, "remember_token")
    registered.login()

    response = change_password(client)

    assert response.status_code == 302
    assert response.headers["Location"] == "/account/"
    page = client.get("/account/")
    assert flashes(page.text) == ["Your password is changed. Other sessions logged out: 1 session."]
    assert text_of_testid(page.text, "session-count") == "Sessions open: 1 (this one included)."
    assert not is_logged_in(laptop.client)
    assert not is_logged_in(remembered)
    account = get_account(app)
    assert account.check_password(NEW_PASSWORD) is True
    assert account.check_password(PASSWORD) is False


def test_the_browser_that_changed_the_password_gets_a_new_session(registered, client):
    registered.login(remember=True)
    old_session = with_copied_cookie(client, "session")
    old_remember = with_copied_cookie(client, "remember_token")

    change_password(client)

    assert is_logged_in(client)
    assert client.get_cookie("remember_token") is not None  # still remembered, anew
    assert not is_logged_in(old_session)
    assert not is_logged_in(old_remember)


def test_the_new_password_logs_in_and_the_old_one_does_not(registered, client):
    registered.login()
    change_password(client)
    registered.logout()

    assert registered.login(password=PASSWORD).status_code == 200
    assert registered.login(password=NEW_PASSWORD).status_code == 302


def test_a_wrong_current_password_changes_nothing(app, learner, client):
    laptop = AuthActions(app.test_client())
    laptop.login()

    page = change_password(client, current="not my password")

    assert page.status_code == 200
    assert field_errors(page.text, "current_password") == ["That is not your current password."]
    assert get_account(app).check_password(PASSWORD) is True
    assert is_logged_in(laptop.client)


def test_the_repeated_password_must_match(app, learner, client):
    page = change_password(client, confirm="something else entirely")

    assert field_errors(page.text, "confirm") == ["The passwords do not match."]
    assert get_account(app).check_password(PASSWORD) is True


def test_guessing_the_current_password_is_rate_limited_as_a_login(app, learner, client):
    answers = [change_password(client, current=f"guess {n}").status_code for n in range(6)]

    assert answers == [200] * 5 + [429]
    page = change_password(client)  # the right one, but the limit holds
    assert page.status_code == 429
    assert "Too many attempts. Try again in 15 minutes." in flashes(page.text)
    assert get_account(app).check_password(PASSWORD) is True


def test_changing_the_password_needs_the_forms_token(csrf_app, csrf_learner):
    response = change_password(csrf_learner)

    assert response.status_code == 400
    assert CSRF_REFUSED in response.text
    assert get_account(csrf_app).check_password(PASSWORD) is True


def test_changing_the_password_with_the_token_works(csrf_app, csrf_learner):
    token = csrf_token_from(csrf_learner.get("/account/").text)

    response = change_password(csrf_learner, csrf_token=token)

    assert response.status_code == 302
    assert get_account(csrf_app).check_password(NEW_PASSWORD) is True


def test_log_out_everywhere_ends_every_session_this_one_included(app, registered, client):
    phone = AuthActions(app.test_client())
    phone.login(remember=True)
    remembered = with_copied_cookie(phone.client, "remember_token")
    registered.login()

    response = client.post("/account/log-out-everywhere")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert flashes(client.get("/login").text) == [
        "You are logged out everywhere (2 sessions ended)."
    ]
    for browser in (client, phone.client, remembered):
        assert not is_logged_in(browser)
    assert registered.login().status_code == 302  # the password still works


def test_the_account_page_needs_a_login(client):
    response = client.get("/account/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/account/"
    assert get_account(client.application, ANA) is None


def test_the_new_password_follows_the_same_rules_as_at_sign_up(app, learner, client):
    common = change_password(client, new="password1")
    with_email = change_password(client, new="my ana@example.com pass")

    assert field_errors(common.text, "password") == [passwords.COMMON]
    assert field_errors(with_email.text, "password") == [passwords.CONTAINS_EMAIL]
    assert get_account(app).check_password(PASSWORD) is True
