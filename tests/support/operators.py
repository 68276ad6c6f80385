"""The dashboard through the test client: its app, the seeded rows, reading and writing XP.

The dashboard's app holds seed.py's XP setup (metric flashcards-flipped; points system xp
paying +10 every 5 and +50 every 25), an operator account and a learner account. Operators
and learners log in with tests.support.learners.log_in.
"""

from dataclasses import dataclass

from flask import Flask
from sqlalchemy import select

from app.accounts.models import Account
from app.extensions import db
from app.xp.engine.events import record_event
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsSystem, PointsTrigger
from seed import seed_xp
from tests.support import build_app
from tests.support.learners import PASSWORD

OPERATOR_EMAIL = "olga@example.com"
LEARNER_EMAIL = "lena@example.com"


def add_account(email: str, name: str, operator: bool = False) -> None:
    account = Account(email=email, display_name=name, tz="UTC", is_operator=operator)
    account.set_password(PASSWORD)
    db.session.add(account)
    db.session.commit()


def seed_xp_and_accounts() -> None:
    """seed.py's XP setup, an operator and a learner."""
    seed_xp()
    add_account(OPERATOR_EMAIL, "Olga Operator", operator=True)
    add_account(LEARNER_EMAIL, "Lena Learner")


def make_dashboard_app(database_url: str, instance_path, csrf: bool, template_cache) -> Flask:
    """The app with seed_xp_and_accounts(); its instance folder is `instance_path`, never the
    repository's; CSRF checked only when `csrf`."""
    app = build_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": csrf,
        },
        prepare=seed_xp_and_accounts,
    )
    instance_path.mkdir(parents=True, exist_ok=True)
    app.instance_path = str(instance_path)
    app.jinja_env.bytecode_cache = template_cache
    return app


# --- the seeded rows ---------------------------------------------------------------------


@dataclass(frozen=True)
class Seeded:
    metric_id: int  # flashcards-flipped
    system_id: int  # xp
    every_5_id: int  # +10 XP every 5 flashcards flipped
    every_25_id: int  # +50 XP every 25 flashcards flipped


def seeded_rows() -> Seeded:
    """The ids of the seeded metric, system and triggers (in an app context)."""
    system = db.session.scalar(select(PointsSystem).where(PointsSystem.key == "xp"))
    triggers = {t.metric_threshold: t.id for t in system.triggers}
    return Seeded(
        metric_id=db.session.scalar(select(Metric.id).where(Metric.key == "flashcards-flipped")),
        system_id=system.id,
        every_5_id=triggers[5],
        every_25_id=triggers[25],
    )


# --- reading and writing the database ----------------------------------------------------


def send_event(app, value, user="ana", tz=None, metric="flashcards-flipped", at=None) -> dict:
    """Record a metric event through the XP engine, as the API would; its EventResponse."""
    payload = {"id": user} if tz is None else {"id": user, "tz": tz}
    with app.app_context():
        return record_event(metric, payload, value, at=at)


def metric_by_key(app, key: str) -> Metric | None:
    with app.app_context():
        return db.session.scalar(select(Metric).where(Metric.key == key))


def system_by_key(app, key: str) -> PointsSystem | None:
    with app.app_context():
        return db.session.scalar(select(PointsSystem).where(PointsSystem.key == key))


def trigger_by_id(app, trigger_id: int) -> PointsTrigger | None:
    with app.app_context():
        return db.session.get(PointsTrigger, trigger_id)


def triggers_of(app, system_id: int) -> list[tuple[int, int, int, str]]:
    """(points, metric_id, threshold, status) of each trigger of a system, oldest first."""
    with app.app_context():
        rows = db.session.scalars(
            select(PointsTrigger)
            .where(PointsTrigger.system_id == system_id)
            .order_by(PointsTrigger.id)
        )
        return [(t.points, t.metric_id, t.metric_threshold, t.status) for t in rows]
