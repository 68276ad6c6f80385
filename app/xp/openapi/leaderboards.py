"""The leaderboard operations (every board, a board's rankings, a user's place on a board) and
the leaderboard schemas, with MetricEventLeaderboardResponse (an event's `leaderboards`)."""

from app.xp.leaderboard_rules import MAX_PARTICIPANTS, RANK_BY, RUN_UNITS
from app.xp.models.metrics import METRIC_KEY_MAX
from app.xp.openapi.components import (
    boolean_param,
    errors,
    key_schema,
    ok,
    operation,
    params,
    path_param,
)
from app.xp.openapi.examples import leaderboards as ex
from app.xp.openapi.fields import (
    KEY_PATTERN,
    closed,
    date_field,
    date_time,
    empty_array,
    nullable_date,
    nullable_text,
    ref,
    text,
)
from app.xp.queries.leaderboards import DEFAULT_LIMIT, DEFAULT_NUM_EVENTS, MAX_NUM_EVENTS

LEADERBOARD_KEY = path_param("key", "The leaderboard's key.", key_schema(), ex.WEEKLY["key"])
ISO_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TIME_OF_DAY = "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"


def query(name: str, description: str, schema: dict, example=None) -> dict:
    parameter = {"name": name, "in": "query", "required": False, "description": description}
    parameter["schema"] = schema
    if example is not None:
        parameter["example"] = example
    return parameter


RUN = query(
    "run",
    "A date (YYYY-MM-DD) in the run to read: the run that contains it. Without it, the "
    "current run (a finished board's last). A date outside the board's dates is a 422.",
    {"type": "string", "format": "date", "pattern": ISO_DATE},
    "2026-11-25",
)
RANKINGS_PARAMETERS = [
    LEADERBOARD_KEY,
    query(
        "offset",
        "How many rankings to skip (0-based); with userId, counted from that user's rank.",
        {"type": "integer", "minimum": 0, "default": 0},
        0,
    ),
    query(
        "limit",
        "How many rankings to return, at most the board's maxParticipants (more is a 422); "
        f"without it {DEFAULT_LIMIT}, or maxParticipants when that is fewer. Only ranks up to "
        "maxParticipants exist, so a page may hold fewer.",
        {"type": "integer", "minimum": 0, "maximum": MAX_PARTICIPANTS, "default": DEFAULT_LIMIT},
        3,
    ),
    RUN,
    query(
        "userId",
        "Makes offset relative to this user's rank: offset=0 starts at the user. A user "
        "who is not on the board (or below maxParticipants) gets no rankings; an unknown "
        "user is a 404.",
        {"type": "string", "minLength": 1},
    ),
    query(
        "userAttributes",
        "The breakdown group to rank: key:value pairs separated by commas, one for each of "
        "the board's breakdownAttributes (city:London,plan:pro). Required for a board with "
        "breakdown attributes, and a 422 for any other.",
        {"type": "string"},
    ),
]
USER_PARAMETERS = [
    *params("UserId"),
    LEADERBOARD_KEY,
    query(
        "run",
        "A date (YYYY-MM-DD) in the run to read. Without it, the run of the user's own local "
        "date (a finished board's last run). A date outside the board's dates is a 422.",
        RUN["schema"],
        RUN["example"],
    ),
    query(
        "numEvents",
        "How many days of history to return, the most recent ones.",
        {
            "type": "integer",
            "minimum": 0,
            "maximum": MAX_NUM_EVENTS,
            "default": DEFAULT_NUM_EVENTS,
        },
        5,
    ),
]


PATHS = {
    "/leaderboards": {
        "get": operation(
            "leaderboards_all",
            "Leaderboards",
            "Get all leaderboards",
            "Every board that an operator has activated, oldest first, with its status as of "
            "now: scheduled until its start date begins somewhere (UTC+14), finished once "
            "its last run is final (12 hours after its UTC end) or an operator finished it. "
            "Finished boards only with includeFinished=true.",
            parameters=[boolean_param("includeFinished", "true: finished boards too.")],
            responses={
                "200": ok("The boards.", "LeaderboardsAllResponse", ex.LEADERBOARDS),
                **errors(422),
            },
        )
    },
    "/leaderboards/{key}": {
        "get": operation(
            "leaderboards_get",
            "Leaderboards",
            "Get a leaderboard's rankings",
            "A page of one run's rankings, best first. Ranks are unique: higher value first, "
            "then whoever reached the value first, then the user id. Only the top "
            "maxParticipants are ranked. A scheduled board has no rankings yet.",
            parameters=RANKINGS_PARAMETERS,
            responses={
                "200": ok("The rankings.", "LeaderboardResponseWithRankings", ex.RANKINGS),
                **errors(404, 422),
            },
        )
    },
    "/users/{id}/leaderboards/{key}": {
        "get": operation(
            "users_leaderboard",
            "Users",
            "Get a user's leaderboard data",
            "The user's rank and value in a run of the board, in the breakdown group of "
            "their attributes now (rank and value are null off the top maxParticipants, or "
            "without a breakdown attribute), and their daily history there, oldest first.",
            parameters=USER_PARAMETERS,
            responses={
                "200": ok("The user's place.", "UserLeaderboardResponseWithHistory", ex.USER_PLACE),
                **errors(404, 422),
            },
        )
    },
}


def nullable_count(description: str, minimum: int = 1, maximum: int | None = None) -> dict:
    schema = {"type": ["integer", "null"], "minimum": minimum, "description": description}
    if maximum is not None:
        schema["maximum"] = maximum
    return schema


def rank(description: str) -> dict:
    return nullable_count(description, 1, MAX_PARTICIPANTS)


LEADERBOARD_FIELDS = {
    "id": text("The board's id.", format="uuid"),
    "name": text("The board's name."),
    "key": text("The board's key, unique.", pattern=KEY_PATTERN, maxLength=METRIC_KEY_MAX),
    "status": {
        "type": "string",
        "enum": ["active", "scheduled", "finished"],
        "description": "Scheduled until its start date begins somewhere, finished once its "
        "last run is final or an operator finished it, else active.",
    },
    "description": nullable_text("What the board is for."),
    "rankBy": {
        "type": "string",
        "enum": list(RANK_BY),
        "description": "What it ranks: a points system's points, a metric's total or the "
        "streak's length.",
    },
    "breakdownAttribute": nullable_text(
        "Deprecated (Trophy's): the breakdown attribute when there is exactly one, else null."
    ),
    "breakdownAttributes": {
        "type": "array",
        "items": {"type": "string"},
        "description": "The user attributes it ranks apart: one ranking per combination of "
        "their values. Empty: one ranking for everyone.",
    },
    "metricKey": text("Metric boards only: the metric's key.", pattern=KEY_PATTERN),
    "metricName": text("Metric boards only: the metric's name."),
    "pointsSystemKey": text("Points boards only: the points system's key.", pattern=KEY_PATTERN),
    "pointsSystemName": text("Points boards only: the points system's name."),
    "start": date_field("Its first date, included (each user's local dates)."),
    "end": nullable_date("Its last date, included; null when it never ends."),
    "startTime": nullable_text(
        "Only activity at or after this local time of day counts (HH:mm); null: from 00:00.",
        pattern=TIME_OF_DAY,
    ),
    "endTime": nullable_text(
        "Only activity before this local time of day counts (HH:mm); null: to midnight. "
        "Before startTime: the window wraps midnight.",
        pattern=TIME_OF_DAY,
    ),
    "maxParticipants": {
        "type": "integer",
        "minimum": 1,
        "maximum": MAX_PARTICIPANTS,
        "description": "How many places it ranks; users below have no rank.",
    },
    "runUnit": {
        "type": ["string", "null"],
        "enum": [*RUN_UNITS, None],
        "description": "It repeats every runInterval of these from start; null: one run.",
    },
    "runInterval": nullable_count("How many runUnits one run lasts; null: one run."),
    "userAttributes": empty_array(
        "Always empty: StudyXP boards have no participation filters, so every user can take "
        "part. (Trophy's SDKs from 1.27 require the field.)"
    ),
}
LEADERBOARD_REQUIRED = [
    name
    for name in LEADERBOARD_FIELDS
    if name not in ("metricKey", "metricName", "pointsSystemKey", "pointsSystemName")
]
BY_WHAT = "metricKey and metricName come with rankBy metric, pointsSystemKey and "
BY_WHAT += "pointsSystemName with rankBy points."


SCHEMAS = {
    "LeaderboardResponse": closed(
        LEADERBOARD_FIELDS,
        f"A leaderboard with its settings and status. {BY_WHAT}",
        required=LEADERBOARD_REQUIRED,
    ),
    "LeaderboardsAllResponse": {
        "type": "array",
        "items": ref("LeaderboardResponse"),
        "description": "The boards, oldest first. (Trophy: an inline array; this is the name "
        "its SDKs give it.)",
    },
    "LeaderboardRanking": closed(
        {
            "userId": text("The user's id in your system."),
            "userName": nullable_text("The user's name; null when none was sent."),
            "rank": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PARTICIPANTS,
                "description": "The user's place, 1 the best.",
            },
            "value": {
                "type": "integer",
                "description": "The user's value in the run, rounded down (metric totals may "
                "be fractional).",
            },
        },
        "One place in a run's rankings.",
    ),
    "LeaderboardResponseWithRankings": closed(
        {
            **LEADERBOARD_FIELDS,
            "rankings": {
                "type": "array",
                "items": ref("LeaderboardRanking"),
                "maxItems": MAX_PARTICIPANTS,
                "description": "The page of rankings, best first.",
            },
        },
        f"A leaderboard with a page of one run's rankings. {BY_WHAT}",
        required=[*LEADERBOARD_REQUIRED, "rankings"],
    ),
    "LeaderboardEvent": closed(
        {
            "date": date_field("The user's local date."),
            "timestamp": date_time("Deprecated (Trophy's): 00:00 of date."),
            "previousRank": rank("The rank before the day's first change; null: off the board."),
            "rank": rank("The rank after the day's last change; null: off the board."),
            "previousValue": {
                "type": ["integer", "null"],
                "description": "The value before the day's first change; null: off the board.",
            },
            "value": {
                "type": ["integer", "null"],
                "description": "The value after the day's last change; null: off the board.",
            },
        },
        "One local day on which the user's own events changed their value on the board.",
    ),
    "UserLeaderboardResponseWithHistory": closed(
        {
            **LEADERBOARD_FIELDS,
            "rank": rank("The user's rank in the run; null off the board."),
            "value": {
                "type": ["integer", "null"],
                "description": "The user's value in the run, rounded down; null off the board.",
            },
            "history": {
                "type": "array",
                "items": ref("LeaderboardEvent"),
                "maxItems": MAX_NUM_EVENTS,
                "description": "The last numEvents days the user's value changed, oldest "
                "first. Being passed by someone else writes no day.",
            },
        },
        f"A user's place on a leaderboard. {BY_WHAT}",
        required=[*LEADERBOARD_REQUIRED, "rank", "value", "history"],
    ),
    "MetricEventLeaderboardResponse": closed(
        {
            **LEADERBOARD_FIELDS,
            "start": date_field("The first date of the run the event counted in."),
            "end": nullable_date("The last date of that run; null when it never ends."),
            "rank": rank("The user's rank after the event; null off the board."),
            "previousRank": rank("The user's rank before the event; null off the board."),
            "threshold": {
                "type": "integer",
                "description": "The last place's value when the run is full (maxParticipants "
                "users), else 0: what passing it takes.",
            },
            "breakdownAttributeValue": text(
                "Deprecated (Trophy's): boards with exactly one breakdown attribute only: the "
                "user's value of it."
            ),
            "breakdownAttributeValues": {
                "type": "array",
                "items": closed(
                    {"key": text("The attribute."), "value": text("The user's value of it.")},
                    "One breakdown attribute's value.",
                ),
                "description": "Boards with breakdown attributes only: the user's group.",
            },
        },
        "A board the event moved the user on, in the run it counted in. " + BY_WHAT,
        required=[*LEADERBOARD_REQUIRED, "rank", "previousRank", "threshold"],
    ),
}
