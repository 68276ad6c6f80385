"""Examples for GET /streaks and GET /users/{id}/wrapped: the story's year in review.

The third chapter (leaderboards.py) told again with streaks on (flashcards-flipped counts
for a daily streak), then, at its "now" (noon UTC on 2026-11-26), two reads: the streaks of
its four learners and Kai's 2026 in review. Kai flipped 11 cards once, at 01:00 UTC on
2026-11-25 (10:00 on November 25 in Tokyo), which paid 20 XP.
tests/xp/test_contract_year_in_review.py replays it and compares each example with
StudyXP's answer (ids and timestamps aside).
"""

from app.xp.openapi.examples.leaderboards import BY_CITY_BOARD, KAI, NOW, WEEKLY_BOARD

READ_AT = NOW
STREAK_USER_IDS = "42,7,5,18"

# Kai (1, extended first) and Ana (1) hold their streaks; Sam's and Ben's lapsed on
# November 25 (length 0), and equal lengths go by user id.
STREAKS = [
    {"userId": "5", "streakLength": 1, "extended": "2026-11-25T01:00:00Z"},
    {"userId": "42", "streakLength": 1, "extended": "2026-11-26T08:00:00Z"},
    {"userId": "18", "streakLength": 0, "extended": None},
    {"userId": "7", "streakLength": 0, "extended": None},
]

WRAPPED_YEAR = 2026


def _metrics(flipped: int) -> dict:
    return {
        "cards-reviewed": {
            "name": "Cards Reviewed",
            "units": "cards",
            "currentTotal": 0,
            "changeThisPeriod": 0,
            "percentChange": 0,
            "byAttribute": {},
        },
        "flashcards-flipped": {
            "name": "Flashcards Flipped",
            "units": "cards",
            "currentTotal": flipped,
            "changeThisPeriod": flipped,
            "percentChange": 100,
            "byAttribute": {},
        },
    }


# Kai's only day: everything is 0 before it, so every change is +100%.
_KAI_PERIOD = {
    "metrics": _metrics(11),
    "points": {
        "xp": {
            "name": "XP",
            "description": "Experience points for studying",
            "currentTotal": 20,
            "changeThisPeriod": 20,
            "percentChange": 100,
        }
    },
    "achievements": [],
    "leaderboards": {
        "weekly-flips": {**WEEKLY_BOARD, "rank": 3, "value": 11},
        "xp-by-city": {**BY_CITY_BOARD, "rank": 1, "value": 20},
    },
}

WRAPPED = {
    "user": {
        "id": KAI["id"],
        "email": None,
        "name": KAI["name"],
        "tz": KAI["tz"],
        "subscribeToEmails": True,
        "attributes": KAI["attributes"],
        "control": False,
        "created": "2026-11-25T01:00:00Z",
        "updated": "2026-11-25T01:00:00Z",
    },
    "activity": {
        "daysActive": 1,
        "weeksActive": 1,
        "monthsActive": 1,
        "mostActiveDay": {"date": "2026-11-25", **_KAI_PERIOD},
        "mostActiveWeek": {"start": "2026-11-23", "end": "2026-11-29", **_KAI_PERIOD},
        "mostActiveMonth": {"month": 10, **_KAI_PERIOD},
        "entireYear": {
            **_KAI_PERIOD,
            "longestStreak": {
                "length": 1,
                "frequency": "daily",
                "periodStart": "2026-11-25",
                "periodEnd": "2026-11-25",
                "started": "2026-11-25",
            },
        },
    },
}

STORY = [("streaks_list", "200"), ("users_wrapped", "200")]
