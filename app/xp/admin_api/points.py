"""/admin/v1/points: Trophy's admin points systems endpoints (list, create, update, delete, get).

A points system's id is its UUID (PointsSystem.uuid), the id the application API already gives
it. Every change goes through the dashboard's functions (admin/points.py), item by item: each
item is saved and committed, or refused as an issue naming its index or id, and the others go
on. What differs from Trophy:

- Keys follow the dashboard's rule (lower-case letters, digits and single hyphens), stricter
  than Trophy's (which also takes upper case and underscores), and never change here: Trophy's
  update takes no key (the dashboard can still change the key of a system that never paid).
- A badge is a URL as the dashboard takes it: http(s) or a path on this site ("/static/...").
- Levels, triggers and boosts are not created alongside a system: a create item that sends
  any of them (non-empty) is an issue, and nothing of it is created. Create them with their
  own endpoints (levels: /points/{systemId}/levels, see levels.py).
- Deleting archives the system (its triggers stop paying; its awards, totals and levels stay):
  archived systems, from here or from the dashboard, are gone from /admin/v1, so `status` is
  always "active"; their keys stay taken. Only the dashboard restores one.
"""

from flask import jsonify
from sqlalchemy import select

from app.extensions import db
from app.xp.admin.fields import FieldErrors
from app.xp.admin.points import save_points_system, set_points_system_status
from app.xp.admin_api import bulk
from app.xp.admin_api.blueprint import bp
from app.xp.models.points import PointsSystem

NOT_FOUND = "Points system not found by ID"
NESTED = (
    "{field} cannot be created alongside a points system here: "
    "create the system first, then use its own {field} endpoint"
)
BADGE = "badge must be an object with a string url, or null"
MAX_POINTS = "maxPoints must be a whole number or null"
# The dashboard's field names, as Trophy's requests call them.
FIELD_NAMES = {"badge_url": "badge.url", "max_points": "maxPoints"}


def badge_json(url: str | None) -> dict | None:
    return {"url": url} if url else None


def system_json(system: PointsSystem) -> dict:
    """Trophy's AdminPointsSystem."""
    return {
        "id": system.uuid,
        "name": system.name,
        "key": system.key,
        "description": system.description or "",
        "status": system.status,
        "badge": badge_json(system.badge_url),
        "maxPoints": system.max_points,
    }


def active_system(raw) -> PointsSystem | None:
    system_uuid = bulk.uuid_of(raw)
    if system_uuid is None:
        return None
    return db.session.scalar(
        select(PointsSystem).where(
            PointsSystem.uuid == system_uuid, PointsSystem.status == "active"
        )
    )


def system_or_404(raw: str) -> PointsSystem:
    """The active points system of a path's UUID: 422 for no UUID, 404 for no such system."""
    return bulk.one(raw, active_system, NOT_FOUND)


def badge_problem(item: dict) -> str | None:
    badge = item.get("badge")
    if badge is None or (isinstance(badge, dict) and isinstance(badge.get("url"), str)):
        return None
    return BADGE


def badge_url(item: dict, current: str | None) -> str | None:
    """The badge URL an item sets: `current` when it sends no badge, None for null."""
    if "badge" not in item:
        return current
    return item["badge"]["url"] if item["badge"] is not None else None


def text_problem(item: dict, field: str, required: bool) -> str | None:
    if (required or field in item) and not isinstance(item.get(field), str):
        return f"{field.capitalize()} not a string"
    return None


@bp.get("/points")
def list_points_systems():
    """The active points systems, oldest first, `limit` of them after the first `skip`."""
    limit, skip = bulk.page_args()
    systems = db.session.scalars(
        select(PointsSystem)
        .where(PointsSystem.status == "active")
        .order_by(PointsSystem.created, PointsSystem.id)
        .offset(skip)
        .limit(limit)
    ).all()
    return jsonify([system_json(system) for system in systems])


@bp.get("/points/<system_uuid>")
def get_points_system(system_uuid: str):
    return jsonify(system_json(system_or_404(system_uuid)))


@bp.post("/points")
def create_points_systems():
    """Create each points system of the array: 201 when at least one was created, else 200."""
    created, issues = [], []
    for index, item in enumerate(bulk.items_body("points systems")):
        problem = create_problem(item)
        if problem is None:
            try:
                system = save_points_system(
                    None,
                    item["key"],
                    item["name"],
                    item.get("description"),
                    badge_url(item, None),
                    item.get("maxPoints"),
                )
            except FieldErrors as error:
                problem = bulk.field_messages(error, FIELD_NAMES)
            else:
                created.append(system_json(system))
        if problem is not None:
            issues.append(bulk.error(problem, index=index))
    return jsonify(created=created, issues=issues), 201 if created else 200


def create_problem(item) -> str | None:
    """What is wrong with a create item's types (the admin function checks the values)."""
    if not isinstance(item, dict):
        return "A points system must be a JSON object"
    for field in ("levels", "triggers", "boosts"):
        if item.get(field) not in (None, []):
            return NESTED.format(field=field)
    return (
        text_problem(item, "name", True) or text_problem(item, "key", True) or common_problem(item)
    )


def common_problem(item: dict) -> str | None:
    """What create and update items share: description, badge and maxPoints."""
    max_points = item.get("maxPoints")
    if max_points is not None and (type(max_points) is not int):
        return MAX_POINTS
    return text_problem(item, "description", False) or badge_problem(item)


@bp.patch("/points")
def update_points_systems():
    """Change the name, description, badge or maxPoints of each system of the array."""
    updated, issues = [], []
    for index, item in enumerate(bulk.items_body("points system updates")):
        system, issue = bulk.item_to_update(
            index, item, "A points system update", active_system, NOT_FOUND
        )
        if system is not None:
            problem = update_problem(item, system)
            if problem is None:
                try:
                    save_points_system(
                        system,
                        system.key,
                        item.get("name", system.name),
                        item.get("description", system.description),
                        badge_url(item, system.badge_url),
                        item.get("maxPoints", system.max_points),
                    )
                except FieldErrors as error:
                    problem = bulk.field_messages(error, FIELD_NAMES)
                else:
                    updated.append(system_json(system))
            if problem is not None:
                issue = bulk.error(problem, id=item["id"])
        if issue is not None:
            issues.append(issue)
    return jsonify(updated=updated, issues=issues)


def update_problem(item: dict, system: PointsSystem) -> str | None:
    if "key" in item and item["key"] != system.key:
        return "key cannot be changed through this endpoint"
    return text_problem(item, "name", False) or common_problem(item)


@bp.delete("/points")
def delete_points_systems():
    """Archive each points system named in `ids` (see the module's docstring)."""
    deleted, issues = [], []
    for raw in bulk.ids_arg("points systems"):
        system, issue = bulk.named(raw, active_system, NOT_FOUND)
        if issue is not None:
            issues.append(issue)
        else:
            set_points_system_status(system, "archived")
            deleted.append({"id": system.uuid})
    return jsonify(deleted=deleted, issues=issues)
