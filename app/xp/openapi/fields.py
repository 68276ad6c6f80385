"""The component schemas of StudyXP's OpenAPI document: Trophy's shapes, as StudyXP fills them.

Names are Trophy's (reference/trophy-application-api.openapi.json). Each response schema is
closed (`additionalProperties: false`) and lists what StudyXP always sends as `required`, so
the contract tests catch a field that is sent but not documented. Where StudyXP is narrower
than Trophy (features not built yet, integers where Trophy says number) the description says
so. Request schemas stay open: fields StudyXP does not know are ignored, as Trophy's SDKs
may send them.
"""

from app.xp.inputs import (
    ATTRIBUTE_NAME_MAX,
    ATTRIBUTE_VALUE_MAX,
    MAX_ATTRIBUTES,
)
from app.xp.models.users import USER_ID_MAX

KEY_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
# Not only spaces: JSON Schema patterns are unanchored, so one non-space character anywhere.
NOT_BLANK = r"\S"
EMAIL_MAX = 320
NAME_MAX = 200
TZ_MAX = 64


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def closed(properties: dict, description: str, required: list[str] | None = None) -> dict:
    """An object schema that allows exactly `properties`, all required unless listed."""
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def text(description: str, **limits) -> dict:
    return {"type": "string", "description": description, **limits}


def nullable_text(description: str, **limits) -> dict:
    return {"type": ["string", "null"], "description": description, **limits}


def date_time(description: str) -> dict:
    return text(f"{description} UTC, ISO 8601 with a Z: 2026-11-26T10:36:55Z.", format="date-time")


def empty_array(description: str) -> dict:
    return {"type": "array", "maxItems": 0, "description": description}


USER_ID = text(
    "The user's id in your system. Not only spaces.",
    minLength=1,
    maxLength=USER_ID_MAX,
    pattern=NOT_BLANK,
)


def attributes(description: str) -> dict:
    return {
        "type": ["object", "null"],
        "description": description,
        "maxProperties": MAX_ATTRIBUTES,
        "propertyNames": {"minLength": 1, "maxLength": ATTRIBUTE_NAME_MAX, "pattern": NOT_BLANK},
        "additionalProperties": {"type": "string", "maxLength": ATTRIBUTE_VALUE_MAX},
    }


PERIOD_DATE = text(
    "The period's first day: the day, the Monday of the week or the 1st of the month.",
    format="date",
)


def summary_rows(what: str, value_type: str) -> dict:
    """A Users...EventSummaryResponse: one row per period, empty periods included."""
    return {
        "type": "array",
        "description": (
            "One row per period from startDate's period to endDate's, empty periods "
            "included. Periods are whole periods of the user's local calendar. (Trophy: an "
            "inline array; this is the name its SDKs give it.)"
        ),
        "items": closed(
            {
                "date": PERIOD_DATE,
                "total": {"type": value_type, "description": f"The user's {what} at its end."},
                "change": {"type": value_type, "description": f"The change in {what} in it."},
            },
            "One period.",
        ),
    }


def nullable_date(description: str) -> dict:
    return {"type": ["string", "null"], "format": "date", "description": description}


def date_field(description: str) -> dict:
    return {"type": "string", "format": "date", "description": description}


def count(description: str, minimum: int = 0) -> dict:
    return {"type": "integer", "minimum": minimum, "description": description}
