"""record_event(): the one transaction that turns a metric event into points awards.

The rules are DESIGN.md's "XP engine: the contract". In short: lock the user, append the
event, move the metric total, and let each active "every N units" trigger pay for the
multiples of N the new total has passed that it has not paid for before.
"""

import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.extensions import SQLITE_BEGIN, db, insert_or_ignore
from app.timezones import is_time_zone
from app.xp import payloads
from app.xp.errors import BadRequest, NotFound, Unprocessable
from app.xp.models import (
    IDEMPOTENCY_KEY_MAX,
    USER_ID_MAX,
    Metric,
    MetricEvent,
    PointsAward,
    PointsSystem,
    PointsTrigger,
    UserMetricTotal,
    UserPointsTotal,
    UserTriggerProgress,
    XpUser,
    now_utc,
)

# Largest magnitude one event may carry: far beyond any real count, and small enough that
# metric totals stay exact in a double and points totals inside a 64-bit integer.
MAX_EVENT_VALUE = 1_000_000_000
# Values and totals are kept to this many decimal places, so 0.1 + 0.2 reaches 0.3.
VALUE_DECIMALS = 6


def check_time_zone(tz: str) -> str:
    """Return tz if it names an IANA zone, else raise BadRequest."""
    if not is_time_zone(tz):
        raise BadRequest(f"Unknown time zone '{tz[:64]}': use an IANA name such as Europe/London")
    return tz


def check_text(value: str, field: str) -> str:
    """Refuse strings no database column can hold: NUL characters and lone surrogates."""
    if "\x00" in value:
        raise BadRequest(f"'{field}' must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadRequest(f"'{field}' must be valid Unicode text") from None
    return value


@dataclass(frozen=True)
class UserInput:
    """The `user` object of an event body. None means "not given": the stored value stays."""

    id: str
    email: str | None = None
    name: str | None = None
    tz: str | None = None

    @classmethod
    def parse(cls, raw) -> "UserInput":
        if isinstance(raw, UserInput):
            return raw
        if not isinstance(raw, Mapping):
            raise BadRequest("'user' must be an object with at least an 'id'")
        user_id = raw.get("id")
        if not isinstance(user_id, str) or not user_id.strip():
            raise BadRequest("'user.id' is required and must be a non-empty string")
        check_text(user_id, "user.id")
        if len(user_id) > USER_ID_MAX:
            raise Unprocessable(f"'user.id' must be at most {USER_ID_MAX} characters")
        fields = {}
        for name, limit in (("email", 320), ("name", 200), ("tz", 64)):
            value = raw.get(name)
            if value is None:
                continue
            if not isinstance(value, str):
                raise BadRequest(f"'user.{name}' must be a string")
            check_text(value, f"user.{name}")
            if len(value) > limit:
                if name == "tz":
                    raise BadRequest(f"Unknown time zone '{value[:64]}'")
                raise Unprocessable(f"'user.{name}' must be at most {limit} characters")
            fields[name] = value
        if "tz" in fields:
            check_time_zone(fields["tz"])
        return cls(id=user_id, **fields)


def check_value(value) -> float:
    """An event value: a finite number (not a boolean) of at most MAX_EVENT_VALUE."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadRequest("'value' is required and must be a number")
    # Only floats can be NaN or infinite; a huge int such as 10**400 (valid JSON) fails the
    # range check below, before float() could overflow on it.
    if isinstance(value, float) and not math.isfinite(value):
        raise BadRequest("'value' must be a finite number")
    if abs(value) > MAX_EVENT_VALUE:
        raise Unprocessable(f"'value' must be between -{MAX_EVENT_VALUE} and {MAX_EVENT_VALUE}")
    return round(float(value), VALUE_DECIMALS)


def check_idempotency_key(key: str | None) -> str | None:
    if key is None:
        return None
    if not isinstance(key, str) or not key.strip():
        raise BadRequest("Idempotency-Key must not be empty")
    check_text(key, "Idempotency-Key")
    if len(key) > IDEMPOTENCY_KEY_MAX:
        raise Unprocessable(f"Idempotency-Key must be at most {IDEMPOTENCY_KEY_MAX} characters")
    return key


@contextmanager
def user_transaction() -> Iterator[Session]:
    """A session of its own, whose transaction serializes writers before anything is read.

    The engine owns this transaction instead of sharing the request's db.session: on SQLite
    the write lock must be taken by the BEGIN itself (BEGIN IMMEDIATE), which is only possible
    on a transaction that has not started yet. On PostgreSQL the user's row is locked with
    SELECT ... FOR UPDATE inside it.
    """
    session = Session(db.engine, expire_on_commit=False)
    try:
        if session.get_bind().dialect.name == "sqlite":
            session.connection(execution_options={SQLITE_BEGIN: "IMMEDIATE"})
        yield session
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def lock_user(session: Session, user: UserInput) -> XpUser:
    """Create the user if new, lock its row for this transaction and apply the given fields."""
    now = now_utc()
    insert_or_ignore(
        session,
        XpUser,
        {
            "external_id": user.id,
            "email": user.email,
            "name": user.name,
            "tz": user.tz,
            "created": now,
            "updated": now,
        },
        ["external_id"],
    )
    xp_user = session.scalars(
        select(XpUser).where(XpUser.external_id == user.id).with_for_update()
    ).one()
    for field in ("email", "name", "tz"):
        value = getattr(user, field)
        if value is not None and getattr(xp_user, field) != value:
            setattr(xp_user, field, value)
    return xp_user


def active_metric(session: Session, metric_key: str) -> Metric:
    metric = None
    if "\x00" not in metric_key:
        metric = session.scalar(select(Metric).where(Metric.key == metric_key))
    if metric is None:
        raise NotFound(f"Metric '{metric_key[:100]}' not found")
    if metric.status != "active":
        raise Unprocessable(f"Metric '{metric_key}' is archived and accepts no events")
    return metric


def record_event(
    metric_key: str,
    user,
    value,
    idempotency_key: str | None = None,
    at: datetime | None = None,
) -> dict:
    """Apply one metric event for one user and return Trophy's EventResponse.

    `user` is the event body's user object (a mapping with `id` and optional `email`,
    `name`, `tz`) or a UserInput. `at` records the event as of a past instant through the
    same rules (for seeding and backfills); the public API never sets it.
    """
    user = UserInput.parse(user)
    value = check_value(value)
    idempotency_key = check_idempotency_key(idempotency_key)
    occurred_at = at or now_utc()
    if occurred_at.tzinfo is None:
        raise ValueError("record_event(at=...) needs an aware datetime")

    with user_transaction() as session:
        metric = active_metric(session, metric_key)
        xp_user = lock_user(session, user)

        if idempotency_key is not None:
            earlier = session.scalar(
                select(MetricEvent).where(
                    MetricEvent.user_id == xp_user.id,
                    MetricEvent.metric_id == metric.id,
                    MetricEvent.idempotency_key == idempotency_key,
                )
            )
            if earlier is not None:
                response = _replay_response(session, xp_user, metric, earlier, idempotency_key)
                session.commit()  # keeps any user fields this body updated
                return response

        metric_total = session.get(UserMetricTotal, (xp_user.id, metric.id))
        if metric_total is None:
            metric_total = UserMetricTotal(user_id=xp_user.id, metric_id=metric.id, total=0.0)
            session.add(metric_total)
        previous_total = metric_total.total
        metric_total.total = round(previous_total + value, VALUE_DECIMALS)

        tz = xp_user.tz or "UTC"
        event = MetricEvent(
            user_id=xp_user.id,
            metric=metric,
            value=value,
            occurred_at=occurred_at,
            tz=tz,
            local_date=occurred_at.astimezone(ZoneInfo(tz)).date(),
            idempotency_key=idempotency_key,
        )
        session.add(event)
        session.flush()

        awards, system_totals = _apply_metric_triggers(
            session, xp_user, metric, event, previous_total, metric_total.total
        )
        session.flush()
        response = payloads.event_response(
            event, metric_total.total, awards, system_totals, idempotency_key, replayed=False
        )
        session.commit()
    return response


def _apply_metric_triggers(
    session: Session,
    xp_user: XpUser,
    metric: Metric,
    event: MetricEvent,
    previous_total: float,
    new_total: float,
) -> tuple[list[PointsAward], dict[int, int]]:
    """Pay every active metric trigger on this metric for the multiples newly reached."""
    triggers = session.scalars(
        select(PointsTrigger)
        .join(PointsTrigger.system)
        .where(
            PointsTrigger.metric_id == metric.id,
            PointsTrigger.type == "metric",
            PointsTrigger.status == "active",
            PointsSystem.status == "active",
        )
        .order_by(PointsTrigger.system_id, PointsTrigger.metric_threshold, PointsTrigger.id)
    ).all()

    awards: list[PointsAward] = []
    system_totals: dict[int, UserPointsTotal] = {}
    for trigger in triggers:
        threshold = trigger.metric_threshold
        progress = session.get(UserTriggerProgress, (xp_user.id, trigger.id))
        # A trigger this user has never met, or one switched back on since, pays only for
        # what happens from now on: not for multiples passed before it existed or while it
        # was off. The mark never moves down, so nothing already paid is paid again.
        reached = max(0, math.floor(previous_total / threshold) * threshold)
        if progress is None:
            progress = UserTriggerProgress(
                user_id=xp_user.id,
                trigger_id=trigger.id,
                paid_through=reached,
                activation=trigger.activation,
            )
            session.add(progress)
        elif progress.activation != trigger.activation:
            progress.paid_through = max(progress.paid_through, reached)
            progress.activation = trigger.activation
        crossings = math.floor(new_total / threshold) - math.floor(
            progress.paid_through / threshold
        )
        if crossings <= 0:
            continue
        progress.paid_through = math.floor(new_total / threshold) * threshold

        system = trigger.system
        points_total = system_totals.get(system.id)
        if points_total is None:
            points_total = session.get(UserPointsTotal, (xp_user.id, system.id))
            if points_total is None:
                points_total = UserPointsTotal(user_id=xp_user.id, system_id=system.id, total=0)
                session.add(points_total)
            system_totals[system.id] = points_total

        points = clamp_points(trigger.points * crossings, points_total.total, system.max_points)
        if points == 0:
            continue
        points_total.total += points
        award = PointsAward(
            user_id=xp_user.id,
            system=system,
            trigger=trigger,
            event=event,
            awarded=points,
            total=points_total.total,
            occurred_at=event.occurred_at,
            local_date=event.local_date,
        )
        session.add(award)
        awards.append(award)
    return awards, {system_id: row.total for system_id, row in system_totals.items()}


def clamp_points(points: int, current_total: int, max_points: int | None) -> int:
    """Points actually given: a gain never lifts the total above max_points."""
    if points > 0 and max_points is not None:
        return max(0, min(points, max_points - current_total))
    return points


def _replay_response(
    session: Session, xp_user: XpUser, metric: Metric, event: MetricEvent, idempotency_key: str
) -> dict:
    """The answer to a repeated Idempotency-Key: the original event and its awards, today's
    totals, and nothing new written (a client whose first answer was lost still learns what
    that event earned)."""
    metric_total = session.get(UserMetricTotal, (xp_user.id, metric.id))
    system_ids = {a.system_id for a in event.awards}
    system_totals = {
        row.system_id: row.total
        for row in session.scalars(
            select(UserPointsTotal).where(
                UserPointsTotal.user_id == xp_user.id, UserPointsTotal.system_id.in_(system_ids)
            )
        )
    }
    return payloads.event_response(
        event, metric_total.total, event.awards, system_totals, idempotency_key, replayed=True
    )
