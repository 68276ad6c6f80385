"""The serial result: what the engine gives for the same events recorded one at a time.

Parallel tests (threads, gunicorn workers, a killed worker) compare what they stored with
`serial_outcome()` of the stored event values, so the expected numbers come from the engine
itself run without any concurrency, not from a second copy of the trigger arithmetic.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import select

from app.extensions import db
from app.xp.engine.events import record_event
from app.xp.models.metrics import MetricEvent, UserMetricTotal
from app.xp.models.points import PointsAward, PointsTrigger, UserPointsTotal
from app.xp.models.users import XpUser
from tests.support import build_app


@dataclass(frozen=True)
class Award:
    """One award row, by the position of its event in the user's history (1 = first)."""

    event: int
    threshold: int
    awarded: int
    total: int


@dataclass(frozen=True)
class Outcome:
    """A user's metric total, points total and award rows, in the order they were written."""

    metric_total: float
    points_total: int
    awards: tuple[Award, ...]


def stored_outcome(user_id: str) -> Outcome:
    """What the database holds for one user of seed_xp's one metric and one points system
    (inside an app context)."""
    user = db.session.scalar(select(XpUser).where(XpUser.external_id == user_id))
    event_ids = db.session.scalars(
        select(MetricEvent.id).where(MetricEvent.user_id == user.id).order_by(MetricEvent.id)
    ).all()
    position = {event_id: n for n, event_id in enumerate(event_ids, start=1)}
    rows = db.session.execute(
        select(
            PointsAward.event_id,
            PointsTrigger.metric_threshold,
            PointsAward.awarded,
            PointsAward.total,
        )
        .join(PointsTrigger, PointsTrigger.id == PointsAward.trigger_id)
        .where(PointsAward.user_id == user.id)
        .order_by(PointsAward.id)
    ).all()
    awards = tuple(
        Award(position[event_id], threshold, awarded, total)
        for event_id, threshold, awarded, total in rows
    )
    metric_total = db.session.scalar(
        select(UserMetricTotal.total).where(UserMetricTotal.user_id == user.id)
    )
    points_total = db.session.scalar(
        select(UserPointsTotal.total).where(UserPointsTotal.user_id == user.id)
    )
    return Outcome(metric_total, points_total or 0, awards)


def stored_values(user_id: str) -> list[float]:
    """The user's event values in the order the engine applied them (inside an app context)."""
    return db.session.scalars(
        select(MetricEvent.value)
        .join(XpUser, XpUser.id == MetricEvent.user_id)
        .where(XpUser.external_id == user_id)
        .order_by(MetricEvent.id)
    ).all()


def serial_outcome(values: list[float], seed, database_path) -> Outcome:
    """Record `values` one after another for one user on a fresh SQLite database.

    `seed()` sets up the metric, points systems and triggers (e.g. seed.py's seed_xp).
    """
    app = build_app(
        {
            "TESTING": True,
            "SECRET_KEY": "serial",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database_path}",
        }
    )
    with app.app_context():
        seed()
        for value in values:
            record_event("flashcards-flipped", {"id": "serial"}, value)
        outcome = stored_outcome("serial")
        db.session.remove()
        db.engine.dispose()
    return outcome


def unbalanced_events(user_id: str) -> list[tuple]:
    """Events whose awards differ from what their metric totals before and after call for.

    Checked in SQL, straight from the append-only tables: an event's total after it is the
    running sum of the user's values in id order (the engine's order), and each active
    "every N" trigger owes points * (floor(after / N) - floor(before / N)) in one award row.
    Holds for positive whole values and systems without max_points, as in the load tests.
    Returns (event id, trigger id, points owed, points awarded, award rows) per mismatch.
    """
    query = sa.text(
        """
        WITH running AS (
            SELECT e.id, e.user_id, e.metric_id, e.value,
                   SUM(e.value) OVER (ORDER BY e.id ROWS UNBOUNDED PRECEDING) AS after
            FROM xp_metric_event e JOIN xp_user u ON u.id = e.user_id
            WHERE u.external_id = :user_id
        ),
        owed AS (
            SELECT r.id AS event_id, t.id AS trigger_id,
                   t.points * (CAST(r.after AS INTEGER) / t.metric_threshold
                               - CAST(r.after - r.value AS INTEGER) / t.metric_threshold)
                       AS points
            FROM running r
            JOIN xp_points_trigger t ON t.metric_id = r.metric_id AND t.status = 'active'
        ),
        paid AS (
            SELECT a.event_id, a.trigger_id, SUM(a.awarded) AS points, COUNT(*) AS awards
            FROM xp_points_award a JOIN running r ON r.id = a.event_id
            GROUP BY a.event_id, a.trigger_id
        )
        SELECT o.event_id, o.trigger_id, o.points, COALESCE(p.points, 0), COALESCE(p.awards, 0)
        FROM owed o
        LEFT JOIN paid p ON p.event_id = o.event_id AND p.trigger_id = o.trigger_id
        WHERE o.points != COALESCE(p.points, 0) OR COALESCE(p.awards, 0) > 1
           OR (o.points = 0 AND p.awards IS NOT NULL)
        UNION ALL
        -- awards from a trigger that owes this event nothing at all
        SELECT p.event_id, p.trigger_id, 0, p.points, p.awards
        FROM paid p
        LEFT JOIN owed o ON o.event_id = p.event_id AND o.trigger_id = p.trigger_id
        WHERE o.event_id IS NULL
        ORDER BY 1, 2
        """
    )
    return [tuple(row) for row in db.session.execute(query, {"user_id": user_id})]
