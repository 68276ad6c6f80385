"""Settings from the environment (app/config.py) and the demo data (seed.py)."""

import stat

import pytest
from sqlalchemy import select

from app import config
from app.extensions import db
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsSystem, PointsTrigger


@pytest.fixture
def env(monkeypatch):
    """A clean slate: neither DATABASE_URL nor SECRET_KEY set."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    return monkeypatch


def test_database_defaults_to_sqlite_file_in_instance_folder(env, tmp_path):
    assert config.database_url(str(tmp_path)) == f"sqlite:///{tmp_path / 'studyxp.sqlite3'}"


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u:p@h:5433/db", "postgresql+psycopg://u:p@h:5433/db"),
        ("postgresql+psycopg://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("sqlite:////var/lib/studyxp.sqlite3", "sqlite:////var/lib/studyxp.sqlite3"),
    ],
)
def test_database_url_from_env_uses_psycopg_for_postgres(env, tmp_path, given, used):
    env.setenv("DATABASE_URL", given)

    assert config.database_url(str(tmp_path)) == used


def test_secret_key_from_env_wins(env, tmp_path):
    env.setenv("SECRET_KEY", "from-the-environment")

    assert config.secret_key(str(tmp_path)) == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_secret_key_is_generated_once_private_and_reused(env, tmp_path):
    first = config.secret_key(str(tmp_path))

    key_file = tmp_path / "secret_key"
    assert len(first) == 64
    assert key_file.read_text() == first
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert config.secret_key(str(tmp_path)) == first


def test_from_environment_gives_key_and_database(env, tmp_path):
    env.setenv("DATABASE_URL", "postgres://u:p@h/db")
    env.setenv("SECRET_KEY", "s")

    assert config.from_environment(str(tmp_path)) == {
        "SECRET_KEY": "s",
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u:p@h/db",
    }


def test_seed_is_idempotent(seeded):
    from seed import seed_xp

    with seeded.app_context():
        seed_xp()

        assert db.session.scalars(select(Metric.key).order_by(Metric.id)).all() == [
            "flashcards-flipped",
            "cards-reviewed",
        ]
        assert db.session.scalars(select(PointsSystem.key)).all() == ["xp"]
        triggers = db.session.scalars(
            select(PointsTrigger).order_by(PointsTrigger.metric_threshold)
        ).all()
        assert [(t.metric.key, t.points, t.metric_threshold, t.status) for t in triggers] == [
            ("flashcards-flipped", 10, 5, "active"),
            ("cards-reviewed", 10, 10, "active"),
            ("flashcards-flipped", 50, 25, "active"),
        ]
