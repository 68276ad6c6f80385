"""The time-based webhook news `flask xp tick` tells: boosts and leaderboard runs starting and
finishing, and the recap, reactivation and streak reminder emails falling due.

Each piece of news has a key (e.g. "leaderboard.finished:3:2026-01-05:") written as a
WebhookAnnouncement in the transaction that enqueues it, so it is told once however often
tick runs. Types no active endpoint subscribes to are skipped without a write, and news whose
moment is more than STALE_AFTER past is not told: an endpoint added later is not flooded
with history, and tick (run at least hourly) never misses news younger than that.

The rules (docs/webhook-events.md):
- a boost starts when its first day begins somewhere (00:00 at UTC+14) and finishes when its
  last day is over everywhere (12 hours after its UTC end), the instants a leaderboard run
  opens and becomes final (app/xp/leaderboard_rules.py);
- emails fall due on the user's local calendar (the zone in force, dating.zone_of), only
  for users who take emails and chose (or by default have) the email channel for the type:
  recap on Monday from RECAP_HOUR, for the week before; reactivation on the day exactly
  REACTIVATION_DAYS[n] days after the user's last active day; streak reminder from
  STREAK_REMINDER_HOUR on the last day of the streak's period, when the streak is alive and
  not extended in that period.
"""

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.orm import joinedload

from app import clock
from app.extensions import db
from app.xp import leaderboard_rules as rules
from app.xp import streak_rules
from app.xp.engine import dating
from app.xp.engine.leaderboards import boards_query, run_rankings
from app.xp.engine.news import wants_email
from app.xp.engine.outbox import enqueue, listeners
from app.xp.engine.transaction import event_transaction
from app.xp.models.boosts import PointsBoost
from app.xp.models.leaderboards import NO_GROUP, Leaderboard, LeaderboardEntry
from app.xp.models.metrics import MetricEvent
from app.xp.models.streaks import UserStreak
from app.xp.models.users import XpUser
from app.xp.models.webhooks import WebhookAnnouncement
from app.xp.payloads import webhooks as payloads
from app.xp.payloads.users import user as user_payload
from app.xp.queries.streaks import user_streak

STALE_AFTER = timedelta(hours=24)
RECAP_HOUR = 9
REACTIVATION_DAYS = (3, 7, 14, 30)
STREAK_REMINDER_HOUR = 18

_announcements = WebhookAnnouncement.__table__
_entries = LeaderboardEntry.__table__


def announce(now: datetime) -> Counter:
    """Tell every time-based piece of news due at `now` not told before; counts by type."""
    told: Counter = Counter()
    with db.engine.connect() as conn:
        types = set(listeners(conn))
    if types & {"points.boost_started", "points.boost_finished"}:
        _boosts(now, types, told)
    if types & {"leaderboard.started", "leaderboard.finished"}:
        _runs(now, types, told)
    if "emails.recap_due" in types:
        _recaps(now, told)
    if "emails.reactivation_due" in types:
        _reactivations(now, told)
    if "emails.streak_reminder_due" in types:
        _streak_reminders(now, told)
    return told


def _fresh(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and now - STALE_AFTER < moment <= now


def _tell_once(told: Counter, key: str, event_type: str, build: Callable[[Connection], dict]):
    """Enqueue build(conn)'s payload unless `key` was told; both in one transaction."""
    with event_transaction() as conn:
        if conn.scalar(select(_announcements.c.key).where(_announcements.c.key == key)):
            return
        conn.execute(insert(_announcements).values(key=key, at=clock.now()))
        enqueue(conn, event_type, build(conn))
    told[event_type] += 1


def _boosts(now: datetime, types: set[str], told: Counter) -> None:
    near = (now - STALE_AFTER).date() - timedelta(days=2), now.date() + timedelta(days=1)
    boosts = db.session.scalars(
        select(PointsBoost)
        .options(joinedload(PointsBoost.system), joinedload(PointsBoost.user))
        .where(
            PointsBoost.archived.is_(False),
            PointsBoost.start_date.between(*near)
            | PointsBoost.end_date.between(near[0] - timedelta(days=1), near[1]),
        )
        .order_by(PointsBoost.id)
    ).all()
    for b in boosts:
        user_key = b.user.external_id if b.user is not None else None
        moments = {
            "points.boost_started": rules.opens_at(b.start_date),
            "points.boost_finished": rules.final_at(b.end_date),
        }
        for event_type, moment in moments.items():
            if event_type in types and _fresh(moment, now):
                payload = payloads.boost_news(event_type, b, user_key, moment)
                _tell_once(told, f"{event_type}:{b.id}", event_type, lambda _, p=payload: p)


def _runs(now: datetime, types: set[str], told: Counter) -> None:
    boards = db.session.execute(
        boards_query().where(Leaderboard.__table__.c.status == "active")
    ).all()
    days = [now.date() + timedelta(days=k) for k in range(-3, 2)]
    for board in boards:
        schedule = rules.Schedule(
            board.start_date, board.end_date, board.run_unit, board.run_interval
        )
        runs = {run for run in map(schedule.run_of, days) if run is not None}
        for run in sorted(runs, key=lambda r: r.start):
            if "leaderboard.started" in types and _fresh(rules.opens_at(run.start), now):
                _tell_once(
                    told,
                    f"leaderboard.started:{board.id}:{run.start}",
                    "leaderboard.started",
                    lambda conn, b=board, r=run: _run_news(conn, "leaderboard.started", b, r),
                )
            if "leaderboard.finished" in types and _fresh(rules.final_at(run.end), now):
                _finished(told, board, run)


def _finished(told: Counter, board, run: rules.Run) -> None:
    """One leaderboard.finished per breakdown group with entries (one, empty, without any)."""
    with db.engine.connect() as conn:
        groups = conn.scalars(
            select(_entries.c.group_key)
            .distinct()
            .where(_entries.c.leaderboard_id == board.id, _entries.c.run_start == run.start)
        ).all()
    for group in sorted(groups) or [NO_GROUP]:
        _tell_once(
            told,
            f"leaderboard.finished:{board.id}:{run.start}:{group}",
            "leaderboard.finished",
            lambda conn, g=group: _run_news(conn, "leaderboard.finished", board, run, g),
        )


def _run_news(conn, event_type: str, board, run: rules.Run, group: str = NO_GROUP) -> dict:
    status = "finished" if event_type == "leaderboard.finished" else "active"
    rankings = run_rankings(conn, board, run.start, group)
    return payloads.leaderboard_news(
        event_type, payloads.run_with_rankings(board, status, run, rankings)
    )


def _users_wanting(notification_type: str, *where):
    return db.session.scalars(
        select(XpUser).where(wants_email(notification_type), *where).order_by(XpUser.id)
    ).all()


def _local(user: XpUser, now: datetime) -> datetime:
    return now.astimezone(streak_rules.zone(dating.zone_of(user, now)))


def _recaps(now: datetime, told: Counter) -> None:
    for user in _users_wanting("recap"):
        local = _local(user, now)
        if local.weekday() != 0 or local.hour < RECAP_HOUR:
            continue
        start, end = local.date() - timedelta(days=7), local.date() - timedelta(days=1)
        if dating.date_of(user, user.created) > end:
            continue  # no week to recap yet
        payload = payloads.recap_due(user_payload(user), start, end, now)
        key = f"emails.recap_due:{user.id}:{start}"
        _tell_once(told, key, "emails.recap_due", lambda _, p=payload: p)


def _reactivations(now: datetime, told: Counter) -> None:
    last_days: dict[int, date] = dict(
        db.session.execute(
            select(MetricEvent.user_id, func.max(MetricEvent.local_date)).group_by(
                MetricEvent.user_id
            )
        ).all()
    )
    for user in _users_wanting("reactivation", XpUser.id.in_(list(last_days))):
        last = last_days[user.id]
        days = (_local(user, now).date() - last).days
        if days not in REACTIVATION_DAYS:
            continue
        number = REACTIVATION_DAYS.index(days) + 1
        payload = payloads.reactivation_due(user_payload(user), number, days, now)
        _tell_once(
            told,
            f"emails.reactivation_due:{user.id}:{last}:{number}",
            "emails.reactivation_due",
            lambda _, p=payload: p,
        )


def _streak_reminders(now: datetime, told: Counter) -> None:
    active = select(UserStreak.user_id).where(UserStreak.length > 0)
    for user in _users_wanting("streak_reminder", XpUser.id.in_(active)):
        local = _local(user, now)
        if local.hour < STREAK_REMINDER_HOUR:
            continue
        streak = user_streak(user.external_id)
        today = local.date()
        period = streak_rules.period_of(today, streak["frequency"])
        extended = streak["periodEnd"] is not None and streak["periodEnd"] >= today.isoformat()
        if streak["length"] == 0 or extended or period.end != today:
            continue
        payload = payloads.streak_reminder_due(user_payload(user), streak, now)
        _tell_once(
            told,
            f"emails.streak_reminder_due:{user.id}:{today}",
            "emails.streak_reminder_due",
            lambda _, p=payload: p,
        )
