"""/admin/v1/points/{systemId}/boosts: Trophy's admin points boosts endpoints (list, create,
update, delete, get).

A boost's id is its UUID (PointsBoost.uuid), the id the application API already gives it; the
system is an active points system's UUID (404 `Points system not found by ID` otherwise). The
answer is the application API's PointsBoost (payloads/points.py `boost`, its status as of
today's UTC date, as the application API's global list has it) plus Trophy's admin fields
`userId` and, for a boost for everyone, `userAttributes` (always empty). Every change goes
through the dashboard's functions (save_boost and archive_boost in admin/boosts.py), item by
item: each item is saved and committed, or refused as an issue naming its index or id, and the
others go on. What differs from Trophy:

- A multiplier is a number above 0 and up to 1,000, as on the dashboard; Trophy takes one
  above 0 and below 100, and not 1.
- A boost is for everyone or for one user (`userId`, the id of a user StudyXP already knows;
  it never changes here). StudyXP has no user-attribute filters: a non-empty
  `userAttributes` is an issue, and nothing of that item is saved.
- Names are at most 200 characters (Trophy: 255).
- Boosts are listed by start date, then in the order they were added.
- Deleting archives the boost: awards made from then on are not multiplied by it, past ones
  keep it. An archived boost, from here or from the dashboard, is gone from /admin/v1 (not
  found), so `status` is never "archived".
"""

from functools import partial

from flask import jsonify
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import clock
from app.extensions import db
from app.xp.admin.boosts import archive_boost, save_boost
from app.xp.admin.fields import FieldErrors
from app.xp.admin_api import bulk
from app.xp.admin_api.blueprint import bp
from app.xp.admin_api.points import system_or_404, text_problem
from app.xp.models.boosts import PointsBoost
from app.xp.models.points import PointsSystem
from app.xp.payloads.points import boost as boost_payload

NOT_FOUND = "Points boost not found by ID"
USER_ATTRIBUTES = (
    "userAttributes cannot be set: StudyXP boosts apply to everyone or to one user (userId)"
)
MULTIPLIER = "multiplier must be a number"
END = "end must be a string or null"
USER_ID = "userId must be a string or null"
ROUNDING = "rounding must be a string"
# The dashboard's field names, as Trophy's requests call them.
FIELD_NAMES = {"start_date": "start", "end_date": "end", "user_id": "userId"}
URL = "/points/<system_uuid>/boosts"


def boost_json(boost: PointsBoost) -> dict:
    """Trophy's AdminPointsBoost: the application API's PointsBoost plus its user."""
    body = boost_payload(boost, clock.today_in("UTC"))
    body["userId"] = boost.user.external_id if boost.user is not None else None
    if boost.user is None:
        body["userAttributes"] = []
    return body


def boost_of(system: PointsSystem, raw) -> PointsBoost | None:
    """The system's boost of a UUID, unless archived."""
    boost_uuid = bulk.uuid_of(raw)
    if boost_uuid is None:
        return None
    return db.session.scalar(
        select(PointsBoost).where(
            PointsBoost.uuid == boost_uuid,
            PointsBoost.system_id == system.id,
            PointsBoost.archived.is_(False),
        )
    )


@bp.get(URL)
def list_points_boosts(system_uuid: str):
    """The system's boosts that are not archived, by start date, `limit` after `skip`."""
    system = system_or_404(system_uuid)
    limit, skip = bulk.page_args()
    boosts = db.session.scalars(
        select(PointsBoost)
        .where(PointsBoost.system_id == system.id, PointsBoost.archived.is_(False))
        .order_by(PointsBoost.start_date, PointsBoost.id)
        .options(selectinload(PointsBoost.user))
        .offset(skip)
        .limit(limit)
    ).all()
    return jsonify([boost_json(boost) for boost in boosts])


@bp.get(f"{URL}/<boost_uuid>")
def get_points_boost(system_uuid: str, boost_uuid: str):
    system = system_or_404(system_uuid)
    return jsonify(boost_json(bulk.one(boost_uuid, partial(boost_of, system), NOT_FOUND)))


@bp.post(URL)
def create_points_boosts(system_uuid: str):
    """Create each boost of the array: 201 when at least one was created, else 200."""
    system = system_or_404(system_uuid)
    created, issues = [], []
    for index, item in enumerate(bulk.items_body("boosts")):
        problem = create_problem(item)
        if problem is None:
            try:
                boost = save_boost(
                    system,
                    item["name"],
                    item["multiplier"],
                    item.get("rounding", "down"),
                    item["start"],
                    item.get("end"),
                    item.get("userId"),
                )
            except FieldErrors as error:
                problem = bulk.field_messages(error, FIELD_NAMES)
            else:
                created.append(boost_json(boost))
        if problem is not None:
            issues.append(bulk.error(problem, index=index))
    return jsonify(created=created, issues=issues), 201 if created else 200


def create_problem(item) -> str | None:
    """What is wrong with a create item's types (save_boost checks the values)."""
    if not isinstance(item, dict):
        return "A boost must be a JSON object"
    if item.get("userId") is not None and not isinstance(item["userId"], str):
        return USER_ID
    return (
        text_problem(item, "name", True)
        or text_problem(item, "start", True)
        or common_problem(item, True)
    )


def common_problem(item: dict, multiplier_required: bool) -> str | None:
    """What create and update items share: userAttributes, end, multiplier and rounding."""
    if item.get("userAttributes") not in (None, []):
        return USER_ATTRIBUTES
    if item.get("end") is not None and not isinstance(item["end"], str):
        return END
    multiplier = item.get("multiplier")
    if (multiplier_required or "multiplier" in item) and (
        isinstance(multiplier, bool) or not isinstance(multiplier, int | float)
    ):
        return MULTIPLIER
    if "rounding" in item and not isinstance(item["rounding"], str):
        return ROUNDING
    return None


@bp.patch(URL)
def update_points_boosts(system_uuid: str):
    """Change the name, dates, multiplier or rounding of each boost of the array."""
    system = system_or_404(system_uuid)
    updated, issues = [], []
    for index, item in enumerate(bulk.items_body("boost updates")):
        boost, issue = bulk.item_to_update(
            index, item, "A boost update", partial(boost_of, system), NOT_FOUND
        )
        if boost is not None:
            problem = update_problem(item, boost)
            if problem is None:
                try:
                    save_boost(
                        system,
                        item.get("name", boost.name),
                        item.get("multiplier", boost.multiplier),
                        item.get("rounding", boost.rounding),
                        item.get("start", boost.start_date.isoformat()),
                        item["end"] if "end" in item else iso_or_none(boost),
                        boost.user.external_id if boost.user is not None else None,
                        boost=boost,
                    )
                except FieldErrors as error:
                    problem = bulk.field_messages(error, FIELD_NAMES)
                else:
                    updated.append(boost_json(boost))
            if problem is not None:
                issue = bulk.error(problem, id=item["id"])
        if issue is not None:
            issues.append(issue)
    return jsonify(updated=updated, issues=issues)


def iso_or_none(boost: PointsBoost) -> str | None:
    return boost.end_date.isoformat() if boost.end_date is not None else None


def update_problem(item: dict, boost: PointsBoost) -> str | None:
    current = boost.user.external_id if boost.user is not None else None
    if "userId" in item and item["userId"] != current:
        return "userId cannot be changed through this endpoint"
    return (
        text_problem(item, "name", False)
        or text_problem(item, "start", False)
        or common_problem(item, False)
    )


@bp.delete(URL)
def delete_points_boosts(system_uuid: str):
    """Archive each of the system's boosts named in `ids` (see the module's docstring)."""
    system = system_or_404(system_uuid)
    deleted, issues = [], []
    for raw in bulk.ids_arg("boosts"):
        boost, issue = bulk.named(raw, partial(boost_of, system), NOT_FOUND)
        if issue is not None:
            issues.append(issue)
        else:
            archive_boost(boost)
            deleted.append({"id": boost.uuid})
    return jsonify(deleted=deleted, issues=issues)
