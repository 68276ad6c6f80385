"""/admin/v1/metrics: Trophy's admin metrics endpoints (list, create, update, delete, get).

A metric's id is its UUID (Metric.uuid), the id the application API already gives it (an
event's metricId, a user's metrics). Every change goes through the dashboard's functions
(admin/metrics.py), item by item: each item is saved and committed, or refused as an issue
naming its index or id, and the others go on. What differs from Trophy:

- StudyXP metrics count numbers: unitType is always "number", and "currency" is an issue;
  `units` is the dashboard's Unit ("" when there is none).
- Keys follow the dashboard's rule (lower-case letters, digits and single hyphens), stricter
  than Trophy's (which also takes upper case and underscores).
- Deleting archives the metric (its events, totals and awards stay): archived metrics, from
  here or from the dashboard, are gone from /admin/v1, and their keys stay taken. Only the
  dashboard restores one.
"""

from flask import jsonify
from sqlalchemy import select

from app.extensions import db
from app.xp.admin.fields import FieldErrors
from app.xp.admin.metrics import save_metric, set_metric_status
from app.xp.admin_api import bulk
from app.xp.admin_api.blueprint import bp
from app.xp.models.metrics import Metric

NOT_FOUND = "Metric not found by ID"
CURRENCY = "unitType 'currency' is not supported: StudyXP metrics count numbers"
UNIT_TYPES = ("number", "currency")
# The dashboard's field names, as Trophy's requests call them.
FIELD_NAMES = {"unit": "units"}


def metric_json(metric: Metric) -> dict:
    """Trophy's CreatedMetric."""
    return {
        "id": metric.uuid,
        "name": metric.name,
        "key": metric.key,
        "unitType": "number",
        "units": metric.unit or "",
    }


def active_metric(metric_uuid: str) -> Metric | None:
    return db.session.scalar(
        select(Metric).where(Metric.uuid == metric_uuid, Metric.status == "active")
    )


@bp.get("/metrics")
def list_metrics():
    """The active metrics, oldest first, `limit` of them after the first `skip`."""
    limit, skip = bulk.page_args()
    metrics = db.session.scalars(
        select(Metric)
        .where(Metric.status == "active")
        .order_by(Metric.created, Metric.id)
        .offset(skip)
        .limit(limit)
    ).all()
    return jsonify([metric_json(metric) for metric in metrics])


@bp.get("/metrics/<metric_uuid>")
def get_metric(metric_uuid: str):
    return jsonify(metric_json(bulk.one(metric_uuid, active_metric, NOT_FOUND)))


@bp.post("/metrics")
def create_metrics():
    """Create each metric of the array: 201 when at least one was created, else 200."""
    created, issues = [], []
    for index, item in enumerate(bulk.items_body("metrics")):
        problem = create_problem(item)
        if problem is None:
            try:
                metric = save_metric(None, item["key"], item["name"], item.get("units"))
            except FieldErrors as error:
                problem = bulk.field_messages(error, FIELD_NAMES)
            else:
                created.append(metric_json(metric))
        if problem is not None:
            issues.append(bulk.error(problem, index=index))
    return jsonify(created=created, issues=issues), 201 if created else 200


def create_problem(item) -> str | None:
    """What is wrong with a create item's types (the admin function checks the values)."""
    if not isinstance(item, dict):
        return "A metric must be a JSON object"
    if not isinstance(item.get("name"), str):
        return "Name not a string"
    if not isinstance(item.get("key"), str):
        return "Key not a string"
    return unit_problem(item)


def unit_problem(item: dict) -> str | None:
    unit_type = item.get("unitType", "number")
    if unit_type not in UNIT_TYPES:
        return "unitType must be number or currency"
    if unit_type == "currency":
        return CURRENCY
    if "units" in item and not isinstance(item["units"], str):
        return "Units not a string"
    return None


@bp.patch("/metrics")
def update_metrics():
    """Change the name or units of each metric of the array; the key never changes here."""
    updated, issues = [], []
    for index, item in enumerate(bulk.items_body("metric updates")):
        metric, issue = bulk.item_to_update(
            index, item, "A metric update", active_metric, NOT_FOUND
        )
        if metric is not None:
            problem = update_problem(item, metric)
            if problem is None:
                name = item.get("name", metric.name)
                unit = item["units"] if "units" in item else metric.unit
                try:
                    save_metric(metric, metric.key, name, unit)
                except FieldErrors as error:
                    problem = bulk.field_messages(error, FIELD_NAMES)
                else:
                    updated.append(metric_json(metric))
            if problem is not None:
                issue = bulk.error(problem, id=item["id"])
        if issue is not None:
            issues.append(issue)
    return jsonify(updated=updated, issues=issues)


def update_problem(item: dict, metric: Metric) -> str | None:
    if "key" in item and item["key"] != metric.key:
        return "key cannot be changed through this endpoint"
    if "name" in item and not isinstance(item["name"], str):
        return "Name not a string"
    return unit_problem(item)


@bp.delete("/metrics")
def delete_metrics():
    """Archive each metric named in `ids` (see the module's docstring)."""
    deleted, issues = [], []
    for raw in bulk.ids_arg("metrics"):
        metric, issue = bulk.named(raw, active_metric, NOT_FOUND)
        if issue is not None:
            issues.append(issue)
        else:
            set_metric_status(metric, "archived")
            deleted.append({"id": metric.uuid})
    return jsonify(deleted=deleted, issues=issues)
