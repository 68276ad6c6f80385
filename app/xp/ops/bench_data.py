"""Scratch data for `flask xp bench`: a database beside the configured one, and a long history.

The scratch database is a temporary SQLite file in a directory next to the configured one, or
a schema `studyxp_bench_<pid>` in the configured PostgreSQL database; either is built by the
Alembic migrations, so the bench measures the real schema, and removed when the bench ends,
also after Ctrl-C.
"""

import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import flask_migrate
import sqlalchemy as sa
from flask import Flask

from app import clock
from app.columns import new_uuid
from app.extensions import db
from app.xp.models.metrics import Metric, MetricEvent, UserMetricTotal
from app.xp.models.points import (
    PointsAward,
    PointsSystem,
    PointsTrigger,
    UserPointsTotal,
    UserTriggerProgress,
)
from app.xp.models.users import XpUser

METRIC = "flashcards-flipped"
SYSTEM = "xp"
TRIGGERS = [(10, 5), (50, 25)]  # (points, every N), as the demo data has them
SUMMARY_USER = "bench-summary-user"
SUMMARY_DAYS = 400
BULK_BATCH = 10_000  # history events per INSERT batch


class BenchError(RuntimeError):
    """The bench cannot run here (an unsupported database, a failed request, ...)."""


@contextmanager
def scratch_database(database_url: str) -> Iterator[tuple[str, str]]:
    """A URL to an empty scratch database beside `database_url`, and where it is."""
    url = sa.make_url(database_url)
    if url.get_backend_name() == "sqlite":
        # Beside the configured file, so the bench writes to the same disk; else a temp dir.
        configured = Path(url.database) if url.database not in (None, "", ":memory:") else None
        parent = configured.parent if configured and configured.parent.is_dir() else None
        folder = Path(tempfile.mkdtemp(prefix="studyxp-bench-", dir=parent))
        try:
            yield f"sqlite:///{folder / 'bench.sqlite3'}", str(folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    elif url.get_backend_name() == "postgresql":
        schema = f"studyxp_bench_{os.getpid()}"
        admin = sa.create_engine(url)
        try:
            with admin.begin() as conn:
                conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
                conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
            scoped = url.update_query_dict({"options": f"-csearch_path={schema}"})
            yield scoped.render_as_string(hide_password=False), f"schema {schema}"
        finally:
            with admin.begin() as conn:
                conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            admin.dispose()
    else:
        raise BenchError(f"The bench runs on SQLite or PostgreSQL, not {url.get_backend_name()}")


def scratch_app(create_app: Callable[[dict], Flask], scratch_url: str) -> Flask:
    """The app that `create_app` builds on the scratch database: migrated to the current schema,
    with the demo rules."""
    app = create_app({"SECRET_KEY": secrets.token_hex(16), "SQLALCHEMY_DATABASE_URI": scratch_url})
    with app.app_context():
        flask_migrate.upgrade()
        metric = Metric(key=METRIC, name="Flashcards Flipped", unit="cards")
        system = PointsSystem(key=SYSTEM, name="XP")
        db.session.add_all([metric, system])
        db.session.flush()
        for points, threshold in TRIGGERS:
            db.session.add(
                PointsTrigger(
                    system_id=system.id,
                    metric_id=metric.id,
                    points=points,
                    metric_threshold=threshold,
                )
            )
        db.session.commit()
    return app


def version_of(engine: sa.Engine) -> str:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            return "PostgreSQL " + conn.exec_driver_sql("SHOW server_version").scalar()
        return "SQLite " + conn.exec_driver_sql("SELECT sqlite_version()").scalar()


def write_summary_history(events: int) -> int:
    """SUMMARY_USER with `events` events of 1 spread evenly over the SUMMARY_DAYS days up to
    today, and the awards, running totals, totals and marks record_event would have written
    for them, in bulk INSERTs. Returns the user's points total."""
    events_table, awards_table = MetricEvent.__table__, PointsAward.__table__
    metric = db.session.scalar(sa.select(Metric).where(Metric.key == METRIC))
    triggers = db.session.scalars(
        sa.select(PointsTrigger)
        .where(PointsTrigger.metric_id == metric.id)
        .order_by(PointsTrigger.system_id, PointsTrigger.metric_threshold, PointsTrigger.id)
    ).all()
    user = XpUser(external_id=SUMMARY_USER, tz="UTC")
    db.session.add(user)
    db.session.commit()
    first_day = clock.now().date() - timedelta(days=SUMMARY_DAYS - 1)
    per_day, extra = divmod(events, SUMMARY_DAYS)
    metric_total = points_total = 0
    pending_events, pending_awards = [], []
    last_id = 0

    def flush() -> None:
        nonlocal last_id
        if not pending_events:
            return
        with db.engine.begin() as conn:
            conn.execute(sa.insert(events_table), pending_events)
            ids = dict(
                conn.execute(
                    sa.select(events_table.c.uuid, events_table.c.id).where(
                        events_table.c.user_id == user.id, events_table.c.id > last_id
                    )
                ).all()
            )
            last_id = max(ids.values())
            for award in pending_awards:
                award["event_id"] = ids[award.pop("event_uuid")]
            if pending_awards:
                conn.execute(sa.insert(awards_table), pending_awards)
        pending_events.clear()
        pending_awards.clear()

    for day_number in range(SUMMARY_DAYS):
        day = first_day + timedelta(days=day_number)
        midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
        count = per_day + (day_number < extra)
        for n in range(count):
            occurred_at = midnight + timedelta(seconds=(n + 0.5) * 86400 / count)
            event_uuid = new_uuid()
            metric_total += 1
            pending_events.append(
                {
                    "uuid": event_uuid,
                    "user_id": user.id,
                    "metric_id": metric.id,
                    "value": 1.0,
                    "occurred_at": occurred_at,
                    "tz": "UTC",
                    "local_date": day,
                }
            )
            for trigger in triggers:
                if metric_total % trigger.metric_threshold == 0:
                    points_total += trigger.points
                    pending_awards.append(
                        {
                            "uuid": new_uuid(),
                            "user_id": user.id,
                            "system_id": trigger.system_id,
                            "trigger_id": trigger.id,
                            "event_uuid": event_uuid,
                            "awarded": trigger.points,
                            "total": points_total,
                            "occurred_at": occurred_at,
                            "local_date": day,
                        }
                    )
            if len(pending_events) >= BULK_BATCH:
                flush()
    flush()

    with db.engine.begin() as conn:
        conn.execute(
            sa.insert(UserMetricTotal.__table__),
            {"user_id": user.id, "metric_id": metric.id, "total": float(metric_total)},
        )
        conn.execute(
            sa.insert(UserPointsTotal.__table__),
            {"user_id": user.id, "system_id": triggers[0].system_id, "total": points_total},
        )
        conn.execute(
            sa.insert(UserTriggerProgress.__table__),
            [
                {
                    "user_id": user.id,
                    "trigger_id": t.id,
                    "paid_through": metric_total // t.metric_threshold * t.metric_threshold,
                    "activation": t.activation,
                }
                for t in triggers
            ],
        )
    if db.engine.dialect.name == "postgresql":
        # Autovacuum would soon analyze tables that grew this much; until then the planner
        # takes them for empty and scans them whole. (SQLite keeps no statistics by default.)
        with db.engine.begin() as conn:
            conn.execute(sa.text(f"ANALYZE {events_table.name}, {awards_table.name}"))
    db.session.remove()
    return points_total
