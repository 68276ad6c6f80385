"""Examples for the leaderboard operations: a third chapter of the story, told by real answers.

On seed.py's set-up (metric flashcards-flipped; points system xp paying +10 XP every 5 and
+50 XP every 25 flips), at 08:00 UTC on 2026-11-01 an operator activates four boards (BOARDS):
weekly flips from Monday 2026-11-02, XP by city (a breakdown on the `city` attribute), a
first-week sprint that is long finished by now, and December's streak board, still scheduled.
Four learners in three time zones then flip cards (EVENTS), Ana's last flips at 08:00 UTC on
2026-11-26 (LAST_EVENT: its answer is the event example with `leaderboards`). At noon UTC on
2026-11-26 come the reads. tests/xp/test_contract_leaderboards.py replays the chapter and
compares each example with StudyXP's answer (ids and timestamps aside).
"""

from app.xp.openapi.examples.points import EVERY_5, METRIC_ID, XP, award, event_response

ACTIVATED = "2026-11-01T08:00:00Z"
NOW = "2026-11-26T12:00:00Z"

ANA = {"id": "42", "name": "Ana", "tz": "Europe/London", "attributes": {"city": "London"}}
SAM = {"id": "7", "name": "Sam", "tz": "America/New_York", "attributes": {"city": "New York"}}
KAI = {"id": "5", "name": "Kai", "tz": "Asia/Tokyo", "attributes": {"city": "Tokyo"}}
BEN = {"id": "18", "name": "Ben", "tz": "Europe/London", "attributes": {"city": "London"}}

# The boards as the operator saves them (app/xp/admin/leaderboards.py's save_leaderboard).
WEEKLY = {
    "key": "weekly-flips",
    "name": "Weekly Flips",
    "description": "Who flips the most cards each week, Monday to Sunday",
    "rank_by": "metric",
    "start": "2026-11-02",
    "max_participants": 100,
    "run_unit": "day",
    "run_interval": 7,
}
BY_CITY = {
    "key": "xp-by-city",
    "name": "XP by City",
    "description": "Each city's learners by XP",
    "rank_by": "points",
    "start": "2026-11-01",
    "max_participants": 50,
    "breakdown_attributes": ["city"],
}
SPRINT = {
    "key": "first-week",
    "name": "First Week Sprint",
    "rank_by": "metric",
    "start": "2026-11-02",
    "end": "2026-11-08",
    "max_participants": 10,
}
DECEMBER = {
    "key": "december-streaks",
    "name": "December Streaks",
    "description": "The longest streaks of December",
    "rank_by": "streak",
    "start": "2026-12-01",
    "end": "2026-12-31",
}
BOARDS = [WEEKLY, BY_CITY, SPRINT, DECEMBER]

# (user, instant, flashcards flipped), in order.
EVENTS = [
    (ANA, "2026-11-03T09:00:00Z", 10),
    (SAM, "2026-11-04T14:00:00Z", 15),
    (ANA, "2026-11-17T08:00:00Z", 20),
    (SAM, "2026-11-18T15:00:00Z", 30),
    (ANA, "2026-11-23T08:00:00Z", 10),
    (ANA, "2026-11-24T07:00:00Z", 1),
    (BEN, "2026-11-24T09:00:00Z", 8),
    (SAM, "2026-11-24T15:00:00Z", 12),
    (KAI, "2026-11-25T01:00:00Z", 11),
]
LAST_EVENT = (ANA, "2026-11-26T08:00:00Z", 5)

WEEKLY_ID = "3b8e2f6a-1c4d-4e7f-9a2b-5c6d7e8f9a01"
BY_CITY_ID = "3b8e2f6a-1c4d-4e7f-9a2b-5c6d7e8f9a02"
SPRINT_ID = "3b8e2f6a-1c4d-4e7f-9a2b-5c6d7e8f9a03"
DECEMBER_ID = "3b8e2f6a-1c4d-4e7f-9a2b-5c6d7e8f9a04"

# The boards as the API answers them.
WEEKLY_BOARD = {
    "id": WEEKLY_ID,
    "name": "Weekly Flips",
    "key": "weekly-flips",
    "status": "active",
    "description": "Who flips the most cards each week, Monday to Sunday",
    "rankBy": "metric",
    "breakdownAttribute": None,
    "breakdownAttributes": [],
    "start": "2026-11-02",
    "end": None,
    "startTime": None,
    "endTime": None,
    "maxParticipants": 100,
    "runUnit": "day",
    "runInterval": 7,
    "userAttributes": [],
    "metricKey": "flashcards-flipped",
    "metricName": "Flashcards Flipped",
}
BY_CITY_BOARD = {
    "id": BY_CITY_ID,
    "name": "XP by City",
    "key": "xp-by-city",
    "status": "active",
    "description": "Each city's learners by XP",
    "rankBy": "points",
    "breakdownAttribute": "city",
    "breakdownAttributes": ["city"],
    "start": "2026-11-01",
    "end": None,
    "startTime": None,
    "endTime": None,
    "maxParticipants": 50,
    "runUnit": None,
    "runInterval": None,
    "userAttributes": [],
    "pointsSystemKey": "xp",
    "pointsSystemName": "XP",
}
# Its last run (its only one) was final at 12:00 UTC on 2026-11-09.
SPRINT_BOARD = {
    "id": SPRINT_ID,
    "name": "First Week Sprint",
    "key": "first-week",
    "status": "finished",
    "description": None,
    "rankBy": "metric",
    "breakdownAttribute": None,
    "breakdownAttributes": [],
    "start": "2026-11-02",
    "end": "2026-11-08",
    "startTime": None,
    "endTime": None,
    "maxParticipants": 10,
    "runUnit": None,
    "runInterval": None,
    "userAttributes": [],
    "metricKey": "flashcards-flipped",
    "metricName": "Flashcards Flipped",
}
# Active, but its first day has not begun anywhere yet.
DECEMBER_BOARD = {
    "id": DECEMBER_ID,
    "name": "December Streaks",
    "key": "december-streaks",
    "status": "scheduled",
    "description": "The longest streaks of December",
    "rankBy": "streak",
    "breakdownAttribute": None,
    "breakdownAttributes": [],
    "start": "2026-12-01",
    "end": "2026-12-31",
    "startTime": None,
    "endTime": None,
    "maxParticipants": 1000,
    "runUnit": None,
    "runInterval": None,
    "userAttributes": [],
}

# GET /leaderboards?includeFinished=true
LEADERBOARDS = [WEEKLY_BOARD, BY_CITY_BOARD, SPRINT_BOARD, DECEMBER_BOARD]


def ranking(user: dict, rank: int, value: int) -> dict:
    return {"userId": user["id"], "userName": user["name"], "rank": rank, "value": value}


# GET /leaderboards/weekly-flips?offset=0&limit=3&run=2026-11-25: the top three of the week
# from Monday 2026-11-23 (Ben, 4th with 8, is not on this page).
RANKINGS = {
    **WEEKLY_BOARD,
    "rankings": [ranking(ANA, 1, 16), ranking(SAM, 2, 12), ranking(KAI, 3, 11)],
}


def day(date: str, previous_rank, rank, previous_value, value) -> dict:
    return {
        "date": date,
        "timestamp": f"{date}T00:00:00Z",
        "previousRank": previous_rank,
        "rank": rank,
        "previousValue": previous_value,
        "value": value,
    }


# GET /users/42/leaderboards/weekly-flips?run=2026-11-25&numEvents=5: Ana's days this week.
# Before her flips on the 26th she was 2nd: Sam's 12 had passed her 11, and Kai's 11 had not
# (she reached 11 first). Days on which only others moved are not in her history.
USER_PLACE = {
    **WEEKLY_BOARD,
    "rank": 1,
    "value": 16,
    "history": [
        day("2026-11-23", None, 1, None, 10),
        day("2026-11-24", 1, 1, 10, 11),
        day("2026-11-26", 2, 1, 11, 16),
    ],
}

# POST /metrics/flashcards-flipped/event, Ana's 5 flips at 08:00 UTC on 2026-11-26 (LAST_EVENT):
# both boards she is on moved; `start` and `end` are the runs the event counted in.
EVENT = {
    "eventId": "4ffc6bfe-ebd5-4c56-9fdd-531ac2aa62ce",
    "metricId": METRIC_ID,
    "total": 46,
    "achievements": [],
    "currentStreak": event_response(False)["currentStreak"],
    "points": {
        "xp": {
            **XP,
            "total": 140,
            "added": 10,
            "awards": [
                award(
                    "a8e9b87e-0244-430a-8730-8b5875591989",
                    10,
                    LAST_EVENT[1],
                    140,
                    EVERY_5,
                )
            ],
        }
    },
    "leaderboards": {
        "weekly-flips": {
            **WEEKLY_BOARD,
            "start": "2026-11-23",
            "end": "2026-11-29",
            "rank": 1,
            "previousRank": 2,
            "threshold": 0,
        },
        "xp-by-city": {
            **BY_CITY_BOARD,
            "rank": 1,
            "previousRank": 1,
            "threshold": 0,
            "breakdownAttributeValues": [{"key": "city", "value": "London"}],
            "breakdownAttributeValue": "London",
        },
    },
}

# The order the examples were answered in: tests/xp/test_contract_leaderboards.py replays it.
STORY = [("leaderboards_all", "200"), ("leaderboards_get", "200"), ("users_leaderboard", "200")]
