"""The achievement, streak and boost schemas of StudyXP's OpenAPI document.

Trophy composes them with allOf; StudyXP's are closed objects (see openapi_schemas), so each
one lists its fields flat: the shared ones come from the dicts below.
"""

from app.xp.models_engagement import ACHIEVEMENT_TRIGGERS, BOOST_ROUNDINGS
from app.xp.openapi_schemas import KEY_PATTERN, closed, empty_array, nullable_text, ref, text
from app.xp.streak_store import HISTORY_PERIODS_MAX
from app.xp.streaks import FREQUENCIES

ACHIEVEMENT_REQUIRED = ["id", "name", "trigger", "description", "badgeUrl", "key"] + [
    "userAttributes"
]

ACHIEVEMENT_FIELDS = {
    "id": text("The achievement's id.", format="uuid"),
    "name": text("The achievement's name."),
    "trigger": {
        "type": "string",
        "enum": list(ACHIEVEMENT_TRIGGERS),
        "description": "What completes it: a metric total, a streak length, the API "
        "(POST /achievements/{key}/complete) or every one of its prerequisite achievements.",
    },
    "description": nullable_text("What the achievement is for."),
    "badgeUrl": nullable_text("The badge image's URL: https, data: or /static/badges/..."),
    "key": text("The achievement's key, unique.", pattern=KEY_PATTERN),
    "userAttributes": empty_array("Always empty: StudyXP's achievements are open to every user."),
    "metricId": text("Metric achievements: the metric's id.", format="uuid"),
    "metricValue": {
        "type": "number",
        "exclusiveMinimum": 0,
        "description": "Metric achievements: the total that completes it.",
    },
    "metricName": text("Metric achievements: the metric's name."),
    "eventAttributes": empty_array("Metric achievements: always empty (no event filters)."),
    "streakLength": {
        "type": "integer",
        "minimum": 1,
        "description": "Streak achievements: the streak length that completes it.",
    },
    "achievementIds": {
        "type": "array",
        "items": {"type": "string", "format": "uuid"},
        "minItems": 1,
        "description": "Achievement achievements: the ids of the prerequisites, all needed.",
    },
}

STATS_FIELDS = {
    "completions": {
        "type": "integer",
        "minimum": 0,
        "description": "How many users completed it.",
    },
    "rarity": {
        "type": "number",
        "minimum": 0,
        "maximum": 100,
        "description": "completions as a percentage of every user of the XP service, to two "
        "decimals; 0 when there are no users.",
    },
}

ACHIEVED_AT = {
    "type": ["string", "null"],
    "format": "date-time",
    "description": "When the user completed it (UTC, ISO 8601 with a Z); null while incomplete.",
}


def nullable_date(description: str) -> dict:
    return {"type": ["string", "null"], "format": "date", "description": description}


def date_field(description: str) -> dict:
    return {"type": "string", "format": "date", "description": description}


def count(description: str, minimum: int = 0) -> dict:
    return {"type": "integer", "minimum": minimum, "description": description}


STREAK_FIELDS = {
    "length": count("The streak's length in periods; 0 when there is none (or it was lost)."),
    "frequency": {
        "type": "string",
        "enum": list(FREQUENCIES),
        "description": "The length of a period: a day, a week from Monday, a calendar month.",
    },
    "started": nullable_date("The local date the streak started; null without a streak."),
    "periodStart": nullable_date("The first local date of the latest period it covers."),
    "periodEnd": nullable_date("The last local date of the latest period it covers."),
    "expires": nullable_date(
        "The last local date on which an event keeps the streak without spending a freeze."
    ),
    "freezes": count("Sent when freezes are on: the freezes the user holds now."),
    "maxFreezes": count("Sent when freezes are on: the most a user can hold."),
    "freezeAutoEarnInterval": count(
        "Sent when freezes are earned: every how many days of streak one is earned.", 1
    ),
    "freezeAutoEarnAmount": count("Sent when freezes are earned: how many each time.", 1),
}
STREAK_REQUIRED = ["length", "frequency", "started", "periodStart", "periodEnd", "expires"]

STREAK_PERIOD = closed(
    {
        "periodStart": date_field("The period's first local date."),
        "periodEnd": date_field("The period's last local date."),
        "length": count("The streak's length in this period; 0 when it covered none."),
        "usedFreeze": {
            "type": "boolean",
            "description": "Sent when freezes are on: a freeze kept the streak in this period.",
        },
        "usedPause": {"type": "boolean", "const": False, "description": "Always false."},
    },
    "One period of the streak's history.",
    required=["periodStart", "periodEnd", "length", "usedPause"],
)

ENGAGEMENT_SCHEMAS = {
    "AchievementResponse": closed(
        ACHIEVEMENT_FIELDS,
        "An achievement, with the fields of its trigger type only.",
        required=ACHIEVEMENT_REQUIRED,
    ),
    "AchievementWithStatsResponse": closed(
        {**ACHIEVEMENT_FIELDS, **STATS_FIELDS},
        "An achievement and how many users completed it.",
        required=ACHIEVEMENT_REQUIRED + list(STATS_FIELDS),
    ),
    "UserAchievementResponse": closed(
        {**ACHIEVEMENT_FIELDS, "achievedAt": ACHIEVED_AT},
        "An achievement and when the user completed it.",
        required=[*ACHIEVEMENT_REQUIRED, "achievedAt"],
    ),
    "UserAchievementWithStatsResponse": closed(
        {**ACHIEVEMENT_FIELDS, **STATS_FIELDS, "achievedAt": ACHIEVED_AT},
        "An achievement, when the user completed it and how many users did.",
        required=[*ACHIEVEMENT_REQUIRED, *STATS_FIELDS, "achievedAt"],
    ),
    "AchievementsAllResponse": {
        "type": "array",
        "items": ref("AchievementWithStatsResponse"),
        "description": "Every active achievement, oldest first. (Trophy: an inline array.)",
    },
    "UsersAchievementsResponse": {
        "type": "array",
        "items": ref("UserAchievementWithStatsResponse"),
        "description": (
            "The user's completed active achievements in the order completed; with "
            "includeIncomplete=true, then every other active achievement (achievedAt null), "
            "oldest first. (Trophy: an inline array.)"
        ),
    },
    "AchievementsCompleteRequest": {
        "type": "object",
        "description": "Who completed the achievement. (Trophy: an inline body.)",
        "properties": {"user": ref("UpsertedUser")},
        "required": ["user"],
    },
    "AchievementCompletionResponse": closed(
        {
            "completionId": text(
                "The completion's id: the same on every later call.", format="uuid"
            ),
            "achievement": ref("UserAchievementResponse"),
            "points": {
                "type": "object",
                "additionalProperties": ref("MetricEventPointsResponse"),
                "description": "The points systems the completion changed (achievement "
                "triggers, and those it completed in turn), by key; {} for none and on every "
                "later call.",
            },
        },
        "An achievement the user completed through the API.",
    ),
    "MetricEventStreakResponse": closed(
        {
            **STREAK_FIELDS,
            "extended": {
                "type": "boolean",
                "description": "Whether this event extended the streak (its period's first).",
            },
        },
        "The user's streak after the event.",
        required=[*STREAK_REQUIRED, "extended"],
    ),
    "StreakResponse": closed(
        {
            **STREAK_FIELDS,
            "extended": {
                "type": ["string", "null"],
                "format": "date-time",
                "description": "When an event last extended the streak; null without a streak.",
            },
            "streakHistory": {
                "type": "array",
                "items": STREAK_PERIOD,
                "minItems": 1,
                "maxItems": HISTORY_PERIODS_MAX,
                "description": "The last historyPeriods periods up to the current one, oldest "
                "first.",
            },
            "pauses": empty_array("Always empty: StudyXP has no streak pauses."),
        },
        "The user's streak now: periods missed since the last event have spent freezes or "
        "ended it.",
        required=[*STREAK_REQUIRED, "extended", "streakHistory", "pauses"],
    ),
    "PointsBoost": closed(
        {
            "id": text("The boost's id.", format="uuid"),
            "name": text("The boost's name."),
            "status": {
                "type": "string",
                "enum": ["active", "scheduled", "finished"],
                "description": "Scheduled before its start date, finished after its end date, "
                "else active.",
            },
            "start": date_field("Its first date (local to the user), included."),
            "end": nullable_date("Its last date, included; null when it has no end."),
            "multiplier": {
                "type": "number",
                "exclusiveMinimum": 0,
                "description": "Points are multiplied by this.",
            },
            "rounding": {
                "type": "string",
                "enum": list(BOOST_ROUNDINGS),
                "description": "How a boosted award is rounded to whole points.",
            },
        },
        "A multiplier on a points system's awards while it runs. Stacked boosts apply one "
        "after another, global ones first, each with its own rounding.",
    ),
    "PointsBoostsResponse": {
        "type": "array",
        "items": ref("PointsBoost"),
        "description": "The points system's global boosts, by start date. (Trophy: inline.)",
    },
    "UsersPointsBoostsResponse": {
        "type": "array",
        "items": ref("PointsBoost"),
        "description": "The boosts that apply to the user, global ones first, then by start "
        "date. (Trophy: an inline array.)",
    },
}
