"""Recompute the XP service's running totals from its append-only tables and report mismatches.

MetricEvent and PointsAward are the source of truth; UserMetricTotal, UserPointsTotal and
each award's running `total` are derived from them in the event transaction. `verify()`
checks, with grouped SQL queries (it never loads every row), that:

(a) every user's metric total equals the sum of their events for that metric;
(b) every user's points total equals the sum of their awards in that system;
(c) the latest award (greatest id) of each user and system carries that total;
(d) every award references an existing event of the same user;
(e) no idempotency key is stored twice for one user and metric;
(f) every user's value in each run of an active points or metric leaderboard equals what the
    ledgers give (leaderboard_check.py: those awards or events, dated in the run, inside
    the board's window, not after the run was final, from its activation on).

All checks read one snapshot (REPEATABLE READ on PostgreSQL, one read transaction on
SQLite), so it can run while events are being recorded.
"""

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from app.extensions import SQLITE_BEGIN, db
from app.xp.models.metrics import Metric, MetricEvent, UserMetricTotal
from app.xp.models.points import PointsAward, PointsSystem, PointsTrigger, UserPointsTotal
from app.xp.models.users import XpUser
from app.xp.ops.leaderboard_check import leaderboard_values

# Metric totals are floats: a stored total and the sum of its events may differ by rounding.
METRIC_TOLERANCE = 1e-6


@dataclass
class Report:
    """What verify_report() found: the mismatches and how much it checked."""

    mismatches: list[str] = field(default_factory=list)
    events: int = 0
    awards: int = 0
    users: int = 0

    @property
    def ok(self) -> bool:
        return not self.mismatches


def verify() -> list[str]:
    """Human-readable mismatches between the totals and the ledgers; empty when consistent."""
    return verify_report().mismatches


def verify_report() -> Report:
    with _snapshot() as session:
        report = Report(
            events=session.scalar(select(func.count()).select_from(MetricEvent)) or 0,
            awards=session.scalar(select(func.count()).select_from(PointsAward)) or 0,
            users=session.scalar(select(func.count()).select_from(XpUser)) or 0,
        )
        for check in (
            _metric_totals,
            _points_totals,
            _running_totals,
            _orphan_awards,
            _duplicate_idempotency_keys,
            leaderboard_values,
        ):
            report.mismatches.extend(check(session))
    return report


@contextmanager
def _snapshot() -> Iterator[Session]:
    session = Session(db.engine)
    try:
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        elif dialect == "sqlite":
            # In WAL mode a read transaction sees one snapshot from its first read on.
            session.connection(execution_options={SQLITE_BEGIN: "DEFERRED"})
        yield session
    finally:
        session.rollback()
        session.close()


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _who(external_id: str, kind: str, key: str) -> str:
    return f"user {_quote(external_id)} {kind} {_quote(key)}"


def _metric_totals(session: Session) -> Iterator[str]:
    sums = (
        select(
            MetricEvent.user_id,
            MetricEvent.metric_id,
            func.sum(MetricEvent.value).label("total"),
            func.count().label("events"),
        )
        .group_by(MetricEvent.user_id, MetricEvent.metric_id)
        .subquery()
    )
    event_sum = func.coalesce(sums.c.total, 0.0)
    # Total rows whose value differs from their events' sum (no events: the sum is 0).
    stored = session.execute(
        select(XpUser.external_id, Metric.key, UserMetricTotal.total, event_sum, sums.c.events)
        .join(XpUser, XpUser.id == UserMetricTotal.user_id)
        .join(Metric, Metric.id == UserMetricTotal.metric_id)
        .outerjoin(
            sums,
            and_(
                sums.c.user_id == UserMetricTotal.user_id,
                sums.c.metric_id == UserMetricTotal.metric_id,
            ),
        )
        .where(func.abs(UserMetricTotal.total - event_sum) > METRIC_TOLERANCE)
        .order_by(XpUser.external_id, Metric.key)
    )
    for external_id, key, total, expected, events in stored:
        if _close(total, expected):
            continue
        yield (
            f"Metric total mismatch for {_who(external_id, 'metric', key)}: "
            f"stored {_number(total)}, sum of {events or 0} events is {_number(expected)}"
        )
    # Events with no total row at all.
    missing = session.execute(
        select(XpUser.external_id, Metric.key, sums.c.total, sums.c.events)
        .select_from(sums)
        .join(XpUser, XpUser.id == sums.c.user_id)
        .join(Metric, Metric.id == sums.c.metric_id)
        .outerjoin(
            UserMetricTotal,
            and_(
                UserMetricTotal.user_id == sums.c.user_id,
                UserMetricTotal.metric_id == sums.c.metric_id,
            ),
        )
        .where(UserMetricTotal.user_id.is_(None))
        .order_by(XpUser.external_id, Metric.key)
    )
    for external_id, key, expected, events in missing:
        yield (
            f"Metric total missing for {_who(external_id, 'metric', key)}: "
            f"{events} events sum to {_number(expected)} but no total is stored"
        )


def _points_totals(session: Session) -> Iterator[str]:
    sums = (
        select(
            PointsAward.user_id,
            PointsAward.system_id,
            func.sum(PointsAward.awarded).label("total"),
            func.count().label("awards"),
        )
        .group_by(PointsAward.user_id, PointsAward.system_id)
        .subquery()
    )
    award_sum = func.coalesce(sums.c.total, 0)
    stored = session.execute(
        select(
            XpUser.external_id, PointsSystem.key, UserPointsTotal.total, award_sum, sums.c.awards
        )
        .join(XpUser, XpUser.id == UserPointsTotal.user_id)
        .join(PointsSystem, PointsSystem.id == UserPointsTotal.system_id)
        .outerjoin(
            sums,
            and_(
                sums.c.user_id == UserPointsTotal.user_id,
                sums.c.system_id == UserPointsTotal.system_id,
            ),
        )
        .where(UserPointsTotal.total != award_sum)
        .order_by(XpUser.external_id, PointsSystem.key)
    )
    for external_id, key, total, expected, awards in stored:
        yield (
            f"Points total mismatch for {_who(external_id, 'system', key)}: "
            f"stored {int(total)}, sum of {awards or 0} awards is {int(expected)}"
        )
    missing = session.execute(
        select(XpUser.external_id, PointsSystem.key, sums.c.total, sums.c.awards)
        .select_from(sums)
        .join(XpUser, XpUser.id == sums.c.user_id)
        .join(PointsSystem, PointsSystem.id == sums.c.system_id)
        .outerjoin(
            UserPointsTotal,
            and_(
                UserPointsTotal.user_id == sums.c.user_id,
                UserPointsTotal.system_id == sums.c.system_id,
            ),
        )
        .where(UserPointsTotal.user_id.is_(None))
        .order_by(XpUser.external_id, PointsSystem.key)
    )
    for external_id, key, expected, awards in missing:
        yield (
            f"Points total missing for {_who(external_id, 'system', key)}: "
            f"{awards} awards sum to {int(expected)} but no total is stored"
        )


def _running_totals(session: Session) -> Iterator[str]:
    latest = (
        select(func.max(PointsAward.id).label("id"))
        .group_by(PointsAward.user_id, PointsAward.system_id)
        .subquery()
    )
    rows = session.execute(
        select(
            XpUser.external_id,
            PointsSystem.key,
            PointsAward.id,
            PointsAward.total,
            UserPointsTotal.total,
        )
        .select_from(latest)
        .join(PointsAward, PointsAward.id == latest.c.id)
        .join(XpUser, XpUser.id == PointsAward.user_id)
        .join(PointsSystem, PointsSystem.id == PointsAward.system_id)
        # A missing total row is reported by _points_totals.
        .join(
            UserPointsTotal,
            and_(
                UserPointsTotal.user_id == PointsAward.user_id,
                UserPointsTotal.system_id == PointsAward.system_id,
            ),
        )
        .where(PointsAward.total != UserPointsTotal.total)
        .order_by(XpUser.external_id, PointsSystem.key)
    )
    for external_id, key, award_id, award_total, total in rows:
        yield (
            f"Running total mismatch for {_who(external_id, 'system', key)}: "
            f"latest award #{award_id} has total {int(award_total)}, stored total is {int(total)}"
        )


EVENT_TRIGGERS = ("metric", "streak")


def _orphan_awards(session: Session) -> Iterator[str]:
    event = aliased(MetricEvent)
    event_user = aliased(XpUser)
    rows = session.execute(
        select(
            PointsAward.id,
            PointsAward.event_id,
            XpUser.external_id,
            PointsSystem.key,
            event.id,
            event_user.external_id,
        )
        .join(XpUser, XpUser.id == PointsAward.user_id)
        .join(PointsSystem, PointsSystem.id == PointsAward.system_id)
        .join(PointsTrigger, PointsTrigger.id == PointsAward.trigger_id)
        .outerjoin(event, event.id == PointsAward.event_id)
        .outerjoin(event_user, event_user.id == event.user_id)
        .where(
            # Metric and streak triggers pay for an event; the other types may pay without one
            # (a tick, the users API, an achievement completed through the API).
            (
                event.id.is_(None)
                & (PointsAward.event_id.is_not(None) | PointsTrigger.type.in_(EVENT_TRIGGERS))
            )
            | (event.user_id != PointsAward.user_id)
        )
        .order_by(PointsAward.id)
    )
    for award_id, event_id, external_id, key, found_id, other_user in rows:
        where = _who(external_id, "system", key)
        if event_id is None:
            yield f"Orphan award #{award_id} for {where}: it references no event"
        elif found_id is None:
            yield f"Orphan award #{award_id} for {where}: event #{event_id} does not exist"
        else:
            yield (
                f"Orphan award #{award_id} for {where}: event #{event_id} belongs to "
                f"user {_quote(other_user)}"
            )


def _duplicate_idempotency_keys(session: Session) -> Iterator[str]:
    dupes = (
        select(
            MetricEvent.user_id,
            MetricEvent.metric_id,
            MetricEvent.idempotency_key,
            func.count().label("events"),
        )
        .where(MetricEvent.idempotency_key.is_not(None))
        .group_by(MetricEvent.user_id, MetricEvent.metric_id, MetricEvent.idempotency_key)
        .having(func.count() > 1)
        .subquery()
    )
    rows = session.execute(
        select(XpUser.external_id, Metric.key, dupes.c.idempotency_key, dupes.c.events)
        .select_from(dupes)
        .join(XpUser, XpUser.id == dupes.c.user_id)
        .join(Metric, Metric.id == dupes.c.metric_id)
        .order_by(XpUser.external_id, Metric.key, dupes.c.idempotency_key)
    )
    for external_id, key, idempotency_key, events in rows:
        yield (
            f"Duplicate idempotency key {_quote(idempotency_key)} for "
            f"{_who(external_id, 'metric', key)}: {events} events"
        )


def _close(stored, expected) -> bool:
    """Also accept float rounding that grows with the size of very large totals."""
    return math.isclose(float(stored), float(expected), rel_tol=1e-12, abs_tol=METRIC_TOLERANCE)


def _number(value) -> str:
    return f"{float(value):.6f}".rstrip("0").rstrip(".")
