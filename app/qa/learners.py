"""A test learner with a given XP total, streak and badges, made of real, back-dated events.

The events are what studying would have recorded: one flip a day for the streak, and the
flips and graded reviews whose triggers pay the rest of the XP, all through the XP engine,
so every page shows real awards. Their idempotency keys are fixed, and a learner who already
has history is only checked, never changed: running the same command twice changes nothing.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import or_, select

from app import clock
from app.accounts.models import Account
from app.extensions import db
from app.xp.client import xp_client
from app.xp.engine.events import record_event
from app.xp.errors import NotFound
from app.xp.models.achievements import Achievement
from app.xp.models.boosts import PointsBoost
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsSystem, PointsTrigger

# How far past the requested XP the plan looks for flips and reviews that pay exactly it.
SEARCH_LIMIT = 100_000


class QaRefused(Exception):
    """What `flask qa learner` cannot do, in words for the person who ran it."""


@dataclass
class Wanted:
    xp: int | None
    streak: int
    badges: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Plan:
    flips: int
    reviews: int
    streak: int
    api_badges: tuple[str, ...]
    xp: int  # what the planned events pay


def _rules(system: PointsSystem, kind: str, metric: Metric | None = None) -> list[tuple]:
    query = select(PointsTrigger).where(
        PointsTrigger.system_id == system.id,
        PointsTrigger.status == "active",
        PointsTrigger.type == kind,
    )
    if metric is not None:
        query = query.where(PointsTrigger.metric_id == metric.id)
    threshold = "metric_threshold" if kind == "metric" else "streak_length_threshold"
    return [(t.points, getattr(t, threshold)) for t in db.session.scalars(query)]


def pays(rules: list[tuple], count: int) -> int:
    """The points "every N" triggers pay for `count` (flips, reviews or streak days)."""
    return sum(points * (count // every) for points, every in rules)


def plan(wanted: Wanted) -> Plan:
    """The fewest flips and reviews whose awards, with the streak's, come to the XP asked for."""
    config = current_app.config
    system = db.session.scalar(
        select(PointsSystem).where(PointsSystem.key == config["STUDY_POINTS_SYSTEM"])
    )
    flip_metric = db.session.scalar(select(Metric).where(Metric.key == config["STUDY_METRIC"]))
    review_metric = db.session.scalar(select(Metric).where(Metric.key == config["REVIEW_METRIC"]))
    if system is None or flip_metric is None or review_metric is None:
        raise QaRefused("The XP setup is missing: run `python seed.py` first.")
    flips, reviews, api_badges = _badge_needs(wanted, flip_metric, review_metric)
    flips = max(flips, wanted.streak)
    flip_rules = _rules(system, "metric", flip_metric)
    review_rules = _rules(system, "metric", review_metric)
    streak_xp = pays(_rules(system, "streak"), wanted.streak)
    least = pays(flip_rules, flips) + pays(review_rules, reviews) + streak_xp
    if wanted.xp is None:
        return Plan(flips, reviews, wanted.streak, api_badges, least)
    found = _exact(wanted.xp - streak_xp, flips, reviews, flip_rules, review_rules)
    if found is None:
        near = _nearest(wanted.xp - streak_xp, flips, reviews, flip_rules, review_rules)
        near_words = " or ".join(str(total + streak_xp) for total in near)
        raise QaRefused(
            f"No flips and reviews pay exactly {wanted.xp} XP with this streak and these badges "
            f"(the triggers pay in steps); the nearest totals are {near_words}."
        )
    return Plan(found[0], found[1], wanted.streak, api_badges, wanted.xp)


def _badge_needs(wanted: Wanted, flip_metric: Metric, review_metric: Metric):
    """The flips and reviews the asked-for badges need, and those completed through the API."""
    achievements = {a.key: a for a in db.session.scalars(select(Achievement))}
    active = sorted(key for key, a in achievements.items() if a.status == "active")
    flips = reviews = 0
    api_badges = []
    for key in wanted.badges:
        achievement = achievements.get(key)
        if achievement is None or achievement.status != "active":
            raise QaRefused(f"Unknown badge {key!r}; the badges are: {', '.join(active)}.")
        if achievement.trigger == "metric" and achievement.metric_id == flip_metric.id:
            flips = max(flips, int(achievement.metric_value))
        elif achievement.trigger == "metric" and achievement.metric_id == review_metric.id:
            reviews = max(reviews, int(achievement.metric_value))
        elif achievement.trigger == "streak":
            if wanted.streak < achievement.streak_length:
                raise QaRefused(
                    f"The badge {key!r} needs a {achievement.streak_length}-day streak: "
                    f"add --streak {achievement.streak_length} or more."
                )
        elif achievement.trigger == "api":
            api_badges.append(key)
        else:
            raise QaRefused(
                f"The badge {key!r} is earned by its {achievement.trigger} trigger, which "
                "qa learner does not drive; it makes flips, reviews, streaks and API badges."
            )
    return flips, reviews, tuple(api_badges)


def _exact(target, flips, reviews, flip_rules, review_rules) -> tuple[int, int] | None:
    """The (flips, reviews) at or above the minimums paying exactly `target`, fewest events."""
    best = None
    f = flips
    while pays(flip_rules, f) + pays(review_rules, reviews) <= target and f < SEARCH_LIMIT:
        rest = target - pays(flip_rules, f)
        r = _least_reviews(rest, reviews, review_rules)
        if r is not None and (best is None or f + r < sum(best)):
            best = (f, r)
        f += 1
    return best


def _least_reviews(rest: int, reviews: int, review_rules) -> int | None:
    """The fewest reviews, at least `reviews`, paying exactly `rest` (binary search)."""
    low, high = reviews, reviews
    while pays(review_rules, high) < rest and high < SEARCH_LIMIT:
        high = high * 2 + 1
    while low < high:
        middle = (low + high) // 2
        if pays(review_rules, middle) < rest:
            low = middle + 1
        else:
            high = middle
    return low if pays(review_rules, low) == rest else None


def _nearest(target, flips, reviews, flip_rules, review_rules) -> list[int]:
    """The reachable totals just below and just above `target`."""
    below, above = None, None
    f = flips
    while f < SEARCH_LIMIT:
        base = pays(flip_rules, f)
        if base + pays(review_rules, reviews) > target:
            above = base + pays(review_rules, reviews) if above is None else above
            break
        r = reviews
        while (total := base + pays(review_rules, r)) <= target and r < SEARCH_LIMIT:
            below = total if below is None else max(below, total)
            r += 1
        above = total if above is None else min(above, total)
        f += 1
    return [total for total in (below, above) if total is not None]


def make_learner(email: str, password: str, wanted: Wanted) -> tuple[Account, list[str]]:
    """Create or update the account and give it the history asked for; what was done."""
    account = db.session.scalar(select(Account).where(Account.email == email))
    done = []
    if account is None:
        name = email.split("@")[0]
        account = Account(email=email, display_name=name, tz="UTC", is_operator=False)
        account.set_password(password)
        db.session.add(account)
        db.session.commit()
        done.append(f"Created the learner {email}")
    elif not account.check_password(password):
        account.set_password(password)
        db.session.commit()
        done.append(f"Changed the password of {email}")
    state = learner_state(account)
    if state != (0, 0, set()):
        _check_existing(email, state, wanted)
        done.append(f"{email} already has this XP, streak and these badges")
        return account, done
    chosen = plan(wanted)
    _refuse_boosts(account, chosen)
    _record(account, chosen)
    xp, streak, badges = learner_state(account)
    if (wanted.xp is not None and xp != wanted.xp) or streak != wanted.streak:
        raise QaRefused(
            f"Recorded the events, but {email} has {xp} XP and a {streak}-day streak, not "
            f"{wanted.xp} and {wanted.streak}: a trigger other than the flip, review and "
            "streak triggers paid too. Run `flask qa reset` and use the demo setup."
        )
    done.append(
        f"Recorded {chosen.flips} flips and {chosen.reviews} reviews: {xp} XP, "
        f"a {streak}-day streak, badges: {', '.join(sorted(badges)) or 'none'}"
    )
    return account, done


def learner_state(account: Account) -> tuple[int, int, set[str]]:
    """The learner's XP total, current streak and completed badges, as the pages read them."""
    client = xp_client()
    user_id = account.xp_user_id
    try:
        xp = client.user_points(user_id, current_app.config["STUDY_POINTS_SYSTEM"])["total"]
        streak = client.user_streak(user_id)["length"]
        badges = {a["key"] for a in client.user_achievements(user_id)}
    except NotFound:
        return 0, 0, set()
    return xp, streak, badges


def _check_existing(email: str, state: tuple, wanted: Wanted) -> None:
    xp, streak, badges = state
    missing = sorted(set(wanted.badges) - badges)
    if (wanted.xp is not None and xp != wanted.xp) or streak != wanted.streak or missing:
        raise QaRefused(
            f"{email} already has {xp} XP, a {streak}-day streak and the badges "
            f"{', '.join(sorted(badges)) or 'none'}; XP history cannot be undone. Use another "
            "email, or `flask qa reset` first."
        )


def _days(chosen: Plan, today: date) -> list[date]:
    """The local days with flips: the streak's, ending today; without a streak, one day long
    enough ago that it is over."""
    if chosen.streak == 0:
        return [today - timedelta(days=2)]
    return [today - timedelta(days=back) for back in range(chosen.streak - 1, -1, -1)]


def _refuse_boosts(account: Account, chosen: Plan) -> None:
    """A boost on the events' days would multiply their awards: the total would not be exact."""
    today = clock.today_in(account.tz or "UTC")
    first = _days(chosen, today)[0]
    boost = db.session.scalar(
        select(PointsBoost).where(
            PointsBoost.archived.is_(False),
            PointsBoost.start_date <= today,
            or_(PointsBoost.end_date.is_(None), PointsBoost.end_date >= first),
        )
    )
    if boost is not None:
        raise QaRefused(
            f"The boost {boost.name!r} ({boost.start_date} to {boost.end_date or 'open'}) "
            "would multiply the awards: seed with `python seed.py --no-boosts` (the QA "
            "profile) or archive the boost in the dashboard."
        )


def _record(account: Account, chosen: Plan) -> None:
    """The planned events, oldest first, through the engine (back-dated) and the client."""
    config = current_app.config
    zone = ZoneInfo(account.tz or "UTC")
    now = clock.now()
    user = account.xp_user()
    days = _days(chosen, clock.today_in(account.tz or "UTC"))
    # The flips the streak does not need, and the reviews, all go on the first day.
    on_day = [1] * len(days)
    on_day[0] += chosen.flips - min(chosen.flips, len(days)) if chosen.flips else -1
    flip = review = 0
    for day, count in zip(days, on_day, strict=True):
        at = min(datetime.combine(day, time(12), zone), now)
        for _ in range(count):
            flip += 1
            record_event(config["STUDY_METRIC"], user, 1, idempotency_key=f"qa-flip-{flip}", at=at)
        if day == days[0]:
            for _ in range(chosen.reviews):
                review += 1
                key = f"qa-review-{review}"
                record_event(config["REVIEW_METRIC"], user, 1, idempotency_key=key, at=at)
    for key in chosen.api_badges:
        xp_client().complete_achievement(key, user)
