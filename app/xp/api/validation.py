"""What the routes share to read a request: a JSON object body, dates, booleans, filters.

Malformed input is a BadRequest (400) or Unprocessable (422) with a message that says what to
send instead; the blueprint answers it as JSON.
"""

import re
from datetime import date

from flask import request

from app.xp.errors import BadRequest, Unprocessable
from app.xp.inputs import ATTRIBUTE_NAME_MAX, ATTRIBUTE_VALUE_MAX, MAX_ATTRIBUTES

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INTEGER = re.compile(r"-?[0-9]{1,30}")


def json_object_body(example: str) -> dict:
    """The request's JSON object, whatever its Content-Type says; else a 400 showing `example`."""
    try:
        body = request.get_json(force=True, silent=True)
    except RecursionError:  # e.g. [[[[...]]]] nested thousands deep
        body = None
    if not isinstance(body, dict):
        raise BadRequest(f"The body must be a JSON object like {example}")
    return body


def summary_args() -> tuple[str, date, date]:
    """An event summary's required aggregation, startDate and endDate query parameters."""
    aggregation = request.args.get("aggregation")
    if aggregation is None:
        raise Unprocessable("'aggregation' is required: daily, weekly or monthly")
    return aggregation, _date_arg("startDate"), _date_arg("endDate")


def _date_arg(name: str) -> date:
    raw = request.args.get(name)
    if raw is None:
        raise Unprocessable(f"'{name}' is required, as YYYY-MM-DD")
    try:
        if not _DATE.fullmatch(raw):
            raise ValueError
        return date.fromisoformat(raw)
    except ValueError:
        raise Unprocessable(f"'{name}' must be a date as YYYY-MM-DD, not '{raw[:40]}'") from None


def boolean_arg(name: str) -> bool:
    """An optional true/false query parameter (false when absent)."""
    raw = request.args.get(name, "false")
    if raw not in ("true", "false"):
        raise Unprocessable(f"'{name}' must be true or false, not '{raw[:40]}'")
    return raw == "true"


def number_arg(name: str, default: int | None) -> int | str | None:
    """An optional whole-number query parameter as an int (`default` when absent). Other text
    is handed on as it is, for the read side to refuse with the message it gives an in-process
    caller: the range is the read side's to check, so both XpClients say the same."""
    raw = request.args.get(name)
    if raw is None:
        return default
    return int(raw) if _INTEGER.fullmatch(raw) else raw


def user_attribute_filters(raw: str | None) -> dict[str, str]:
    """Trophy's `name:value,name:value` attribute filter as a dict; 422 when malformed."""
    if not raw:
        return {}
    pairs = raw.split(",")
    if len(pairs) > MAX_ATTRIBUTES:
        raise Unprocessable(f"'userAttributes' must have at most {MAX_ATTRIBUTES} filters")
    filters = {}
    for pair in pairs:
        name, colon, value = pair.partition(":")
        if (
            not colon
            or not name.strip()
            or not value.strip()
            or len(name) > ATTRIBUTE_NAME_MAX
            or len(value) > ATTRIBUTE_VALUE_MAX
            or "\x00" in pair
        ):
            raise Unprocessable(
                "'userAttributes' must be name:value pairs separated by commas, such as "
                f"plan:pro,region:eu, not '{pair[:60]}'"
            )
        filters[name] = value
    return filters
