"""Configuration defaults, overridden from the environment."""

import os
import secrets
from pathlib import Path


def database_url(instance_path: str) -> str:
    """The SQLAlchemy URL: DATABASE_URL if set, else a SQLite file in the instance folder."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{Path(instance_path) / 'studyxp.sqlite3'}"
    # Hosting platforms hand out postgres:// URLs; StudyXP ships psycopg 3, not psycopg2.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the instance folder.

    A key that lives only in instance/ (ignored by git) keeps sessions valid across restarts
    without a well-known default that could end up in production.
    """
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = Path(instance_path) / "secret_key"
    try:
        # Created owner-only in one step; O_EXCL makes the first of two starting processes
        # the one whose key both use.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_hex(32))
    return path.read_text().strip()


def rate_limit_settings() -> dict:
    """STUDYXP_RATE_LIMITS=on|off and the STUDYXP_<limit> rates that are set.

    The rates are checked when the app starts (app/ratelimit.py), wherever they come from.
    """
    settings = {}
    switch = os.environ.get("STUDYXP_RATE_LIMITS")
    if switch is not None:
        if switch.strip().lower() not in ("on", "off"):
            raise ValueError(f"STUDYXP_RATE_LIMITS must be 'on' or 'off', not {switch!r}")
        settings["RATE_LIMITS"] = switch.strip().lower() == "on"
    for name in RATE_LIMIT_SETTINGS:
        if f"STUDYXP_{name}" in os.environ:
            settings[name] = os.environ[f"STUDYXP_{name}"]
    return settings


def xp_api_settings() -> dict:
    """XP_API_* from the environment, when the XP service runs as a separate process."""
    settings = {
        name: os.environ[name] for name in ("XP_API_URL", "XP_API_KEY") if os.environ.get(name)
    }
    for name, parse in (
        ("XP_API_TIMEOUT", float),
        ("XP_API_CONNECT_TIMEOUT", float),
        ("XP_API_RETRIES", int),
    ):
        raw = os.environ.get(name)
        if raw:
            try:
                settings[name] = parse(raw)
            except ValueError:
                kind = "seconds" if parse is float else "a whole number"
                raise ValueError(f"{name} must be {kind}, not {raw!r}") from None
    return settings


def proxy_settings() -> dict:
    """STUDYXP_TRUSTED_PROXIES: how many reverse proxies stand in front of StudyXP."""
    raw = os.environ.get("STUDYXP_TRUSTED_PROXIES")
    if not raw:
        return {}
    if not raw.strip().isdigit():
        raise ValueError(f"STUDYXP_TRUSTED_PROXIES must be a whole number, not {raw!r}")
    return {"TRUSTED_PROXIES": int(raw)}


def webhook_settings() -> dict:
    """STUDYXP_WEBHOOKS_ALLOW_PRIVATE=1 (tests and local development) and
    STUDYXP_WEBHOOK_RETRY_SECONDS, the waits before each retry, e.g. 60,120,240."""
    settings = {}
    allow = os.environ.get("STUDYXP_WEBHOOKS_ALLOW_PRIVATE")
    if allow is not None:
        if allow.strip() not in ("0", "1"):
            raise ValueError(f"STUDYXP_WEBHOOKS_ALLOW_PRIVATE must be 0 or 1, not {allow!r}")
        settings["WEBHOOKS_ALLOW_PRIVATE"] = allow.strip() == "1"
    raw = os.environ.get("STUDYXP_WEBHOOK_RETRY_SECONDS")
    if raw:
        try:
            waits = tuple(int(part) for part in raw.split(","))
        except ValueError:
            waits = ()
        if not waits or any(wait < 0 for wait in waits):
            raise ValueError(
                "STUDYXP_WEBHOOK_RETRY_SECONDS must be whole seconds separated by commas, "
                f"e.g. 60,120,240, not {raw!r}"
            )
        settings["WEBHOOK_RETRY_SECONDS"] = waits
    return settings


def qa_settings() -> dict:
    """STUDYXP_QA_TOOLS=1 turns on `flask qa` (app/qa): test environments only."""
    raw = os.environ.get("STUDYXP_QA_TOOLS")
    if raw is None:
        return {}
    if raw.strip() not in ("0", "1"):
        raise ValueError(f"STUDYXP_QA_TOOLS must be 0 or 1, not {raw!r}")
    return {"QA_TOOLS": raw.strip() == "1"}


def from_environment(instance_path: str) -> dict:
    """The settings create_app() uses when no test_config is given."""
    return {
        **xp_api_settings(),
        **proxy_settings(),
        **webhook_settings(),
        **qa_settings(),
        "SECRET_KEY": secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        **rate_limit_settings(),
    }


# Forms and badge uploads; the API allows far less (event bodies are a few hundred bytes,
# anything near 64 KiB is abuse or a mistake).
MAX_CONTENT_LENGTH = 1024 * 1024
API_MAX_CONTENT_LENGTH = 64 * 1024
BADGE_MAX_BYTES = 256 * 1024

# The XP the study app earns: its flips are events of this metric, paid in this system.
STUDY_METRIC = "flashcards-flipped"
# Each graded review (app/study/reviews.py) is one event of this metric, in the same system.
REVIEW_METRIC = "cards-reviewed"
STUDY_POINTS_SYSTEM = "xp"
# The leaderboard learners see from the header (seed.py creates it: XP earned each week).
LEARNER_LEADERBOARD = "weekly-xp"
# A separate XP service (app/xp/client/http.py) when XP_API_URL is set; in-process otherwise.
# Timeouts are seconds per attempt; a failed call is tried again up to XP_API_RETRIES times.
XP_API_URL = None
XP_API_KEY = None
XP_API_TIMEOUT = 5.0
XP_API_CONNECT_TIMEOUT = 2.0
XP_API_RETRIES = 2
# Reverse proxies in front of StudyXP (nginx, a load balancer): with N of them, the client's
# address, scheme and host come from the X-Forwarded-* headers the last N proxies added.
# With 0, those headers are ignored: anyone could send them.
TRUSTED_PROXIES = 0
# Sessions (app/accounts/login_sessions.py). "Remember me" keeps a browser logged in for a month
# from the login; without it, a session ends when the browser closes or after a day unused.
REMEMBER_COOKIE_DURATION = 30 * 24 * 3600
SESSION_IDLE_HOURS = 24
# Creating or revoking API keys, deleting data and logging accounts out ask for the password
# again when it was last typed longer ago than this.
REAUTH_MINUTES = 10
# Cookies no script can read and no other site's form post carries. They are also marked
# Secure when StudyXP is served over HTTPS (PREFERRED_URL_SCHEME=https or STUDYXP_HTTPS=1):
# see app/security.py.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = False
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_SECURE = False

# Rate limits (app/ratelimit.py), counted in the database so every worker shares them. Rates
# are N/second, N/minute, N/hour or N/M minutes; each can be set as STUDYXP_<name>, and
# STUDYXP_RATE_LIMITS=off turns them all off.
RATE_LIMITS = True
API_RATE_LIMIT = "6000/minute"  # requests per API key
LOGIN_RATE_LIMIT = "5/15 minutes"  # failed logins per account email, forgotten on success
LOGIN_IP_RATE_LIMIT = "30/minute"  # login attempts per client address
REGISTER_RATE_LIMIT = "60/hour"  # sign-ups per client address
# Flips per learner, counted or not (each posts a request). Someone studying reads a card
# before turning it, a couple of cards a second at the very most; only a script or a stuck key
# goes faster, and the study page then says to slow down (429).
FLIP_RATE_LIMIT = "20/10 seconds"
# Grades and undos per learner on the review page: reading a card, recalling the answer and
# grading it takes a second or more, so 20 in 10 seconds is again only a script's pace.
REVIEW_RATE_LIMIT = "20/10 seconds"
RATE_LIMIT_SETTINGS = (
    "API_RATE_LIMIT",
    "LOGIN_RATE_LIMIT",
    "LOGIN_IP_RATE_LIMIT",
    "REGISTER_RATE_LIMIT",
    "FLIP_RATE_LIMIT",
    "REVIEW_RATE_LIMIT",
)
# A card's flip earns its learner an XP event at most once in this many minutes, a rolling
# window from its last counted flip (app/study/flip_credits.py). Going through a deck earns for
# every card; turning a card back and forth, going back to re-check it or running the deck
# again straight away earns nothing more; coming back later in the day earns again.
FLIP_REPEAT_MINUTES = 60

# Webhooks: a delivery that gets no 2xx answer is retried after each of these waits, then
# marked failed; targets on private or loopback addresses are refused unless allowed.
WEBHOOK_RETRY_SECONDS = (60, 120, 240)
WEBHOOK_TIMEOUT_SECONDS = 10.0
WEBHOOKS_ALLOW_PRIVATE = False

# `flask qa` (app/qa: test learners on demand, resetting the demo data) refuses to run unless
# this is on (STUDYXP_QA_TOOLS=1): it writes back-dated history and deletes every row.
QA_TOOLS = False
