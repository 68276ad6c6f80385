"""The bare-stack baseline of `flask xp bench`: what the same stack costs doing almost nothing.

`create_bare_app()` is a Flask app that gunicorn serves with StudyXP's command line and flags
(app/serving.py), on the same database with the same Flask-SQLAlchemy settings and SQLite
pragmas. Its POST endpoint, at StudyXP's event path, parses the JSON body and writes the
event row StudyXP's record_event writes (to the scratch baseline user, so the rows can be
removed afterwards) with one INSERT + COMMIT; no API key, no rules, no totals. The in-process
baseline row inserts the same row.
"""

import sqlalchemy as sa
from flask import Flask, request

from app import clock, config
from app.columns import new_uuid
from app.extensions import configure_sqlite, db
from app.xp.models.metrics import Metric, MetricEvent
from app.xp.models.users import XpUser
from app.xp.ops.bench_data import METRIC

BARE_WSGI_APP = "app.xp.ops.bench_bare:create_bare_app()"
BASELINE_USER = "bench-baseline-user"  # created by the in-process rows, before any server


def event_row(user_id: int, metric_id: int, value: float = 1.0, tz: str = "Europe/Berlin"):
    """An event row as record_event writes it, now."""
    occurred_at = clock.now()
    return {
        "uuid": new_uuid(),
        "user_id": user_id,
        "metric_id": metric_id,
        "value": value,
        "occurred_at": occurred_at,
        "tz": tz,
        "local_date": occurred_at.date(),
    }


def baseline_ids() -> tuple[int, int]:
    """The scratch baseline user's id and the bench metric's id."""
    user_id = db.session.scalar(sa.select(XpUser.id).where(XpUser.external_id == BASELINE_USER))
    metric_id = db.session.scalar(sa.select(Metric.id).where(Metric.key == METRIC))
    return user_id, metric_id


def remove_baseline_events() -> None:
    """The baseline's rows have no totals: remove them, so that the ledgers still add up."""
    user_id, _ = baseline_ids()
    with db.engine.begin() as conn:
        conn.execute(sa.delete(MetricEvent.__table__).where(MetricEvent.user_id == user_id))
    db.session.remove()


def create_bare_app() -> Flask:
    """The baseline app on DATABASE_URL, where the bench's scratch data already is."""
    app = Flask(__name__)
    app.config.from_object(config)
    app.config["SQLALCHEMY_DATABASE_URI"] = config.database_url(app.instance_path)
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine)
        user_id, metric_id = baseline_ids()
        db.session.remove()
    insert = sa.insert(MetricEvent.__table__)

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    @app.post("/api/v1/metrics/<key>/event")
    def event(key: str):
        body = request.get_json()
        row = event_row(user_id, metric_id, float(body["value"]), body["user"]["tz"])
        with db.engine.begin() as conn:
            conn.execute(insert, row)
        return {"uuid": row["uuid"]}, 201

    return app
