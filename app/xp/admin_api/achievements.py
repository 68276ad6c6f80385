"""/admin/v1/achievements: Trophy's admin achievements endpoints (list, create, update,
delete, get) as its SDK 1.27 defines them (trophy.admin.achievements; the 1.21.1 spec has no
achievements).

An achievement's id is its UUID (Achievement.uuid). Every change goes through the dashboard's
functions (admin/achievements.py), item by item, so the rules are the dashboard's: a key for
every achievement, key and type fixed once anyone completed it, prerequisites active and
without loops, badge URLs http(s) or a path on this site. What differs from Trophy:

- Every achievement has a key (any trigger); answers always carry it.
- No `anniversary` trigger, no user or event attribute filters (only null or [] pass).
- Status: StudyXP achievements are active until deleted, so answers say "active" and a
  request may only send "active" (Trophy's default for a new one is "inactive").
- Deleting archives the achievement (completions stay): archived achievements, from here or
  from the dashboard, are gone from /admin/v1. Only the dashboard restores one.
"""

from flask import jsonify
from sqlalchemy import select

from app.extensions import db
from app.xp.admin.achievements import save_achievement, set_achievement_status
from app.xp.admin.fields import FieldErrors
from app.xp.admin_api import bulk
from app.xp.admin_api.blueprint import bp
from app.xp.admin_api.points import BADGE, badge_json, badge_problem, badge_url
from app.xp.models.achievements import Achievement
from app.xp.models.metrics import Metric

NOT_FOUND = "Achievement not found by ID"
TRIGGERS = ("metric", "streak", "api", "achievement", "anniversary")
TRIGGER = "trigger must be metric, streak, api, achievement or anniversary"
ANNIVERSARY = "trigger 'anniversary' is not supported: StudyXP has no anniversary achievements"
STATUS = "status must be active: StudyXP achievements stay active until deleted (archived)"
KEY = "key is required, as a string: every StudyXP achievement has a key"
# Each trigger's own fields; sent for another trigger they are an issue.
TRIGGER_FIELDS = {
    "metricId": "metric",
    "metricValue": "metric",
    "streakLength": "streak",
    "achievementIds": "achievement",
    "anniversaryYears": "anniversary",
}
ATTRIBUTES = ("userAttributes", "eventAttributes")
# The dashboard's field names, as Trophy's requests call them.
FIELD_NAMES = {
    "badge_url": "badge.url",
    "metric_id": "metricId",
    "metric_value": "metricValue",
    "streak_length": "streakLength",
    "prerequisite_ids": "achievementIds",
}


def achievement_json(achievement: Achievement) -> dict:
    """The SDK's AdminAchievement: the trigger's own fields only for that trigger."""
    answer = {
        "id": achievement.uuid,
        "name": achievement.name,
        "description": achievement.description,
        "trigger": achievement.trigger,
        "status": "active",
        "badge": badge_json(achievement.badge_url),
        "userAttributes": [],
        "key": achievement.key,
    }
    if achievement.trigger == "metric":
        answer["metricId"] = achievement.metric.uuid
        answer["metricValue"] = achievement.metric_value
        answer["eventAttributes"] = []
    elif achievement.trigger == "streak":
        answer["streakLength"] = achievement.streak_length
    elif achievement.trigger == "achievement":
        answer["achievementIds"] = [p.uuid for p in achievement.prerequisites]
    return answer


def active_achievement(raw) -> Achievement | None:
    achievement_uuid = bulk.uuid_of(raw)
    if achievement_uuid is None:
        return None
    return db.session.scalar(
        select(Achievement).where(
            Achievement.uuid == achievement_uuid, Achievement.status == "active"
        )
    )


@bp.get("/achievements")
def list_achievements():
    """The active achievements, oldest first, `limit` of them after the first `skip`."""
    limit, skip = bulk.page_args()
    achievements = db.session.scalars(
        select(Achievement)
        .where(Achievement.status == "active")
        .order_by(Achievement.created, Achievement.id)
        .offset(skip)
        .limit(limit)
    ).all()
    return jsonify([achievement_json(a) for a in achievements])


@bp.get("/achievements/<achievement_uuid>")
def get_achievement(achievement_uuid: str):
    return jsonify(achievement_json(bulk.one(achievement_uuid, active_achievement, NOT_FOUND)))


@bp.post("/achievements")
def create_achievements():
    """Create each achievement of the array: 201 when at least one was created, else 200."""
    created, issues = [], []
    for index, item in enumerate(bulk.items_body("achievements")):
        if not isinstance(item, dict):
            problem = "An achievement must be a JSON object"
        elif not isinstance(item.get("name"), str):
            problem = "Name not a string"
        elif not isinstance(item.get("key"), str):
            problem = KEY
        else:
            problem = item_problem(item, item.get("trigger"))
        if problem is None:
            achievement, problem = save(None, item)
            if achievement is not None:
                created.append(achievement_json(achievement))
        if problem is not None:
            issues.append(bulk.error(problem, index=index))
    return jsonify(created=created, issues=issues), 201 if created else 200


@bp.patch("/achievements")
def update_achievements():
    """Change each achievement of the array: only the fields an item sends change."""
    updated, issues = [], []
    for index, item in enumerate(bulk.items_body("achievement updates")):
        achievement, issue = bulk.item_to_update(
            index, item, "An achievement update", active_achievement, NOT_FOUND
        )
        if achievement is not None:
            problem = None
            if "name" in item and not isinstance(item["name"], str):
                problem = "Name not a string"
            elif "key" in item and not isinstance(item["key"], str):
                problem = KEY
            else:
                problem = item_problem(item, item.get("trigger", achievement.trigger))
            if problem is None:
                achievement, problem = save(achievement, item)
                if achievement is not None:
                    updated.append(achievement_json(achievement))
            if problem is not None:
                issue = bulk.error(problem, id=item["id"])
        if issue is not None:
            issues.append(issue)
    return jsonify(updated=updated, issues=issues)


def item_problem(item: dict, trigger) -> str | None:
    """What StudyXP cannot take in an item whose trigger is (or stays) `trigger`; the
    dashboard's function checks the values themselves."""
    if trigger not in TRIGGERS:
        return TRIGGER
    if trigger == "anniversary":
        return ANNIVERSARY
    if item.get("status") not in (None, "active"):
        return STATUS
    if "description" in item and not isinstance(item["description"], str | None):
        return "Description not a string or null"
    if badge_problem(item):
        return BADGE
    for field in ATTRIBUTES:
        if item.get(field) not in (None, []):
            return f"{field} are not supported: StudyXP achievements have no attribute filters"
    for field, own in TRIGGER_FIELDS.items():
        if item.get(field) is not None and own != trigger:
            return f"{field} is only permitted for {own} achievements"
    value = item.get("metricValue")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        return "metricValue must be a number"
    length = item.get("streakLength")
    if length is not None and (isinstance(length, bool) or not isinstance(length, int)):
        return "streakLength must be a whole number"
    ids = item.get("achievementIds")
    if ids is not None and not (isinstance(ids, list) and all(isinstance(i, str) for i in ids)):
        return "achievementIds must be an array of achievement IDs"
    return None


def save(achievement: Achievement | None, item: dict) -> tuple[Achievement | None, str | None]:
    """Create (achievement=None) or change an achievement through the dashboard's function:
    the saved achievement, or None and the message of what was refused."""
    current = achievement
    prerequisite_ids = [p.id for p in current.prerequisites] if current is not None else []
    if item.get("achievementIds") is not None:
        prerequisite_ids = []
        for raw in item["achievementIds"]:
            found = db.session.scalar(
                select(Achievement.id).where(Achievement.uuid == bulk.uuid_of(raw))
            )
            if found is None:
                return None, f"achievementIds: {NOT_FOUND}: {raw}"
            prerequisite_ids.append(found)
    metric_id = current.metric_id if current is not None else None
    if item.get("metricId") is not None:
        metric_id = db.session.scalar(
            select(Metric.id).where(Metric.uuid == bulk.uuid_of(item["metricId"]))
        )
    try:
        saved = save_achievement(
            current,
            item.get("key", current.key if current is not None else None),
            item.get("name", current.name if current is not None else None),
            item["description"] if "description" in item else getattr(current, "description", None),
            badge_url(item, current.badge_url if current is not None else None),
            item.get("trigger", current.trigger if current is not None else None),
            metric_id,
            _kept(item, "metricValue", current, "metric_value"),
            _kept(item, "streakLength", current, "streak_length"),
            prerequisite_ids,
        )
    except FieldErrors as error:
        return None, bulk.field_messages(error, FIELD_NAMES)
    return saved, None


def _kept(item: dict, field: str, current: Achievement | None, attribute: str):
    """The item's value of `field`, or the achievement's current one when it sends none."""
    if item.get(field) is not None:
        return item[field]
    return getattr(current, attribute) if current is not None else None


@bp.delete("/achievements")
def delete_achievements():
    """Archive each achievement named in `ids` (see the module's docstring)."""
    deleted, issues = [], []
    for raw in bulk.ids_arg("achievements"):
        achievement, issue = bulk.named(raw, active_achievement, NOT_FOUND)
        if issue is not None:
            issues.append(issue)
        else:
            set_achievement_status(achievement, "archived")
            deleted.append({"id": achievement.uuid})
    return jsonify(deleted=deleted, issues=issues)
