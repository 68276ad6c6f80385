"""What a caller may send the XP service: the rules for event values, idempotency keys and users.

One place for the limits, shared by record_event, the /users API and the OpenAPI document.
Each check returns the clean value or raises BadRequest (malformed) or Unprocessable
(well-formed but out of range), as the API answers them.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from app.timezones import is_time_zone
from app.xp.errors import BadRequest, Unprocessable
from app.xp.models.metrics import IDEMPOTENCY_KEY_MAX
from app.xp.models.users import USER_ID_MAX

# Largest magnitude one event may carry: far beyond any real count, and small enough that
# metric totals stay exact in a double and points totals inside a 64-bit integer.
MAX_EVENT_VALUE = 1_000_000_000
# Values and totals are kept to this many decimal places, so 0.1 + 0.2 reaches 0.3.
VALUE_DECIMALS = 6
# Attributes (a user's, an event's) are the caller's own names and values: bounded so that
# no body can grow a row without limit.
MAX_ATTRIBUTES = 50
ATTRIBUTE_NAME_MAX = 100
ATTRIBUTE_VALUE_MAX = 1000


def check_time_zone(tz: str) -> str:
    """Return tz if it names an IANA zone, else raise BadRequest."""
    if not is_time_zone(tz):
        raise BadRequest(f"Unknown time zone '{tz[:64]}': use an IANA name such as Europe/London")
    return tz


def check_text(value: str, field: str) -> str:
    """Refuse strings no database column can hold: NUL characters and lone surrogates."""
    if "\x00" in value:
        raise BadRequest(f"'{field}' must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadRequest(f"'{field}' must be valid Unicode text") from None
    return value


def check_email(email: str, field: str) -> str:
    """An address email-validator accepts; syntax only, so no DNS lookup slows an event."""
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise Unprocessable(f"'{field}' is not a valid email address: {error}") from None
    return email


def check_attributes(raw, field: str) -> dict[str, str]:
    """A JSON object of at most MAX_ATTRIBUTES names (1 to 100 characters) to strings."""
    if not isinstance(raw, Mapping):
        raise BadRequest(f"'{field}' must be an object whose values are strings")
    if len(raw) > MAX_ATTRIBUTES:
        raise Unprocessable(f"'{field}' must have at most {MAX_ATTRIBUTES} names")
    for name, value in raw.items():
        if not isinstance(name, str):
            raise BadRequest(f"'{field}' names must be strings")
        check_text(name, f"{field} names")
        if not name.strip() or len(name) > ATTRIBUTE_NAME_MAX:
            raise Unprocessable(f"'{field}' names must be 1 to {ATTRIBUTE_NAME_MAX} characters")
        if not isinstance(value, str):
            raise BadRequest(f"'{field}.{name}' must be a string")
        check_text(value, f"{field}.{name}")
        if len(value) > ATTRIBUTE_VALUE_MAX:
            raise Unprocessable(
                f"'{field}.{name}' must be at most {ATTRIBUTE_VALUE_MAX} characters"
            )
    return dict(raw)


@dataclass(frozen=True)
class UserInput:
    """A user's fields as an event body or /users sends them (Trophy's UpsertedUser).

    None means "not given": the stored value stays. Given attributes are merged into the
    stored ones, name by name.
    """

    id: str
    email: str | None = None
    name: str | None = None
    tz: str | None = None
    subscribe_to_emails: bool | None = None
    attributes: dict[str, str] | None = None

    @classmethod
    def parse(cls, raw, prefix: str = "user.") -> "UserInput":
        """`prefix` names the fields in messages: "user." in an event body, "" on /users."""
        if isinstance(raw, UserInput):
            return raw
        if not isinstance(raw, Mapping):
            raise BadRequest("'user' must be an object with at least an 'id'")
        user_id = raw.get("id")
        if not isinstance(user_id, str) or not user_id.strip():
            raise BadRequest(f"'{prefix}id' is required and must be a non-empty string")
        check_text(user_id, f"{prefix}id")
        if len(user_id) > USER_ID_MAX:
            raise Unprocessable(f"'{prefix}id' must be at most {USER_ID_MAX} characters")
        fields = {}
        for name, limit in (("email", 320), ("name", 200), ("tz", 64)):
            value = raw.get(name)
            if value is None:
                continue
            if not isinstance(value, str):
                raise BadRequest(f"'{prefix}{name}' must be a string")
            check_text(value, f"{prefix}{name}")
            if len(value) > limit:
                if name == "tz":
                    raise BadRequest(f"Unknown time zone '{value[:64]}'")
                raise Unprocessable(f"'{prefix}{name}' must be at most {limit} characters")
            fields[name] = value
        if "tz" in fields:
            check_time_zone(fields["tz"])
        if "email" in fields:
            check_email(fields["email"], f"{prefix}email")
        subscribe = raw.get("subscribeToEmails")
        if subscribe is not None:
            if not isinstance(subscribe, bool):
                raise BadRequest(f"'{prefix}subscribeToEmails' must be true or false")
            fields["subscribe_to_emails"] = subscribe
        if raw.get("attributes") is not None:
            fields["attributes"] = check_attributes(raw["attributes"], f"{prefix}attributes")
        return cls(id=user_id, **fields)

    def new_row(self) -> dict:
        """XpUser's columns for a user first seen with these fields (subscribed by default)."""
        return {
            "external_id": self.id,
            "email": self.email,
            "name": self.name,
            "tz": self.tz,
            "subscribe_to_emails": self.subscribe_to_emails is not False,
            "attributes": self.attributes or {},
        }

    def changes(self, stored) -> dict:
        """The given fields that differ from `stored` (an XpUser, or a row of its columns),
        with the given attributes merged into the stored ones."""
        changed = {}
        for field in ("email", "name", "tz", "subscribe_to_emails"):
            value = getattr(self, field)
            if value is not None and getattr(stored, field) != value:
                changed[field] = value
        if self.attributes:
            merged = {**stored.attributes, **self.attributes}
            if len(merged) > MAX_ATTRIBUTES:
                raise Unprocessable(
                    f"A user has at most {MAX_ATTRIBUTES} attributes: "
                    f"these would make {len(merged)}"
                )
            if merged != stored.attributes:
                changed["attributes"] = merged
        return changed


def check_value(value) -> float:
    """An event value: a finite number (not a boolean) of at most MAX_EVENT_VALUE."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadRequest("'value' is required and must be a number")
    # Only floats can be NaN or infinite; a huge int such as 10**400 (valid JSON) fails the
    # range check below, before float() could overflow on it.
    if isinstance(value, float) and not math.isfinite(value):
        raise BadRequest("'value' must be a finite number")
    if abs(value) > MAX_EVENT_VALUE:
        raise Unprocessable(f"'value' must be between -{MAX_EVENT_VALUE} and {MAX_EVENT_VALUE}")
    return round(float(value), VALUE_DECIMALS)


def check_idempotency_key(key: str | None) -> str | None:
    if key is None:
        return None
    if not isinstance(key, str) or not key.strip():
        raise BadRequest("Idempotency-Key must not be empty")
    check_text(key, "Idempotency-Key")
    if len(key) > IDEMPOTENCY_KEY_MAX:
        raise Unprocessable(f"Idempotency-Key must be at most {IDEMPOTENCY_KEY_MAX} characters")
    return key
