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


def from_environment(instance_path: str) -> dict:
    """The settings create_app() uses when no test_config is given."""
    return {
        "SECRET_KEY": secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
    }


# Forms and badge uploads; the API allows far less (event bodies are a few hundred bytes,
# anything near 64 KiB is abuse or a mistake).
MAX_CONTENT_LENGTH = 1024 * 1024
API_MAX_CONTENT_LENGTH = 64 * 1024
BADGE_MAX_BYTES = 256 * 1024

# The XP the study app earns: its flips are events of this metric, paid in this system.
STUDY_METRIC = "flashcards-flipped"
STUDY_POINTS_SYSTEM = "xp"
# Remember-me cookies last a month.
REMEMBER_COOKIE_DURATION = 30 * 24 * 3600
# Cookies no script can read and no other site's form post carries. They are also marked
# Secure when StudyXP is served over HTTPS (PREFERRED_URL_SCHEME=https or STUDYXP_HTTPS=1):
# see app/security.py.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = False
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_SECURE = False
