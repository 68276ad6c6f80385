"""What Trophy's bulk admin endpoints share: a JSON array of 1 to 100 items, ids as UUIDs in
a repeated or comma-separated `ids` query parameter, limit/skip paging, and the per-item
issues (AdminIssue) that answer what could not be done while the rest of the items are.

A request that is wrong as a whole (not an array, empty, over 100 items, no ids) is refused
with 422 {"error": ...} before any item is looked at; a wrong item is an issue of its own.
"""

import re
import uuid
from collections.abc import Callable
from typing import Any

from flask import request

from app.xp.admin.fields import FieldErrors
from app.xp.errors import NotFound, Unprocessable

MAX_ITEMS = 100
INVALID_ID = "id must be a valid UUID"
LIMIT_DEFAULT, LIMIT_MAX = 10, 100
_WHOLE = re.compile(r"[0-9]{1,9}")


def items_body(noun: str) -> list:
    """The request's JSON array of 1 to MAX_ITEMS items (each checked by the caller)."""
    try:
        body = request.get_json(force=True, silent=True)
    except RecursionError:  # e.g. [[[[...]]]] nested thousands deep
        body = None
    if not isinstance(body, list) or not 1 <= len(body) <= MAX_ITEMS:
        raise Unprocessable(f"The body must be a JSON array of 1 to {MAX_ITEMS} {noun}")
    return body


def ids_arg(noun: str) -> list[str]:
    """The `ids` query parameter: repeated, comma-separated or both; 1 to MAX_ITEMS ids."""
    ids = [part.strip() for raw in request.args.getlist("ids") for part in raw.split(",")]
    ids = [part for part in ids if part]
    if not 1 <= len(ids) <= MAX_ITEMS:
        raise Unprocessable(
            f"'ids' must name 1 to {MAX_ITEMS} {noun} to delete, e.g. ?ids=ID1&ids=ID2"
        )
    return ids


def page_args() -> tuple[int, int]:
    """The list endpoints' limit (1 to 100, 10 by default) and skip (0 by default)."""
    return (
        _whole_arg("limit", LIMIT_DEFAULT, 1, LIMIT_MAX),
        _whole_arg("skip", 0, 0, None),
    )


def _whole_arg(name: str, default: int, low: int, high: int | None) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    value = int(raw) if _WHOLE.fullmatch(raw) else None
    if value is None or value < low or (high is not None and value > high):
        upper = f" to {high}" if high is not None else " or more"
        raise Unprocessable(f"'{name}' must be a whole number from {low}{upper}, not '{raw[:40]}'")
    return value


def uuid_of(raw) -> str | None:
    """The canonical form of a UUID given as text (any case), or None."""
    if not isinstance(raw, str):
        return None
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        return None


def named(raw: str, find: Callable[[str], Any], not_found: str) -> tuple[Any, dict | None]:
    """The row the id `raw` names (`find` looks it up by its canonical UUID, None when there
    is none), or the issue saying why there is none: (row, None) or (None, issue)."""
    row_uuid = uuid_of(raw)
    if row_uuid is None:
        return None, error(INVALID_ID, id=raw)
    row = find(row_uuid)
    if row is None:
        return None, error(not_found, id=raw)
    return row, None


def one(raw: str, find: Callable[[str], Any], not_found: str):
    """The row a path's id names, found as `named` finds it: 422 for no UUID, 404 for no row."""
    row_uuid = uuid_of(raw)
    if row_uuid is None:
        raise Unprocessable(INVALID_ID)
    row = find(row_uuid)
    if row is None:
        raise NotFound(not_found)
    return row


def item_to_update(
    index: int, item, what: str, find: Callable[[str], Any], not_found: str
) -> tuple[Any, dict | None]:
    """The row an update item names by its `id`, or the issue saying why there is none (`what`
    names the item: "A metric update")."""
    if not isinstance(item, dict):
        return None, error(f"{what} must be a JSON object", index=index)
    raw = item.get("id")
    if not isinstance(raw, str):
        return None, error("id is required, as a string", index=index)
    return named(raw, find, not_found)


def error(message: str, *, index: int | None = None, id: str | None = None) -> dict:
    """An AdminIssue of severity error, about the item at `index` or the resource `id`."""
    issue = {"id": id} if id is not None else {"index": index}
    return {**issue, "severity": "error", "message": message}


def field_messages(errors: FieldErrors, names: dict[str, str]) -> str:
    """The admin functions' field errors in one message, under Trophy's field names."""
    return "; ".join(f"{names.get(field, field)}: {text}" for field, text in errors.errors.items())
