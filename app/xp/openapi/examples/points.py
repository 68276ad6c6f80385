"""Examples for StudyXP's OpenAPI document: one story, told by real answers.

On seed.py's set-up (metrics flashcards-flipped and cards-reviewed; points system xp paying
+10 XP every 5 and +50 XP every 25 flips and +10 XP every 10 cards reviewed), user 42
(Europe/London) flips 10 cards on 2026-11-02 and 15 on 2026-11-12; user 18 sends their first
5 flips with an Idempotency-Key, twice; then the reads; then user 7 is created and user 42
identified (PUT) and updated (PATCH). Every example below is what StudyXP answered in that
story; tests/xp/test_openapi.py replays the story and compares each example with the real
answer (ids and timestamps aside).
"""

METRIC_ID = "5922cfab-161a-4a2f-a319-806df70f84e7"
REVIEWS_METRIC_ID = "6a33d0bc-272b-4b3f-b42a-917e0a85f9f8"
SYSTEM_ID = "26306bfc-d944-430c-bf67-f829996a8c28"
EVERY_5_ID = "9493dde2-c47b-45a8-a3b6-52b08482b517"
EVERY_25_ID = "0b7c5d21-8f3e-4a6b-9c1d-2e4f6a8b0c13"
EVERY_10_REVIEWS_ID = "1c8d6e32-9a4f-4b7c-8d2e-3f5a7b9c1d24"
CONFIGURED = "2026-10-01T08:00:00Z"

# User 42's story, as the tests record it (events in the past go through the engine's `at`).
STORY_USER = {
    "id": "42",
    "email": "ana@example.com",
    "name": "Ana",
    "tz": "Europe/London",
    "attributes": {"plan": "pro"},
}
STORY_EVENTS = [("2026-11-02T09:15:00Z", 10), ("2026-11-12T18:40:00Z", 15)]

EVENT_REQUEST = {"user": {"id": "18", "tz": "Europe/London"}, "value": 5}
IDEMPOTENCY_KEY = "flip-18-0001"

XP = {
    "id": SYSTEM_ID,
    "key": "xp",
    "name": "XP",
    "description": "Experience points for studying",
    "badgeUrl": None,
    "maxPoints": None,
}


def trigger(
    trigger_id: str,
    points: int,
    threshold: int,
    metric_id: str = METRIC_ID,
    metric_name: str = "Flashcards Flipped",
) -> dict:
    return {
        "id": trigger_id,
        "type": "metric",
        "points": points,
        "status": "active",
        "userAttributes": [],
        "created": CONFIGURED,
        "updated": CONFIGURED,
        "metricId": metric_id,
        "metricName": metric_name,
        "metricThreshold": threshold,
        "eventAttributes": [],
    }


EVERY_5 = trigger(EVERY_5_ID, 10, 5)
EVERY_25 = trigger(EVERY_25_ID, 50, 25)
EVERY_10_REVIEWS = trigger(EVERY_10_REVIEWS_ID, 10, 10, REVIEWS_METRIC_ID, "Cards Reviewed")


def award(award_id: str, awarded: int, date: str, total: int, paid_by: dict) -> dict:
    return {
        "id": award_id,
        "awarded": awarded,
        "date": date,
        "total": total,
        "trigger": paid_by,
        "boosts": [],
    }


def event_response(replayed: bool) -> dict:
    return {
        "eventId": "e36334f4-594b-4d84-a528-ddd9a5dc5ac1",
        "metricId": METRIC_ID,
        "total": 5,
        "achievements": [],
        "currentStreak": {
            "length": 0,
            "frequency": "daily",
            "started": None,
            "periodStart": None,
            "periodEnd": None,
            "expires": None,
            "extended": False,
        },
        "points": {
            "xp": {
                **XP,
                "total": 10,
                "added": 10,
                "awards": [
                    award(
                        "c7353e5c-6be7-4422-9055-540ccf7d2991",
                        10,
                        "2026-11-26T10:36:55Z",
                        10,
                        EVERY_5,
                    )
                ],
            }
        },
        "leaderboards": {},
        "idempotencyKey": IDEMPOTENCY_KEY,
        "idempotentReplayed": replayed,
    }


def level(level_id: str, key: str, points: int, description: str) -> dict:
    return {
        "id": level_id,
        "key": key,
        "name": key.title(),
        "description": description,
        "badgeUrl": None,
        "points": points,
    }


# seed.py's levels of the xp system.
LEVELS = [
    level("1c0f5a3e-7b2d-4e8f-9a61-3d5c7e9f1b24", "novice", 0, "Every learner starts here"),
    level("2d1a6b4f-8c3e-4f90-8b72-4e6d8f0a2c35", "apprentice", 100, "The first hundred XP"),
    level("3e2b7c5a-9d4f-4a01-9c83-5f7e9a1b3d46", "scholar", 500, "A study habit is forming"),
    level("4f3c8d6b-0e5a-4b12-8d94-6a8f0b2c4e57", "expert", 2500, "Thousands of cards behind you"),
    level("5a4d9e7c-1f6b-4c23-9ea5-7b9a1c3d5f68", "master", 10000, "Ten thousand XP of study"),
]
APPRENTICE = LEVELS[1]

USER_POINTS = {
    **XP,
    "total": 100,
    "level": APPRENTICE,
    "awards": [
        award("8d2c4e6f-1a3b-4c5d-9e7f-0a1b2c3d4e5f", 50, "2026-11-12T18:40:00Z", 100, EVERY_25),
        award("3f1e9a7b-2c4d-4e6f-8a0b-1c2d3e4f5a6b", 30, "2026-11-12T18:40:00Z", 50, EVERY_5),
    ],
}


def weeks(*rows: tuple[str, float, float]) -> list[dict]:
    return [{"date": day, "total": total, "change": change} for day, total, change in rows]


# Weekly, 2026-11-01 (a Sunday) to 2026-11-30: whole weeks, so from Monday 2026-10-26.
POINTS_EVENT_SUMMARY = weeks(
    ("2026-10-26", 0, 0),
    ("2026-11-02", 20, 20),
    ("2026-11-09", 100, 80),
    ("2026-11-16", 100, 0),
    ("2026-11-23", 100, 0),
    ("2026-11-30", 100, 0),
)
METRIC_EVENT_SUMMARY = weeks(
    ("2026-10-26", 0, 0),
    ("2026-11-02", 10, 10),
    ("2026-11-09", 25, 15),
    ("2026-11-16", 25, 0),
    ("2026-11-23", 25, 0),
    ("2026-11-30", 25, 0),
)

POINTS_SYSTEM = {**XP, "triggers": [EVERY_5, EVERY_25, EVERY_10_REVIEWS]}

# User 18 (10 XP) is a Novice and user 42 (100 XP) an Apprentice.
LEVEL_SUMMARY = [
    {"level": lv, "users": 1 if lv["key"] in ("novice", "apprentice") else 0} for lv in LEVELS
]

# User 18 holds 10 XP, user 42 holds 100: ten ranges up to 100.
POINTS_SUMMARY = [
    {"from": 0, "to": 0, "users": 0},
    *(
        {"from": low, "to": low + 9, "users": 1 if low in (1, 91) else 0}
        for low in range(1, 100, 10)
    ),
]


FLIPS_METRIC = {
    "id": METRIC_ID,
    "key": "flashcards-flipped",
    "name": "Flashcards Flipped",
    "current": 25,
    "achievements": [],
}
REVIEWS_METRIC = {
    "id": REVIEWS_METRIC_ID,
    "key": "cards-reviewed",
    "name": "Cards Reviewed",
    "current": 0,
    "achievements": [],
}
# Every active metric, by key.
METRICS = [REVIEWS_METRIC, FLIPS_METRIC]


def user(fields: dict, created: str, updated: str | None = None) -> dict:
    """A User as StudyXP answers it: every field, nulls for those never sent."""
    return {
        "id": fields["id"],
        "email": fields.get("email"),
        "name": fields.get("name"),
        "tz": fields.get("tz"),
        "subscribeToEmails": fields.get("subscribeToEmails", True),
        "attributes": fields.get("attributes", {}),
        "control": False,
        "created": created,
        "updated": updated or created,
    }


USER = user(STORY_USER, "2026-11-02T09:15:00Z")

NEW_USER = {
    "id": "7",
    "email": "sam@example.com",
    "name": "Sam",
    "tz": "America/New_York",
    "subscribeToEmails": False,
    "attributes": {"plan": "free"},
}
IDENTIFY = {"email": "ana@example.org", "tz": "Europe/Madrid"}
UPDATE = {"name": "Ana García", "attributes": {"team": "blue"}}


def created_user() -> dict:
    return user(NEW_USER, "2026-11-26T11:00:00Z")


def identified_user() -> dict:
    return user({**STORY_USER, **IDENTIFY}, USER["created"], "2026-11-26T11:05:00Z")


def updated_user() -> dict:
    fields = {**STORY_USER, **IDENTIFY, **UPDATE, "attributes": {"plan": "pro", "team": "blue"}}
    return user(fields, USER["created"], "2026-11-26T11:10:00Z")
