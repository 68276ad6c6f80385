"""/admin/v1/attributes: Trophy's admin attributes endpoints (list, create, update, delete,
get).

An attribute's id is its UUID (Attribute.uuid). Every change goes through the admin functions
(admin/attributes.py), item by item: each item is saved and committed, or refused as an issue
naming its index or id, and the others go on. What differs from Trophy:

- Declaring is not required: users, events and leaderboards' breakdownAttributes take any
  attribute name, declared or not (leaderboards name attributes by key, not by UUID).
- Deleting a user attribute that a leaderboard which has not finished breaks its rankings
  down by is an issue; finish the board first. Anything else is deleted outright.
"""

from flask import jsonify
from sqlalchemy import select

from app.extensions import db
from app.xp.admin.attributes import (
    attribute_by_uuid,
    declare_attribute,
    delete_attribute,
    rename_attribute,
)
from app.xp.admin.fields import FieldErrors
from app.xp.admin_api import bulk
from app.xp.admin_api.blueprint import bp
from app.xp.errors import Unprocessable
from app.xp.models.attributes import ATTRIBUTE_TYPES, Attribute
from app.xp.payloads.attributes import attribute as attribute_json

NOT_FOUND = "Attribute not found by ID"


@bp.get("/attributes")
def list_attributes():
    """The declared attributes, oldest first, `limit` of them after the first `skip`."""
    limit, skip = bulk.page_args()
    rows = db.session.scalars(select(Attribute).order_by(Attribute.id).offset(skip).limit(limit))
    return jsonify([attribute_json(row) for row in rows])


@bp.get("/attributes/<attribute_uuid>")
def get_attribute(attribute_uuid: str):
    return jsonify(attribute_json(bulk.one(attribute_uuid, attribute_by_uuid, NOT_FOUND)))


@bp.post("/attributes")
def create_attributes():
    """Declare each attribute of the array: 201 when at least one was created, else 200."""
    created, issues = [], []
    for index, item in enumerate(bulk.items_body("attributes")):
        problem = create_problem(item)
        if problem is None:
            try:
                row = declare_attribute(item["key"], item["name"], item["type"])
            except FieldErrors as error:
                problem = bulk.field_messages(error, {})
            else:
                created.append(attribute_json(row))
        if problem is not None:
            issues.append(bulk.error(problem, index=index))
    return jsonify(created=created, issues=issues), 201 if created else 200


def create_problem(item) -> str | None:
    """What is wrong with a create item's types (the admin function checks the values)."""
    if not isinstance(item, dict):
        return "An attribute must be a JSON object"
    if not isinstance(item.get("name"), str):
        return "Name not a string"
    if not isinstance(item.get("key"), str):
        return "Key not a string"
    if item.get("type") not in ATTRIBUTE_TYPES:
        return "Type must be user or event"
    return None


@bp.patch("/attributes")
def update_attributes():
    """Rename each attribute of the array; its key and type never change."""
    updated, issues = [], []
    for index, item in enumerate(bulk.items_body("attribute updates")):
        row, issue = bulk.item_to_update(
            index, item, "An attribute update", attribute_by_uuid, NOT_FOUND
        )
        if row is not None:
            problem = update_problem(item, row)
            if problem is None:
                try:
                    rename_attribute(row, item.get("name", row.name))
                except FieldErrors as error:
                    problem = bulk.field_messages(error, {})
                else:
                    updated.append(attribute_json(row))
            if problem is not None:
                issue = bulk.error(problem, id=item["id"])
        if issue is not None:
            issues.append(issue)
    return jsonify(updated=updated, issues=issues)


def update_problem(item: dict, row: Attribute) -> str | None:
    for fixed in ("key", "type"):
        if fixed in item and item[fixed] != getattr(row, fixed):
            return f"{fixed} cannot be changed through this endpoint"
    if "name" in item and not isinstance(item["name"], str):
        return "Name not a string"
    return None


@bp.delete("/attributes")
def delete_attributes():
    """Delete each attribute named in `ids` (see the module's docstring)."""
    deleted, issues = [], []
    for raw in bulk.ids_arg("attributes"):
        row, issue = bulk.named(raw, attribute_by_uuid, NOT_FOUND)
        if issue is None:
            row_uuid = row.uuid
            try:
                delete_attribute(row)
            except Unprocessable as refused:
                issue = bulk.error(refused.message, id=raw)
            else:
                deleted.append({"id": row_uuid})
        if issue is not None:
            issues.append(issue)
    return jsonify(deleted=deleted, issues=issues)
