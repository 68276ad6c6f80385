"""How single values are written on the wire: instants, dates and numbers."""

from datetime import UTC, date, datetime


def iso_datetime(value: datetime) -> str:
    """UTC ISO 8601 with a Z, as Trophy writes it: 2021-01-01T00:00:00Z."""
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def iso_date(value: date) -> str:
    return value.isoformat()


def number(value: float) -> float | int:
    """A metric value as JSON: 10 rather than 10.0 when it is whole."""
    return int(value) if float(value).is_integer() else value
