"""/admin/v1/points/{systemId}/triggers: Trophy's admin points triggers endpoints (list,
create, update, delete, get).

A trigger's id is its UUID (PointsTrigger.uuid), the id the application API already gives it;
the system is an active points system's UUID (404 `Points system not found by ID` otherwise).
`metricId` and `achievementId` are the UUIDs of a Metric and an Achievement (Metric.uuid,
Achievement.uuid), turned into the foreign keys the dashboard's functions take: an unknown or
archived one is the dashboard's own refusal (`metricId: Choose an active metric.`). Every
change goes through the dashboard's functions (admin/triggers.py), item by item. What differs
from Trophy:

- `timeUnit` is Trophy's `hours`/`days`, stored as StudyXP's `hour`/`day`.
- A trigger is created with the status asked for (Trophy's default `inactive`), in one commit.
  Switched on later, it pays only for what happens after (the dashboard's rule).
- StudyXP has no user or event attribute filters and never blocks an event for lack of
  points: `userAttributes` and `eventAttributes` are accepted empty or null, `blockIfOutOfPoints`
  false or null; anything else is an issue. Answers always say `[]` and `false`.
- A rule field of another type (e.g. `streakLength` on a metric trigger) is an issue, and the
  type never changes (Trophy lets an inactive trigger change type): add a new trigger instead.
- An update of a trigger that has paid archives it with its awards and answers its replacement,
  under a NEW id, with a warning issue naming the old id (change_trigger's rule).
- Deleting archives (awards point at their trigger). Archived triggers are gone from here.
"""

from functools import partial

from flask import jsonify
from sqlalchemy import select

from app.extensions import db
from app.xp.admin.fields import FieldErrors
from app.xp.admin.triggers import (
    TRIGGER_TYPES,
    add_trigger,
    change_trigger,
    set_trigger_status,
)
from app.xp.admin_api import bulk
from app.xp.admin_api.blueprint import bp
from app.xp.admin_api.points import system_or_404
from app.xp.models.achievements import Achievement
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsSystem, PointsTrigger

NOT_FOUND = "Points trigger not found by ID"
URL = "/points/<system_uuid>/triggers"
STATUS = "status must be 'active' or 'inactive'"
POINTS = "Points not a whole number"
TYPE_CHANGE = "type cannot be changed: add a new trigger of that type instead"
ONLY_FOR = "{field} is only permitted for {type} triggers"
ATTRIBUTES = "{field} must be empty or null: StudyXP's triggers have no attribute filters"
BLOCK = "blockIfOutOfPoints must be false: StudyXP never blocks events for lack of points"
REPLACED = (
    "The trigger had paid points: it is archived with its awards and replaced by {id}, "
    "which holds the update"
)
# Trophy's rule fields: the type each belongs to, and the dashboard's name for it.
RULE_FIELDS = {
    "metricId": ("metric", "metric_id"),
    "metricThreshold": ("metric", "metric_threshold"),
    "achievementId": ("achievement", "achievement_id"),
    "streakLength": ("streak", "streak_length_threshold"),
    "timeUnit": ("time", "time_unit"),
    "timeInterval": ("time", "time_interval"),
}
WHOLE_FIELDS = ("metricThreshold", "streakLength", "timeInterval")
FIELD_NAMES = {column: field for field, (_, column) in RULE_FIELDS.items()}
TIME_UNITS = {"hours": "hour", "days": "day"}
TROPHY_TIME_UNITS = {value: key for key, value in TIME_UNITS.items()}


def trigger_json(trigger: PointsTrigger) -> dict:
    """Trophy's AdminPointsTrigger: the type's own fields, the others left out."""
    body = {
        "id": trigger.uuid,
        "type": trigger.type,
        "points": trigger.points,
        "status": trigger.status,
        "userAttributes": [],
        "blockIfOutOfPoints": False,
    }
    if trigger.type == "metric":
        body.update(
            metricId=trigger.metric.uuid,
            metricThreshold=trigger.metric_threshold,
            eventAttributes=[],
        )
    elif trigger.type == "achievement":
        body["achievementId"] = trigger.achievement.uuid
    elif trigger.type == "streak":
        body["streakLength"] = trigger.streak_length_threshold
    elif trigger.type == "time":
        body.update(
            timeUnit=TROPHY_TIME_UNITS[trigger.time_unit], timeInterval=trigger.time_interval
        )
    return body


def trigger_of(system: PointsSystem, raw) -> PointsTrigger | None:
    """The system's trigger of this UUID, unless archived."""
    trigger_uuid = bulk.uuid_of(raw)
    if trigger_uuid is None:
        return None
    return db.session.scalar(
        select(PointsTrigger).where(
            PointsTrigger.uuid == trigger_uuid,
            PointsTrigger.system_id == system.id,
            PointsTrigger.status != "archived",
        )
    )


def row_id(model, raw) -> int | None:
    """The integer id of the row of `model` with this UUID; None for none (the admin
    function then refuses it as it refuses a wrong choice on the dashboard)."""
    row_uuid = bulk.uuid_of(raw)
    if row_uuid is None:
        return None
    return db.session.scalar(select(model.id).where(model.uuid == row_uuid))


def rule_args(item: dict, trigger: PointsTrigger | None) -> dict:
    """The admin functions' rule arguments: the item's fields, else the trigger's own."""
    args = {
        column: getattr(trigger, column) if trigger is not None else None
        for _, column in RULE_FIELDS.values()
    }
    for field, (_, column) in RULE_FIELDS.items():
        if field in item:
            args[column] = item[field]
    if "metricId" in item:
        args["metric_id"] = row_id(Metric, item["metricId"])
    if "achievementId" in item:
        args["achievement_id"] = row_id(Achievement, item["achievementId"])
    if "timeUnit" in item:
        raw = item["timeUnit"]
        args["time_unit"] = TIME_UNITS.get(raw) if isinstance(raw, str) else None
    return args


def item_problem(item: dict, type_, points_required: bool) -> str | None:
    """What is wrong with an item's types and the rules StudyXP does not have (the admin
    functions check the values)."""
    if (points_required or "points" in item) and type(item.get("points")) is not int:
        return POINTS
    if "status" in item and item["status"] not in ("active", "inactive"):
        return STATUS
    for field in WHOLE_FIELDS:
        if field in item and type(item[field]) is not int:
            return f"{field} not a whole number"
    for field, (owner, _) in RULE_FIELDS.items():
        if item.get(field) is not None and type_ != owner and type_ in TRIGGER_TYPES:
            return ONLY_FOR.format(field=field, type=owner)
    for field in ("userAttributes", "eventAttributes"):
        if item.get(field) not in (None, []):
            return ATTRIBUTES.format(field=field)
    if item.get("blockIfOutOfPoints") not in (None, False):
        return BLOCK
    return None


@bp.get(URL)
def list_points_triggers(system_uuid: str):
    """The system's triggers that are not archived, oldest first, `limit` after `skip`."""
    system = system_or_404(system_uuid)
    limit, skip = bulk.page_args()
    triggers = db.session.scalars(
        select(PointsTrigger)
        .where(PointsTrigger.system_id == system.id, PointsTrigger.status != "archived")
        .order_by(PointsTrigger.created, PointsTrigger.id)
        .offset(skip)
        .limit(limit)
    ).all()
    return jsonify([trigger_json(trigger) for trigger in triggers])


@bp.get(f"{URL}/<trigger_uuid>")
def get_points_trigger(system_uuid: str, trigger_uuid: str):
    system = system_or_404(system_uuid)
    return jsonify(trigger_json(bulk.one(trigger_uuid, partial(trigger_of, system), NOT_FOUND)))


@bp.post(URL)
def create_points_triggers(system_uuid: str):
    """Create each trigger of the array: 201 when at least one was created, else 200."""
    system = system_or_404(system_uuid)
    created, issues = [], []
    for index, item in enumerate(bulk.items_body("triggers")):
        if not isinstance(item, dict):
            problem = "A trigger must be a JSON object"
        else:
            problem = item_problem(item, item.get("type"), True)
        if problem is None:
            args = rule_args(item, None)
            try:
                trigger = add_trigger(
                    system,
                    item.get("type"),
                    item["points"],
                    args.pop("metric_id"),
                    args.pop("metric_threshold"),
                    status=item.get("status", "inactive"),
                    **args,
                )
            except FieldErrors as error:
                problem = bulk.field_messages(error, FIELD_NAMES)
            else:
                created.append(trigger_json(trigger))
        if problem is not None:
            issues.append(bulk.error(problem, index=index))
    return jsonify(created=created, issues=issues), 201 if created else 200


@bp.patch(URL)
def update_points_triggers(system_uuid: str):
    """Change the points, rule or status of each trigger of the array (see the docstring)."""
    system = system_or_404(system_uuid)
    updated, issues = [], []
    for index, item in enumerate(bulk.items_body("trigger updates")):
        trigger, issue = bulk.item_to_update(
            index, item, "A trigger update", partial(trigger_of, system), NOT_FOUND
        )
        if trigger is not None:
            problem = update_problem(item, trigger)
            if problem is None:
                args = rule_args(item, trigger)
                try:
                    saved = change_trigger(
                        trigger,
                        item.get("points", trigger.points),
                        args.pop("metric_id"),
                        args.pop("metric_threshold"),
                        **args,
                    )
                    if item.get("status", saved.status) != saved.status:
                        set_trigger_status(saved, item["status"])
                except FieldErrors as error:
                    problem = bulk.field_messages(error, FIELD_NAMES)
                else:
                    updated.append(trigger_json(saved))
                    if saved.id != trigger.id:
                        message = REPLACED.format(id=saved.uuid)
                        issues.append(
                            {"id": trigger.uuid, "severity": "warning", "message": message}
                        )
            if problem is not None:
                issue = bulk.error(problem, id=item["id"])
        if issue is not None:
            issues.append(issue)
    return jsonify(updated=updated, issues=issues)


def update_problem(item: dict, trigger: PointsTrigger) -> str | None:
    if "type" in item and item["type"] != trigger.type:
        return TYPE_CHANGE
    return item_problem(item, trigger.type, False)


@bp.delete(URL)
def delete_points_triggers(system_uuid: str):
    """Archive each of the system's triggers named in `ids` (see the module's docstring)."""
    system = system_or_404(system_uuid)
    deleted, issues = [], []
    for raw in bulk.ids_arg("triggers"):
        trigger, issue = bulk.named(raw, partial(trigger_of, system), NOT_FOUND)
        if issue is not None:
            issues.append(issue)
        else:
            set_trigger_status(trigger, "archived")
            deleted.append({"id": trigger.uuid})
    return jsonify(deleted=deleted, issues=issues)
