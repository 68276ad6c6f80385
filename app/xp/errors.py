"""Errors the XP service raises for bad input; the API turns each into {"error": message}.

XpUnavailable is the one error about the service itself rather than the input: only a client
that reaches the service over a network raises it.
"""


class XpError(Exception):
    """Base class: a request the service refuses, with the HTTP status that says why."""

    status_code = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BadRequest(XpError):
    """Malformed input: missing fields, wrong types, an unknown time zone."""

    status_code = 400


class Forbidden(XpError):
    """A feature this service does not offer, such as per-user streak preferences."""

    status_code = 403


class NotFound(XpError):
    """An unknown metric, user or points system."""

    status_code = 404


class Unprocessable(XpError):
    """Well-formed but out of range: awards=0, a bad aggregation, a span over 400 days."""

    status_code = 422


class XpUnavailable(XpError):
    """The XP service did not answer usefully: down, timing out, overloaded or misconfigured.

    Callers catch it to keep working without XP; anything that does not answers 503.
    """

    status_code = 503
