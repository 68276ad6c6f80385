"""Login sessions (app/accounts/login_sessions.py): a session ends for good, whatever copies of
its cookies exist; remember-me cookies change at each login and expire."""

from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import LoginSession
from app.extensions import db
from tests.support.learners import ANA, AuthActions, get_account, with_copied_cookie


def is_logged_in(client) -> bool:
    response = client.get("/decks/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def sessions_of(app, email=ANA) -> list[LoginSession]:
    account = get_account(app, email)
    with app.app_context():
        return db.session.scalars(
            select(LoginSession).where(LoginSession.account_id == account.id)
        ).all()


def test_a_copied_session_cookie_stops_working_at_logout(learner, client):
    copy = with_copied_cookie(client, "session")
    assert is_logged_in(copy)

    learner.logout()

    assert not is_logged_in(client)
    assert not is_logged_in(copy)


def test_a_copied_remember_me_cookie_stops_working_at_logout(registered, client):
    registered.login(remember=True)
    copy = with_copied_cookie(client, "remember_token")
    assert is_logged_in(copy)

    registered.logout()

    assert not is_logged_in(copy)
    assert copy.get_cookie("session") is None or not is_logged_in(copy)


def test_logging_out_leaves_the_accounts_other_browsers_logged_in(app, registered, client):
    laptop = AuthActions(app.test_client())
    laptop.login()
    registered.login()

    registered.logout()

    assert not is_logged_in(client)
    assert is_logged_in(laptop.client)
    assert len(sessions_of(app)) == 1


def test_the_remember_me_cookie_is_new_at_each_login(app, registered, client):
    registered.login(remember=True)
    first = client.get_cookie("remember_token").value
    registered.logout()
    registered.login(remember=True)
    second = client.get_cookie("remember_token").value
    phone = app.test_client()
    AuthActions(phone).login(remember=True)
    third = phone.get_cookie("remember_token").value

    assert len({first, second, third}) == 3
    # The cookie carries a random token, not the account id it used to.
    account = get_account(app)
    assert not first.startswith(f"{account.id}|")


def test_the_remember_me_cookie_lasts_thirty_days_from_the_login(registered, client, clock):
    registered.login(remember=True)
    cookie = client.get_cookie("remember_token")
    assert cookie.expires - clock.now.replace(microsecond=0) == timedelta(days=30)

    clock.shift(days=29, hours=23)
    assert is_logged_in(with_copied_cookie(client, "remember_token"))

    clock.shift(hours=1)
    assert not is_logged_in(with_copied_cookie(client, "remember_token"))


def test_a_session_without_remember_me_ends_after_a_day_unused(registered, client, clock):
    registered.login()

    clock.shift(hours=23)
    assert is_logged_in(client)  # and that request keeps it going for another day
    clock.shift(hours=23)
    assert is_logged_in(client)
    clock.shift(hours=24)
    assert not is_logged_in(client)


def test_activity_is_written_at_most_every_five_minutes(app, registered, client, clock):
    registered.login()
    (login,) = sessions_of(app)

    clock.shift(minutes=4)
    client.get("/decks/")
    (unchanged,) = sessions_of(app)
    clock.shift(minutes=1)
    client.get("/decks/")
    (touched,) = sessions_of(app)

    assert unchanged.last_seen == login.last_seen
    assert touched.last_seen == login.last_seen + timedelta(minutes=5)
    assert touched.expires == touched.last_seen + timedelta(hours=24)


def test_a_cookie_holding_an_account_id_logs_nobody_in(app, registered, client):
    # Session cookies from before login sessions held the account id itself.
    account = get_account(app)
    with client.session_transaction() as session:
        session["_user_id"] = str(account.id)
        session["_fresh"] = True

    assert not is_logged_in(client)


def test_the_database_keeps_a_digest_of_the_token_not_the_token(app, registered, client):
    registered.login()
    with client.session_transaction() as session:
        token = session["_user_id"]

    (row,) = sessions_of(app)
    assert len(token) >= 40
    assert token not in row.token_digest
    assert len(row.token_digest) == 64


def test_a_login_deletes_every_ended_session(app, registered, client, clock):
    registered.login()
    clock.shift(hours=25)
    other = AuthActions(app.test_client())

    other.login()

    assert len(sessions_of(app)) == 1
