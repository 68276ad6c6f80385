"""Who logs in: accounts, and the login sessions that keep them logged in.

The tables keep the names they had when accounts were the study app's (study_account,
study_login_session): renaming a table buys nothing and costs a migration.
"""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from app import clock
from app.columns import UTCDateTime, new_uuid
from app.extensions import db

EMAIL_MAX = 320
DISPLAY_NAME_MAX = 80


class Account(UserMixin, db.Model):
    """Someone who logs in: a learner, or an operator who also runs the dashboard."""

    __tablename__ = "study_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), unique=True)
    display_name: Mapped[str] = mapped_column(String(DISPLAY_NAME_MAX))
    password_hash: Mapped[str] = mapped_column(String(255))
    tz: Mapped[str | None] = mapped_column(String(64))
    is_operator: Mapped[bool] = mapped_column(Boolean, default=False)
    # The id the XP service knows this account by: random, so it reveals nothing.
    xp_user_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # Leaderboards show "Anonymous learner" instead of the display name (app/study/standings.py).
    leaderboard_anonymous: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=sa_false()
    )

    # The session this account was loaded for (app/accounts/login_sessions.py), and its token
    # right after a login; not columns.
    login_session = None
    login_token = None

    def get_id(self) -> str | None:
        """What Flask-Login keeps in the session and remember-me cookies: the login session's
        token, so ending that session (a row) ends every copy of the cookies."""
        return self.login_token

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def xp_user(self) -> dict:
        """This account as the `user` object of an XP event."""
        return {
            "id": self.xp_user_id,
            "email": self.email,
            "name": self.display_name,
            "tz": self.tz,
        }


class LoginSession(db.Model):
    """One logged-in browser: the server's half of its session and remember-me cookies.

    The browser holds a random token (Flask-Login's "alternative id": Account.get_id gives it,
    not the account id); this row holds the token's SHA-256. Deleting the row ends every copy
    of both cookies, so logging out, changing the password or "log out everywhere" cannot be
    undone by replaying a cookie.
    """

    __tablename__ = "study_login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("study_account.id", ondelete="CASCADE"), index=True
    )
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    remember: Mapped[bool] = mapped_column(Boolean, default=False)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # When the password was last typed in this session: at login, or to confirm a sensitive
    # action. A session restored from a remember-me cookie keeps its login's time.
    authenticated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    expires: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
