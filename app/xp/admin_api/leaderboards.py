"""/admin/v1/leaderboards: Trophy's admin leaderboards endpoints (list, create, update,
delete, get).

A board's id is its UUID (Leaderboard.uuid), the id the application API already gives it;
`metricId` and `pointsSystemId` are the UUIDs of the metric (Metric.uuid) and points system
(PointsSystem.uuid). The JSON is the application API's LeaderboardResponse
(payloads.leaderboards.leaderboard, on the engine's boards_query rows) cut to Trophy's
AdminLeaderboard, with the dashboard's status (inactive, scheduled, active or finished:
queries.leaderboard_overview.board_status). Every change goes through the dashboard's
functions (admin/leaderboards.py), item by item: each item is saved and committed, or
refused as an issue naming its index or id, and the others go on. What differs from Trophy:

- Keys follow the dashboard's rule (lower-case letters, digits and single hyphens), stricter
  than Trophy's (which also takes upper case and underscores).
- What a board ranks (key, rankBy, metric or system, start, times, runs, breakdown) is fixed
  once it has been active, not only while it is active; a board that was active never goes
  back to inactive (finish it instead). Streak boards never repeat.
- breakdownAttributes are user attribute names (StudyXP users carry free-form attributes,
  with no attribute resources or UUIDs), at most 5.
- Deleting finishes the board (the dashboard's Finish): its entries and rankings stay, and it
  is still listed and read here, with status "finished". Deleting a finished board is an
  issue.
- userAttributes (participation filters, which Trophy's SDK 1.27 requires in every
  leaderboard) is always []: StudyXP boards have none, so every user can take part.
- Fields without a value (description, end, startTime, endTime, runUnit, runInterval) are
  left out rather than null, as Trophy's schema has them.
"""

from flask import jsonify
from sqlalchemy import select

from app.extensions import db
from app.xp.admin.fields import FieldErrors
from app.xp.admin.leaderboards import finish_leaderboard, save_leaderboard
from app.xp.admin_api import bulk
from app.xp.admin_api.blueprint import bp
from app.xp.engine.leaderboards import boards_query
from app.xp.models.leaderboards import Leaderboard
from app.xp.models.metrics import Metric
from app.xp.models.points import PointsSystem
from app.xp.payloads.leaderboards import leaderboard
from app.xp.queries.leaderboard_overview import board_status

NOT_FOUND = "Leaderboard not found by ID"
ALREADY_FINISHED = "Leaderboard is already finished"
# AdminLeaderboard's fields, as the application API's LeaderboardResponse names them.
ADMIN_FIELDS = (
    "id",
    "name",
    "key",
    "description",
    "status",
    "rankBy",
    "maxParticipants",
    "start",
    "end",
    "startTime",
    "endTime",
    "breakdownAttributes",
    "runUnit",
    "runInterval",
    "userAttributes",
)
# The dashboard's field names, as Trophy's requests call them.
FIELD_NAMES = {
    "rank_by": "rankBy",
    "metric_id": "metricId",
    "points_system_id": "pointsSystemId",
    "start_time": "startTime",
    "end_time": "endTime",
    "max_participants": "maxParticipants",
    "run_unit": "runUnit",
    "run_interval": "runInterval",
    "breakdown_attributes": "breakdownAttributes",
}
# Trophy's request fields that are text when given (None: not set).
TEXT_FIELDS = ("description", "start", "end", "startTime", "endTime", "status")

_boards = Leaderboard.__table__
# boards_query joins the metric and the points system a board ranks by: add their UUIDs.
_rows = boards_query().add_columns(
    Metric.__table__.c.uuid.label("m_uuid"), PointsSystem.__table__.c.uuid.label("p_uuid")
)


def leaderboard_json(row) -> dict:
    """Trophy's AdminLeaderboard, from a row of _rows."""
    body = leaderboard(row, board_status(row))
    admin = {field: body[field] for field in ADMIN_FIELDS if body[field] is not None}
    if row.m_uuid is not None:
        admin["metricId"] = row.m_uuid
    if row.p_uuid is not None:
        admin["pointsSystemId"] = row.p_uuid
    return admin


def board_json(board: Leaderboard) -> dict:
    return leaderboard_json(db.session.execute(_rows.where(_boards.c.id == board.id)).one())


def board_by_uuid(board_uuid: str) -> Leaderboard | None:
    return db.session.scalar(select(Leaderboard).where(Leaderboard.uuid == board_uuid))


@bp.get("/leaderboards")
def list_leaderboards():
    """Every board, whatever its status, oldest first, `limit` of them after the first `skip`."""
    limit, skip = bulk.page_args()
    rows = db.session.execute(
        _rows.order_by(_boards.c.created, _boards.c.id).offset(skip).limit(limit)
    ).all()
    return jsonify([leaderboard_json(row) for row in rows])


@bp.get("/leaderboards/<leaderboard_uuid>")
def get_leaderboard(leaderboard_uuid: str):
    return jsonify(board_json(bulk.one(leaderboard_uuid, board_by_uuid, NOT_FOUND)))


@bp.post("/leaderboards")
def create_leaderboards():
    """Create each board of the array: 201 when at least one was created, else 200."""
    created, issues = [], []
    for index, item in enumerate(bulk.items_body("leaderboards")):
        problem = create_problem(item)
        if problem is None:
            problem, board = saved(None, item)
            if board is not None:
                created.append(board_json(board))
        if problem is not None:
            issues.append(bulk.error(problem, index=index))
    return jsonify(created=created, issues=issues), 201 if created else 200


def create_problem(item) -> str | None:
    """What is wrong with a create item's types (the admin function checks the values)."""
    if not isinstance(item, dict):
        return "A leaderboard must be a JSON object"
    for field in ("name", "key", "rankBy"):
        if not isinstance(item.get(field), str):
            return f"{field} is required, as a string"
    return type_problem(item)


def type_problem(item: dict) -> str | None:
    for field in ("name", "key", "rankBy", "metricId", "pointsSystemId", "runUnit", *TEXT_FIELDS):
        if item.get(field) is not None and not isinstance(item[field], str):
            return f"{field} must be a string"
    for field in ("maxParticipants", "runInterval"):
        value = item.get(field)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            return f"{field} must be a whole number"
    attributes = item.get("breakdownAttributes")
    if attributes is not None and not isinstance(attributes, list):
        return "breakdownAttributes must be an array of strings"
    return None


def saved(board: Leaderboard | None, item: dict) -> tuple[str | None, Leaderboard | None]:
    """Save the item (over the board's values when updating) through save_leaderboard: the
    saved board, or the issue's message."""

    def given(field: str, current=None):
        return item[field] if field in item else current

    old = board
    rank_by = given("rankBy", old.rank_by if old else None)
    run_unit = given("runUnit", old.run_unit if old else None)
    run_interval = given("runInterval", old.run_interval if old else None)
    if run_unit is None and "runInterval" not in item:
        run_interval = None
    max_participants = given("maxParticipants", old.max_participants if old else None)
    try:
        board = save_leaderboard(
            old,
            key=given("key", old.key if old else None),
            name=given("name", old.name if old else None),
            rank_by=rank_by,
            description=given("description", old.description if old else None),
            metric_id=row_id(Metric, given("metricId"), old.metric_id if old else None),
            points_system_id=row_id(
                PointsSystem, given("pointsSystemId"), old.points_system_id if old else None
            ),
            start=given("start", old.start_date if old else None),
            end=given("end", old.end_date if old else None),
            start_time=given("startTime", old.start_time if old else None),
            end_time=given("endTime", old.end_time if old else None),
            max_participants=1000 if max_participants is None else max_participants,
            run_unit=run_unit,
            run_interval=run_interval,
            breakdown_attributes=given(
                "breakdownAttributes", list(old.breakdown_attributes or []) if old else []
            ),
            status=item.get("status"),
        )
    except FieldErrors as error:
        return bulk.field_messages(error, FIELD_NAMES), None
    return None, board


def row_id(model, raw: str | None, current: int | None) -> int | None:
    """The id of the row a UUID names (None when none does: the admin function says so);
    `current` when no UUID is given."""
    if raw is None:
        return current
    row_uuid = bulk.uuid_of(raw)
    if row_uuid is None:
        return None
    return db.session.scalar(select(model.id).where(model.uuid == row_uuid))


@bp.patch("/leaderboards")
def update_leaderboards():
    """Change each board of the array: the fields given, over the board's own."""
    updated, issues = [], []
    for index, item in enumerate(bulk.items_body("leaderboard updates")):
        board, issue = bulk.item_to_update(
            index, item, "A leaderboard update", board_by_uuid, NOT_FOUND
        )
        if board is not None:
            problem = type_problem(item)
            if problem is None:
                problem, board = saved(board, item)
                if board is not None:
                    updated.append(board_json(board))
            if problem is not None:
                issue = bulk.error(problem, id=item["id"])
        if issue is not None:
            issues.append(issue)
    return jsonify(updated=updated, issues=issues)


@bp.delete("/leaderboards")
def delete_leaderboards():
    """Finish each board named in `ids` (see the module's docstring)."""
    deleted, issues = [], []
    for raw in bulk.ids_arg("leaderboards"):
        board, issue = bulk.named(raw, board_by_uuid, NOT_FOUND)
        if issue is not None:
            issues.append(issue)
        elif board.status == "finished":
            issues.append(bulk.error(ALREADY_FINISHED, id=raw))
        else:
            finish_leaderboard(board)
            deleted.append({"id": board.uuid})
    return jsonify(deleted=deleted, issues=issues)
