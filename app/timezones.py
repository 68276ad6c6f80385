"""IANA time zone names, shared by the XP service and the study app."""

from functools import cache
from zoneinfo import available_timezones


@cache
def _known() -> frozenset[str]:
    return frozenset(available_timezones()) | {"UTC"}


def is_time_zone(name: object) -> bool:
    """True for a real IANA zone name such as "Europe/London".

    A set lookup rather than ZoneInfo(name): ZoneInfo treats the name as a file path.
    """
    return isinstance(name, str) and name in _known()
