"""Deleting what never paid: metrics, points systems, triggers, achievements, leaderboards and
boosts that nothing was ever recorded against (QA runs and mistakes leave them behind).

Anything that did pay or record stays: archiving is then the only way to retire it, because
its awards, completions and entries are history that learners and webhooks have seen.
delete_unused() refuses with Unprocessable, in words the dashboard shows.
"""

from dataclasses import dataclass

from sqlalchemy import delete, exists, select

from app.extensions import db
from app.xp.errors import Unprocessable
from app.xp.models.achievements import Achievement, AchievementPrerequisite, UserAchievement
from app.xp.models.boosts import AwardBoost, PointsBoost
from app.xp.models.leaderboards import Leaderboard, LeaderboardEntry, LeaderboardSnapshot
from app.xp.models.metrics import Metric, MetricEvent
from app.xp.models.points import (
    PointsAward,
    PointsLevel,
    PointsSystem,
    PointsTrigger,
    UserTriggerProgress,
)


@dataclass(frozen=True)
class Kind:
    model: type
    noun: str
    # What recorded against it: (a column pointing to it, why that forbids deleting).
    used_by: tuple[tuple, ...]
    # Configuration still pointing to it: (column, what to remove or archive first).
    needed_by: tuple[tuple, ...] = ()
    # Rows that go with it: (model, column pointing to it).
    goes_with: tuple[tuple, ...] = ()


KINDS = {
    "metric": Kind(
        Metric,
        "metric",
        ((MetricEvent.metric_id, "it has events"),),
        (
            (PointsTrigger.metric_id, "a points trigger counts it"),
            (Achievement.metric_id, "an achievement counts it"),
            (Leaderboard.metric_id, "a leaderboard ranks it"),
        ),
    ),
    "system": Kind(
        PointsSystem,
        "points system",
        ((PointsAward.system_id, "it has awarded points"),),
        ((Leaderboard.points_system_id, "a leaderboard ranks it"),),
        ((PointsTrigger, PointsTrigger.system_id), (PointsLevel, PointsLevel.system_id)),
    ),
    "trigger": Kind(
        PointsTrigger,
        "trigger",
        ((PointsAward.trigger_id, "it has paid points"),),
        goes_with=((UserTriggerProgress, UserTriggerProgress.trigger_id),),
    ),
    "achievement": Kind(
        Achievement,
        "achievement",
        ((UserAchievement.achievement_id, "learners have completed it"),),
        (
            (PointsTrigger.achievement_id, "a points trigger pays for it"),
            (AchievementPrerequisite.prerequisite_id, "another achievement requires it"),
        ),
        ((AchievementPrerequisite, AchievementPrerequisite.achievement_id),),
    ),
    "leaderboard": Kind(
        Leaderboard,
        "leaderboard",
        (
            (LeaderboardEntry.leaderboard_id, "it has entries"),
            (LeaderboardSnapshot.leaderboard_id, "it has finished runs"),
        ),
    ),
    "boost": Kind(PointsBoost, "boost", ((AwardBoost.boost_id, "it has multiplied awards"),)),
}


def why_kept(kind: str, obj) -> str | None:
    """Why `obj` cannot be deleted (it paid or recorded something, or is still needed), or
    None when it can."""
    spec = KINDS[kind]
    for column, reason in spec.used_by + spec.needed_by:
        if db.session.scalar(select(exists().where(column == obj.id))):
            return reason
    # A system's triggers and levels go with it (none paid: every award names its system);
    # its boosts are the operator's to delete first.
    if kind == "system" and db.session.scalar(
        select(exists().where(PointsBoost.system_id == obj.id))
    ):
        return "a boost multiplies it"
    return None


def delete_unused(kind: str, obj) -> None:
    """Delete `obj` and the rows that go with it, or raise Unprocessable saying why not."""
    spec = KINDS[kind]
    reason = why_kept(kind, obj)
    if reason is not None:
        raise Unprocessable(
            f"This {spec.noun} cannot be deleted because {reason}; archive it instead."
        )
    if kind == "system":
        triggers = select(PointsTrigger.id).where(PointsTrigger.system_id == obj.id)
        db.session.execute(
            delete(UserTriggerProgress).where(UserTriggerProgress.trigger_id.in_(triggers))
        )
    for model, column in spec.goes_with:
        db.session.execute(delete(model).where(column == obj.id))
    db.session.delete(obj)
    db.session.commit()
