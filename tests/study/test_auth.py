"""Accounts (app/study/auth.py): register, log in, log out, and who gets to see what."""

from urllib.parse import parse_qs, urlsplit

import pytest

from app.accounts import models
from app.accounts.models import Account
from app.study.models import CardFlip
from tests.support.databases import count
from tests.support.html import CSRF_REFUSED, csrf_token_from, element, field_errors
from tests.support.learners import (
    ANA,
    HTMX,
    PASSWORD,
    AuthActions,
    card_ids_of,
    get_account,
    log_in,
    register_form,
)

# Logging in, registering and their forms read no date (session ages: test_login_sessions.py).
pytestmark = pytest.mark.calendar_free


def login_next(location: str) -> str | None:
    """The `next` a redirect to the login page carries (None when there is none)."""
    parts = urlsplit(location)
    assert parts.path == "/login"
    return parse_qs(parts.query).get("next", [None])[0]


# Register


def test_register_creates_the_account_and_logs_it_in(client, auth):
    response = auth.register(email="  Ana@Example.COM ", display_name="Ana")

    assert response.status_code == 302
    assert response.headers["Location"] == "/decks/"
    account = get_account(client.application, "ana@example.com")
    assert account.display_name == "Ana"
    assert account.is_operator is False
    page = client.get("/decks/")
    assert page.status_code == 200
    assert "Welcome to StudyXP, Ana! Pick a deck to start." in page.text
    assert 'data-testid="account-link" title="Your account">Ana</a>' in page.text


def test_register_stores_the_password_hashed(app, auth, real_password_hashing):
    auth.register(password="correct-horse")

    account = get_account(app)
    assert account.password_hash.startswith("scrypt:")
    assert "correct-horse" not in account.password_hash
    assert account.check_password("correct-horse") is True
    assert account.check_password("correct-horsf") is False


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Invalid email address."),
        ({"email": ""}, "email", "This field is required."),
        ({"display_name": ""}, "display_name", "This field is required."),
        ({"password": "seven77"}, "password", "Use at least 8 characters."),
        ({"password": ""}, "password", "This field is required."),
        ({"confirm": "correct-horsf"}, "confirm", "The passwords do not match."),
    ],
)
def test_register_shows_validation_errors_inline(app, auth, form, field, message):
    response = auth.register(**form)

    assert response.status_code == 200
    assert field_errors(response.text, field) == [message]
    assert element(response.text, field)["aria-describedby"].split()[0] == f"{field}-errors"
    assert count(app, Account) == 0


def test_register_refuses_a_display_name_of_only_spaces(app, auth):
    response = auth.register(display_name="   ")

    assert response.status_code == 200
    assert field_errors(response.text, "display_name") != []
    assert count(app, Account) == 0


def test_register_does_not_call_an_overlong_password_too_short(app, auth):
    response = auth.register(password="p" * 201)

    assert response.status_code == 200
    errors = field_errors(response.text, "password")
    assert len(errors) == 1
    assert errors != ["Use at least 8 characters."]
    assert count(app, Account) == 0


def test_register_refuses_an_email_already_taken_in_any_case(app, client, auth):
    auth.register(email="ana@example.com")
    auth.logout()

    response = auth.register(email="ANA@example.com", display_name="Other Ana")

    assert response.status_code == 200
    assert field_errors(response.text, "email") == [
        "An account with this email already exists. Log in instead."
    ]
    assert count(app, Account) == 1


def test_register_keeps_what_was_typed_except_passwords(auth):
    response = auth.register(email="not-an-email", display_name="Ana B")

    assert 'value="not-an-email"' in response.text
    assert 'value="Ana B"' in response.text
    assert PASSWORD not in response.text


def test_display_name_is_shown_as_text(client, auth):
    auth.register(display_name="<b onmouseover=alert(1)>Ana</b>")

    page = client.get("/decks/").text

    assert "&lt;b onmouseover=alert(1)&gt;Ana&lt;/b&gt;" in page
    assert "<b onmouseover" not in page


@pytest.mark.parametrize(
    ("tz", "stored"),
    [("Asia/Tokyo", "Asia/Tokyo"), ("Mars/Olympus_Mons", None), ("../etc", None)],
)
def test_register_stores_the_browser_time_zone_only_when_valid(app, auth, tz, stored):
    auth.register(tz=tz)

    assert get_account(app).tz == stored


@pytest.mark.parametrize("path", ["/login", "/register"])
def test_logged_in_learner_skips_the_login_and_register_pages(learner, client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"] == "/decks/"


# Log in


def test_login_with_the_right_password_goes_to_the_decks(registered, client):
    response = registered.login()

    assert response.status_code == 302
    assert response.headers["Location"] == "/decks/"
    assert client.get("/decks/").status_code == 200


@pytest.mark.parametrize(
    ("email", "password"),
    [("ana@example.com", "wrong-horse"), ("nobody@example.com", PASSWORD)],
)
def test_login_refuses_a_wrong_email_or_password_with_one_message(
    registered, client, email, password
):
    response = registered.login(email=email, password=password)

    assert response.status_code == 200
    assert field_errors(response.text, "password") == ["Wrong email or password."]
    assert client.get("/decks/").status_code == 302


def test_login_ignores_the_case_and_spaces_of_the_email(registered):
    response = registered.login(email="  ANA@Example.Com ")

    assert response.status_code == 302
    assert response.headers["Location"] == "/decks/"


def test_login_with_remember_me_sets_a_remember_cookie(registered, client):
    registered.login(remember=True)

    cookie = client.get_cookie("remember_token")
    assert cookie is not None
    assert cookie.http_only is True


def test_login_without_remember_me_sets_no_remember_cookie(registered, client):
    response = registered.login(remember=False)

    assert response.status_code == 302
    assert client.get_cookie("remember_token") is None
    assert "remember_token" not in " ".join(response.headers.getlist("Set-Cookie"))


def test_login_stores_a_valid_browser_time_zone(app, registered):
    registered.login(tz="America/Sao_Paulo")

    assert get_account(app).tz == "America/Sao_Paulo"


def test_login_ignores_an_invalid_browser_time_zone(app, client):
    auth = AuthActions(client)
    auth.register(tz="Asia/Tokyo")
    auth.logout()

    auth.login(tz="Not/A_Zone")

    assert get_account(app).tz == "Asia/Tokyo"


@pytest.mark.parametrize(
    ("next_path", "location"),
    [
        ("/decks/1", "/decks/1"),
        ("/decks/1/study/?position=3", "/decks/1/study/?position=3"),
        ("https://evil.example/", "/decks/"),
        ("//evil.example", "/decks/"),
        ("/\\evil.example", "/decks/"),
        ("\\\\evil.example", "/decks/"),
        ("javascript:alert(1)", "/decks/"),
        ("decks/1", "/decks/"),
    ],
)
def test_login_follows_next_only_to_a_local_path(registered, next_path, location):
    response = registered.login(next=next_path)

    assert response.status_code == 302
    assert response.headers["Location"] == location


# Log out


def test_logout_ends_the_session(learner, client):
    response = learner.logout()

    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert "You are logged out." in client.get("/login").text
    assert client.get("/decks/").status_code == 302


def test_logout_by_get_is_not_allowed(learner, client):
    response = client.get("/logout")

    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert "GET" not in response.headers["Allow"]
    assert client.get("/decks/").status_code == 200


def test_logging_in_from_a_stale_logout_form_lands_on_a_page(registered, client):
    # A tab left open after logging out elsewhere still shows the header's Log out button.
    stale = client.post("/logout")
    assert stale.status_code == 302
    login_url = stale.headers["Location"]

    landed = client.post(
        login_url, data={"email": "ana@example.com", "password": PASSWORD}, follow_redirects=True
    )

    assert landed.status_code == 200


# Who may see what when logged out

PAGES = [
    "/decks/",
    "/decks/new",
    "/decks/1",
    "/decks/1/edit",
    "/decks/1/cards/new",
    "/decks/1/cards/1/edit",
    "/decks/1/study/",
    "/decks/1/study/?position=3",
    "/decks/1/study/card?position=2",
    "/progress/",
    "/progress/panel?compact=1",
    "/progress/chart-data?aggregation=weekly&range=12m",
]


@pytest.mark.parametrize("path", PAGES)
def test_logged_out_visitor_is_sent_to_login_with_next(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert login_next(response.headers["Location"]) == path
    assert "Please log in to continue." in client.get(response.headers["Location"]).text


@pytest.mark.parametrize(
    "path", ["/decks/1/delete", "/decks/1/cards/1/delete", "/decks/1/study/flip"]
)
def test_logged_out_post_is_sent_to_login_and_changes_nothing(app, client, capitals, path):
    response = client.post(path, data={"card_id": "1", "idempotency_key": "k"})

    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert card_ids_of(app, capitals.id) == capitals.card_ids
    assert count(app, CardFlip) == 0


@pytest.mark.parametrize(
    ("method", "path", "current_url", "next_path"),
    [
        (
            "GET",
            "/decks/1/study/card?position=2",
            "http://localhost/decks/1/study/?position=2",
            "/decks/1/study/?position=2",
        ),
        ("POST", "/decks/1/study/flip", "http://localhost/decks/1/study/", "/decks/1/study/"),
        ("GET", "/progress/panel?compact=1", "http://localhost/progress/", "/progress/"),
    ],
)
def test_htmx_request_without_session_gets_401_with_hx_redirect(
    client, method, path, current_url, next_path
):
    response = client.open(path, method=method, headers={**HTMX, "HX-Current-URL": current_url})

    assert response.status_code == 401
    assert login_next(response.headers["HX-Redirect"]) == next_path
    assert response.json == {"error": "Your session has expired. Please log in again."}


def test_htmx_request_without_current_url_returns_to_the_requested_path(client):
    response = client.get("/progress/panel?compact=1", headers=HTMX)

    assert response.status_code == 401
    assert login_next(response.headers["HX-Redirect"]) == "/progress/panel?compact=1"


def test_json_request_without_session_gets_401_json(client):
    response = client.get("/progress/chart-data", headers={"Accept": "application/json"})

    assert response.status_code == 401
    assert response.json["error"] == "Please log in."
    assert login_next(response.json["login"]) == "/progress/chart-data"


# CSRF: the real app refuses a form post that did not come from its own page


def test_register_without_csrf_token_is_refused(csrf_app, csrf_client):
    response = csrf_client.post("/register", data=register_form())

    assert response.status_code == 400
    assert CSRF_REFUSED in response.text
    assert count(csrf_app, Account) == 0


def test_register_with_csrf_token_succeeds(csrf_app, csrf_client):
    token = csrf_token_from(csrf_client.get("/register").text)

    response = csrf_client.post("/register", data=register_form(token))

    assert response.status_code == 302
    assert count(csrf_app, Account) == 1


@pytest.fixture
def csrf_registered(csrf_client):
    """Ana's account on the CSRF-checking app, logged out again."""
    token = csrf_token_from(csrf_client.get("/register").text)
    assert csrf_client.post("/register", data=register_form(token)).status_code == 302
    token = csrf_token_from(csrf_client.get("/decks/").text)
    assert csrf_client.post("/logout", data={"csrf_token": token}).status_code == 302
    return csrf_client


def test_login_without_csrf_token_is_refused(csrf_registered):
    response = csrf_registered.post(
        "/login", data={"email": "ana@example.com", "password": PASSWORD}
    )

    assert response.status_code == 400
    assert csrf_registered.get("/decks/").status_code == 302


def test_login_with_csrf_token_succeeds(csrf_registered):
    token = csrf_token_from(csrf_registered.get("/login").text)

    response = csrf_registered.post(
        "/login", data={"email": "ana@example.com", "password": PASSWORD, "csrf_token": token}
    )

    assert response.status_code == 302
    assert csrf_registered.get("/decks/").status_code == 200


def test_an_unknown_email_costs_the_same_password_check_as_a_known_one(
    learner, client, monkeypatch
):
    """The login's timing must not tell who has an account: a wrong password for Ana and any
    password for nobody each run one check against a hash made the same way."""
    checked = []
    check = models.check_password_hash
    monkeypatch.setattr(
        models, "check_password_hash", lambda h, p: checked.append(h.split("$")[0]) or check(h, p)
    )
    learner.logout()

    wrong = log_in(client, ANA, "not-her-password")
    unknown = log_in(client, "nobody@example.com", PASSWORD)

    assert [wrong.status_code, unknown.status_code] == [200, 200]
    assert field_errors(wrong.text, "password") == field_errors(unknown.text, "password")
    assert len(checked) == 2 and checked[0] == checked[1], checked


def csrf_secret(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("csrf_token")


def test_logging_in_starts_a_new_session_with_a_new_csrf_token(csrf_registered):
    token = csrf_token_from(csrf_registered.get("/login").text)
    before = csrf_secret(csrf_registered)

    response = csrf_registered.post(
        "/login", data={"email": "ana@example.com", "password": PASSWORD, "csrf_token": token}
    )
    page = csrf_registered.get("/decks/").text

    assert (response.status_code, before is not None) == (302, True)
    assert csrf_secret(csrf_registered) not in (None, before)
    # The token from before the login no longer passes: logging out needs the new one.
    assert csrf_registered.post("/logout", data={"csrf_token": token}).status_code == 400
    new_token = csrf_token_from(page)
    assert csrf_registered.post("/logout", data={"csrf_token": new_token}).status_code == 302


def test_signing_up_starts_a_new_session_with_a_new_csrf_token(csrf_client):
    token = csrf_token_from(csrf_client.get("/register").text)
    before = csrf_secret(csrf_client)

    assert csrf_client.post("/register", data=register_form(token)).status_code == 302
    csrf_client.get("/decks/")  # the first logged-in page makes the session's token

    assert csrf_secret(csrf_client) not in (None, before)
    assert csrf_client.post("/logout", data={"csrf_token": token}).status_code == 400


def test_logout_without_csrf_token_keeps_the_session(csrf_learner):
    response = csrf_learner.post("/logout")

    assert response.status_code == 400
    assert csrf_learner.get("/decks/").status_code == 200


def test_logout_with_csrf_token_ends_the_session(csrf_learner):
    token = csrf_token_from(csrf_learner.get("/decks/").text)

    response = csrf_learner.post("/logout", data={"csrf_token": token})

    assert response.status_code == 302
    assert csrf_learner.get("/decks/").status_code == 302
