"""Ids in URLs and forms, bounded so no database is asked about a number it cannot store."""

from werkzeug.routing import IntegerConverter, PathConverter

# Integer primary keys are 32-bit on PostgreSQL.
MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """<int:...> that does not match numbers above MAX_ID (a 404, not a database error)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


class UserIdConverter(PathConverter):
    """A caller's user id in a URL: any text, slashes included (even a leading one)."""

    regex = r".+?"
    # Werkzeug would otherwise infer from the regex that the id is one path segment.
    part_isolating = False


def parse_id(raw: str | None) -> int | None:
    """A positive id from a form or query string (ASCII digits only), else None."""
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > 10:
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


def register_converters(app) -> None:
    # Werkzeug decodes %2F before routing: merging the empty segment of "a%2F" would answer
    # an unknown key with a redirect to a different URL (and a different key) instead of 404.
    app.url_map.merge_slashes = False
    app.url_map.converters["int"] = BoundedIntConverter
    app.url_map.converters["user_id"] = UserIdConverter
