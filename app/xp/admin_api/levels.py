"""/admin/v1/points/{systemId}/levels: Trophy's admin points levels endpoints (list, create,
update, delete, get).

A level's id is its UUID (PointsLevel.uuid), the id the application API already gives it; the
system is an active points system's UUID (404 `Points system not found by ID` otherwise, also
for an archived one). Every change goes through the dashboard's functions (save_level and
delete_level in admin/points.py), item by item, as for metrics. What differs from Trophy:

- Keys follow the dashboard's rule (lower-case letters, digits and single hyphens, unique in
  the system), and never change here: Trophy's update takes no key.
- A badge URL is https:// only, as on the dashboard's level form.
- Two levels of a system cannot start at the same points: a total falls in exactly one level.
- Levels are listed by their points (lowest first), as the application API lists them.
- Deleting really deletes the level (nothing refers to it: users' levels follow their totals).
"""

from functools import partial

from flask import jsonify
from sqlalchemy import select

from app.extensions import db
from app.xp.admin.fields import FieldErrors
from app.xp.admin.points import delete_level, save_level
from app.xp.admin_api import bulk
from app.xp.admin_api.blueprint import bp
from app.xp.admin_api.points import (
    badge_json,
    badge_problem,
    badge_url,
    system_or_404,
    text_problem,
)
from app.xp.models.points import PointsLevel, PointsSystem

NOT_FOUND = "Points level not found by ID"
POINTS = "Points not a whole number"
FIELD_NAMES = {"badge_url": "badge.url"}
URL = "/points/<system_uuid>/levels"


def level_json(level: PointsLevel) -> dict:
    """Trophy's AdminPointsLevel."""
    return {
        "id": level.uuid,
        "name": level.name,
        "key": level.key,
        "points": level.points,
        "description": level.description or "",
        "badge": badge_json(level.badge_url),
    }


def level_of(system: PointsSystem, raw) -> PointsLevel | None:
    level_uuid = bulk.uuid_of(raw)
    if level_uuid is None:
        return None
    return db.session.scalar(
        select(PointsLevel).where(
            PointsLevel.uuid == level_uuid, PointsLevel.system_id == system.id
        )
    )


@bp.get(URL)
def list_points_levels(system_uuid: str):
    """The system's levels by their points, `limit` of them after the first `skip`."""
    system = system_or_404(system_uuid)
    limit, skip = bulk.page_args()
    levels = db.session.scalars(
        select(PointsLevel)
        .where(PointsLevel.system_id == system.id)
        .order_by(PointsLevel.points, PointsLevel.id)
        .offset(skip)
        .limit(limit)
    ).all()
    return jsonify([level_json(level) for level in levels])


@bp.get(f"{URL}/<level_uuid>")
def get_points_level(system_uuid: str, level_uuid: str):
    system = system_or_404(system_uuid)
    return jsonify(level_json(bulk.one(level_uuid, partial(level_of, system), NOT_FOUND)))


@bp.post(URL)
def create_points_levels(system_uuid: str):
    """Create each level of the array: 201 when at least one was created, else 200."""
    system = system_or_404(system_uuid)
    created, issues = [], []
    for index, item in enumerate(bulk.items_body("levels")):
        problem = create_problem(item)
        if problem is None:
            try:
                level = save_level(
                    system,
                    None,
                    item["key"],
                    item["name"],
                    item["points"],
                    item.get("description"),
                    badge_url(item, None),
                )
            except FieldErrors as error:
                problem = bulk.field_messages(error, FIELD_NAMES)
            else:
                created.append(level_json(level))
        if problem is not None:
            issues.append(bulk.error(problem, index=index))
    return jsonify(created=created, issues=issues), 201 if created else 200


def create_problem(item) -> str | None:
    """What is wrong with a create item's types (the admin function checks the values)."""
    if not isinstance(item, dict):
        return "A level must be a JSON object"
    return (
        text_problem(item, "name", True)
        or text_problem(item, "key", True)
        or common_problem(item, True)
    )


def common_problem(item: dict, points_required: bool) -> str | None:
    if (points_required or "points" in item) and type(item.get("points")) is not int:
        return POINTS
    return text_problem(item, "description", False) or badge_problem(item)


@bp.patch(URL)
def update_points_levels(system_uuid: str):
    """Change the name, points, description or badge of each level of the array."""
    system = system_or_404(system_uuid)
    updated, issues = [], []
    for index, item in enumerate(bulk.items_body("level updates")):
        level, issue = bulk.item_to_update(
            index, item, "A level update", partial(level_of, system), NOT_FOUND
        )
        if level is not None:
            problem = update_problem(item, level)
            if problem is None:
                try:
                    save_level(
                        system,
                        level,
                        level.key,
                        item.get("name", level.name),
                        item.get("points", level.points),
                        item.get("description", level.description),
                        badge_url(item, level.badge_url),
                    )
                except FieldErrors as error:
                    problem = bulk.field_messages(error, FIELD_NAMES)
                else:
                    updated.append(level_json(level))
            if problem is not None:
                issue = bulk.error(problem, id=item["id"])
        if issue is not None:
            issues.append(issue)
    return jsonify(updated=updated, issues=issues)


def update_problem(item: dict, level: PointsLevel) -> str | None:
    if "key" in item and item["key"] != level.key:
        return "key cannot be changed through this endpoint"
    return text_problem(item, "name", False) or common_problem(item, False)


@bp.delete(URL)
def delete_points_levels(system_uuid: str):
    """Delete each of the system's levels named in `ids`."""
    system = system_or_404(system_uuid)
    deleted, issues = [], []
    for raw in bulk.ids_arg("levels"):
        level, issue = bulk.named(raw, partial(level_of, system), NOT_FOUND)
        if issue is not None:
            issues.append(issue)
        else:
            deleted.append({"id": level.uuid})
            delete_level(level)
    return jsonify(deleted=deleted, issues=issues)
