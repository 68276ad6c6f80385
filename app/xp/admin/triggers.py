"""What operators change about triggers: add one, change its rule, set its status.

Like the other admin modules, each function validates, writes and commits, or raises
FieldErrors. A trigger is never edited in place once it has paid: awards keep pointing at
the rules they were paid under.
"""

from sqlalchemy import exists, select

from app import clock
from app.extensions import db
from app.xp.admin import fields
from app.xp.admin.fields import MAX_THRESHOLD, FieldErrors
from app.xp.models.achievements import Achievement
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsAward, PointsSystem, PointsTrigger

MAX_TRIGGER_POINTS = 1_000_000
TRIGGER_TYPES = ("metric", "streak", "achievement", "time", "user_creation")
TIME_UNITS = ("hour", "day")
# A trigger's rule: the columns of its own type are set, every other one is NULL.
RULE_COLUMNS = (
    "metric_id",
    "metric_threshold",
    "streak_length_threshold",
    "achievement_id",
    "time_unit",
    "time_interval",
)
STATUSES = ("active", "inactive", "archived")


def _trigger_rule(errors: dict, type_: str, points, rule: dict, current=None) -> dict:
    """A trigger's columns from a form: points and its type's fields, None for the others."""
    if type_ not in TRIGGER_TYPES:
        errors["type"] = "Choose a trigger type."
    values = dict.fromkeys(RULE_COLUMNS)
    values["points"] = points = fields.whole_number(
        errors,
        "points",
        points,
        -MAX_TRIGGER_POINTS,
        MAX_TRIGGER_POINTS,
        f"Points are a whole number from -{MAX_TRIGGER_POINTS:,} to {MAX_TRIGGER_POINTS:,}.",
    )
    if points == 0:
        errors["points"] = "Points cannot be zero: use a positive award or a negative deduction."
    if type_ == "metric":
        values["metric_id"] = fields.active_choice(
            errors, "metric_id", Metric, rule.get("metric_id"), current, "Choose an active metric."
        )
        values["metric_threshold"] = fields.whole_number(
            errors,
            "metric_threshold",
            rule.get("metric_threshold"),
            1,
            MAX_THRESHOLD,
            "The threshold is a whole number of at least 1.",
        )
    elif type_ == "streak":
        values["streak_length_threshold"] = fields.whole_number(
            errors,
            "streak_length_threshold",
            rule.get("streak_length_threshold"),
            1,
            MAX_THRESHOLD,
            "The streak length is a whole number of at least 1.",
        )
    elif type_ == "achievement":
        values["achievement_id"] = fields.active_choice(
            errors,
            "achievement_id",
            Achievement,
            rule.get("achievement_id"),
            current,
            "Choose an active achievement.",
        )
    elif type_ == "time":
        values["time_unit"] = rule.get("time_unit")
        if values["time_unit"] not in TIME_UNITS:
            errors["time_unit"] = "Choose hours or days."
        values["time_interval"] = fields.whole_number(
            errors,
            "time_interval",
            rule.get("time_interval"),
            1,
            MAX_THRESHOLD,
            "The interval is a whole number of at least 1.",
        )
    return values


def add_trigger(
    system: PointsSystem,
    type_: str,
    points,
    metric_id=None,
    threshold=None,
    status: str = "active",
    **rule,
) -> PointsTrigger:
    """Add a trigger to a points system, active (the dashboard's) or inactive (the admin API's
    default, as Trophy's), in one commit: an inactive one never pays before it is switched on.

    `rule` holds the other types' fields: streak_length_threshold, achievement_id, time_unit
    and time_interval. Only the fields of `type_` are read.
    """
    errors: dict[str, str] = {}
    if status not in ("active", "inactive"):
        errors["status"] = "A new trigger is active or inactive."
    rule.update(metric_id=metric_id, metric_threshold=threshold)
    values = _trigger_rule(errors, type_, points, rule)
    fields.check(errors)
    trigger = PointsTrigger(system_id=system.id, type=type_, status=status, **values)
    db.session.add(trigger)
    db.session.commit()
    return trigger


def trigger_has_awards(trigger: PointsTrigger) -> bool:
    return db.session.scalar(select(exists().where(PointsAward.trigger_id == trigger.id)))


def change_trigger(
    trigger: PointsTrigger, points, metric_id=None, threshold=None, **rule
) -> PointsTrigger:
    """Change a trigger's rule (its type stays). One that has paid is archived and replaced.

    Awards point at the trigger that paid them, so editing that row would change what past
    awards say they were for. The replacement starts paying from the learner's current
    total, never for multiples passed before.
    """
    errors: dict[str, str] = {}
    rule.update(metric_id=metric_id, metric_threshold=threshold)
    values = _trigger_rule(errors, trigger.type, points, rule, current=trigger)
    fields.check(errors)
    if all(getattr(trigger, column) == value for column, value in values.items()):
        return trigger
    if not trigger_has_awards(trigger):
        for column, value in values.items():
            setattr(trigger, column, value)
        trigger.updated = clock.now()
        db.session.commit()
        return trigger
    replacement = PointsTrigger(
        system_id=trigger.system_id, type=trigger.type, status=trigger.status, **values
    )
    trigger.status = "archived"
    trigger.updated = clock.now()
    db.session.add(replacement)
    db.session.commit()
    return replacement


def set_trigger_status(trigger: PointsTrigger, status: str) -> None:
    """Activate, deactivate or archive a trigger. Archived triggers stay archived."""
    if status not in STATUSES:
        raise FieldErrors({"status": "A trigger is active, inactive or archived."})
    if trigger.status == "archived" and status != "archived":
        raise FieldErrors({"status": "An archived trigger cannot be reactivated: add a new one."})
    if status == "active" and trigger.status != "active":
        trigger.activation += 1
    trigger.status = status
    trigger.updated = clock.now()
    db.session.commit()
