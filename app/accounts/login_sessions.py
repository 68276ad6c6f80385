"""Login sessions: a row per logged-in browser, so that a session can be ended for good.

Flask keeps its session in a signed cookie, which the server cannot take back: a copy of it
works until it expires. So the cookie (and the remember-me cookie) holds only a random token,
and each request looks the token up here. Logging out deletes that browser's row; changing
the password, or "log out everywhere", deletes all the account's rows.

    session without remember-me  ends when the browser closes, or after SESSION_IDLE_HOURS
                                  without a request
    session with remember-me      ends REMEMBER_COOKIE_DURATION after the login; every login
                                  makes a new token, so the cookie changes each time

Views call these; nothing here reads the request or renders.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select, update

from app import clock
from app.accounts.models import Account, LoginSession
from app.extensions import db

# last_seen (and a sliding expiry) is written at most this often per session, so a learner
# flipping cards does not write a row on every request.
TOUCH_INTERVAL = timedelta(minutes=5)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def idle_limit() -> timedelta:
    return timedelta(hours=current_app.config["SESSION_IDLE_HOURS"])


def remember_limit() -> timedelta:
    return timedelta(seconds=current_app.config["REMEMBER_COOKIE_DURATION"])


def start(account: Account, remember: bool) -> str:
    """A new login session for `account`; its token, also set as account.login_token.

    Ended sessions of every account are deleted on the way: a login is rare enough to pay for
    that one indexed DELETE.
    """
    now = clock.now()
    db.session.execute(delete(LoginSession).where(LoginSession.expires <= now))
    token = secrets.token_urlsafe(32)
    row = LoginSession(
        account_id=account.id,
        token_digest=digest(token),
        remember=remember,
        created=now,
        authenticated_at=now,
        last_seen=now,
        expires=now + (remember_limit() if remember else idle_limit()),
    )
    db.session.add(row)
    db.session.commit()
    account.login_session = row
    account.login_token = token
    return token


def account_for(token: str) -> Account | None:
    """The account whose session `token` is, while that session lasts; else None."""
    if not token or len(token) > 100:
        return None
    now = clock.now()
    found = db.session.execute(
        select(LoginSession, Account)
        .join(Account, Account.id == LoginSession.account_id)
        .where(LoginSession.token_digest == digest(token), LoginSession.expires > now)
    ).first()
    if found is None:
        return None
    login_session, account = found
    if now - login_session.last_seen >= TOUCH_INTERVAL:
        _touch(login_session, now)
    account.login_session = login_session
    account.login_token = token
    return account


def _touch(login_session: LoginSession, now: datetime) -> None:
    """Note the session's activity, and slide its end when it has no remember-me.

    On a connection of its own, committed at once: the request's own transaction may be
    half-way through its work, and must not be committed from here.
    """
    values = {"last_seen": now}
    if not login_session.remember:
        values["expires"] = now + idle_limit()
    engine = db.engine.execution_options(isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(
            update(LoginSession).where(LoginSession.id == login_session.id).values(**values)
        )


def end(account: Account) -> None:
    """End the session `account` was loaded for (logging out)."""
    if account.login_session is not None:
        db.session.execute(delete(LoginSession).where(LoginSession.id == account.login_session.id))
        db.session.commit()


def end_all(account: Account) -> int:
    """End every session of `account`, on every device; how many were still going."""
    now = clock.now()
    ended = db.session.execute(
        delete(LoginSession)
        .where(LoginSession.account_id == account.id)
        .returning(LoginSession.expires)
    ).all()
    db.session.commit()
    return sum(1 for (expires,) in ended if expires > now)


def active_count(account: Account) -> int:
    return active_counts([account.id]).get(account.id, 0)


def active_counts(account_ids: list[int]) -> dict[int, int]:
    """Sessions still going, per account (accounts with none are left out)."""
    if not account_ids:
        return {}
    rows = db.session.execute(
        select(LoginSession.account_id, func.count())
        .where(LoginSession.account_id.in_(account_ids), LoginSession.expires > clock.now())
        .group_by(LoginSession.account_id)
    )
    return {account_id: n for account_id, n in rows}


def last_seen(account_ids: list[int]) -> dict[int, datetime]:
    """When each account was last active in a session still going."""
    if not account_ids:
        return {}
    rows = db.session.execute(
        select(LoginSession.account_id, func.max(LoginSession.last_seen))
        .where(LoginSession.account_id.in_(account_ids), LoginSession.expires > clock.now())
        .group_by(LoginSession.account_id)
    )
    return {account_id: seen for account_id, seen in rows}


def sessions_in_words(count: int) -> str:
    return "1 session" if count == 1 else f"{count} sessions"


def logged_out_everywhere(who: str, ended: int) -> str:
    """ "You are logged out everywhere (2 sessions ended).", for `who` ("You are", or an
    account's email followed by "is")."""
    return f"{who} logged out everywhere ({sessions_in_words(ended)} ended)."


def confirmed_recently(account: Account) -> bool:
    """Whether the password was typed in this session within REAUTH_MINUTES."""
    login_session = account.login_session
    if login_session is None:
        return False
    window = timedelta(minutes=current_app.config["REAUTH_MINUTES"])
    return clock.now() - login_session.authenticated_at < window


def confirm_password(account: Account) -> None:
    """Note that the password was just typed again in this session."""
    login_session = account.login_session
    if login_session is not None:
        login_session.authenticated_at = clock.now()
        db.session.commit()
