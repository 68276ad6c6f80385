"""Examples for the achievement, streak and boost operations: a second chapter of the story.

After the first chapter's flips of user 42 (examples/points.py: STORY_EVENTS), on seed.py's
set-up with its engagement demo set (badges at 10, 50, 100 and 250 flashcards flipped, at
100 cards reviewed and for a 7-day streak; a daily streak on flips with up to 2 freezes, one
earned every 7 days; +50 XP every 7 days of streak), an operator adds an `api` achievement
"Finish onboarding" paying +25 XP, a Thanksgiving double-XP boost for everyone and a
"Welcome back" boost for user 42. User 42 (Europe/London) then flips 5 cards a day from
2026-11-20 to 2026-11-26 and user 7 (America/New_York) 12 cards on 2026-11-25. At noon UTC
on 2026-11-26 come the reads, then user 18 finishes onboarding.
tests/xp/test_contract_engagement.py replays the chapter and compares each example with
StudyXP's answer (ids and timestamps aside).
"""

from app.xp.openapi.examples.points import (
    METRIC_ID,
    REVIEWS_METRIC_ID,
    STORY_EVENTS,
    STORY_USER,
    XP,
)

NOW = "2026-11-26T12:00:00Z"

ONBOARDING = {
    "key": "finish-onboarding",
    "name": "Finish onboarding",
    "description": "Complete the onboarding tour",
}
ONBOARDING_POINTS = 25
# (name, start, end, multiplier, rounding, user id or None for everyone)
BOOSTS = [
    ("Thanksgiving Double XP", "2026-11-26", "2026-11-27", 2, "down", None),
    ("Welcome back", "2026-11-20", None, 1.5, "nearest", STORY_USER["id"]),
]
NEW_YORK_USER = {"id": "7", "tz": "America/New_York"}
# (user, instant, flashcards flipped): the first chapter's, before the operator's changes.
FIRST_CHAPTER = [(STORY_USER, at, value) for at, value in STORY_EVENTS]
# Then, after them:
EVENTS = [
    *((STORY_USER, f"2026-11-{day}T08:00:00Z", 5) for day in range(20, 27)),
    (NEW_YORK_USER, "2026-11-25T15:00:00Z", 12),
]

COMPLETE_REQUEST = {"user": {"id": "18", "tz": "Europe/London"}}

FIRST_TEN_ID = "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a51"
FIFTY_FLIPS_ID = "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a52"
CENTURY_ID = "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a53"
CARD_SHARK_ID = "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a54"
WEEK_STREAK_ID = "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a55"
ONBOARDING_ID = "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a56"
HUNDRED_REVIEWS_ID = "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a57"
THANKSGIVING_ID = "7b2e1d3f-4c5e-4f60-9b0c-1d2e3f4a5b61"
WELCOME_BACK_ID = "7b2e1d3f-4c5e-4f60-9b0c-1d2e3f4a5b62"


def flips_badge(achievement_id: str, key: str, name: str, flips: int) -> dict:
    return {
        "id": achievement_id,
        "name": name,
        "trigger": "metric",
        "description": f"Flip {flips} flashcards",
        "badgeUrl": f"/static/badges/{key}.svg",
        "key": key,
        "userAttributes": [],
        "metricId": METRIC_ID,
        "metricValue": flips,
        "metricName": "Flashcards Flipped",
        "eventAttributes": [],
    }


FIRST_TEN = flips_badge(FIRST_TEN_ID, "flips-10", "First Ten", 10)
FIFTY_FLIPS = flips_badge(FIFTY_FLIPS_ID, "flips-50", "Fifty Flips", 50)
CENTURY = flips_badge(CENTURY_ID, "flips-100", "Century", 100)
CARD_SHARK = flips_badge(CARD_SHARK_ID, "flips-250", "Card Shark", 250)
HUNDRED_REVIEWS = {
    "id": HUNDRED_REVIEWS_ID,
    "name": "Hundred Reviews",
    "trigger": "metric",
    "description": "Review 100 cards",
    "badgeUrl": "/static/badges/reviews-100.svg",
    "key": "reviews-100",
    "userAttributes": [],
    "metricId": REVIEWS_METRIC_ID,
    "metricValue": 100,
    "metricName": "Cards Reviewed",
    "eventAttributes": [],
}
WEEK_STREAK = {
    "id": WEEK_STREAK_ID,
    "name": "Week-long Streak",
    "trigger": "streak",
    "description": "Study 7 days in a row",
    "badgeUrl": "/static/badges/streak-7.svg",
    "key": "streak-7",
    "userAttributes": [],
    "streakLength": 7,
}
FINISH_ONBOARDING = {
    "id": ONBOARDING_ID,
    "name": ONBOARDING["name"],
    "trigger": "api",
    "description": ONBOARDING["description"],
    "badgeUrl": None,
    "key": ONBOARDING["key"],
    "userAttributes": [],
}


def stats(achievement: dict, completions: int, rarity: float) -> dict:
    return {**achievement, "completions": completions, "rarity": rarity}


# Users 42 and 7: both have First Ten, 42 alone Fifty Flips and the week-long streak; neither
# has reviewed a card.
ACHIEVEMENTS = [
    stats(FIRST_TEN, 2, 100.0),
    stats(FIFTY_FLIPS, 1, 50.0),
    stats(CENTURY, 0, 0.0),
    stats(CARD_SHARK, 0, 0.0),
    stats(HUNDRED_REVIEWS, 0, 0.0),
    stats(WEEK_STREAK, 1, 50.0),
    stats(FINISH_ONBOARDING, 0, 0.0),
]
USER_ACHIEVEMENTS = [
    {**stats(FIRST_TEN, 2, 100.0), "achievedAt": "2026-11-02T09:15:00Z"},
    {**stats(FIFTY_FLIPS, 1, 50.0), "achievedAt": "2026-11-24T08:00:00Z"},
    {**stats(WEEK_STREAK, 1, 50.0), "achievedAt": "2026-11-26T08:00:00Z"},
]


def streak_day(day: int, length: int) -> dict:
    iso = f"2026-11-{day}"
    return {
        "periodStart": iso,
        "periodEnd": iso,
        "length": length,
        "usedPause": False,
        "usedFreeze": False,
    }


# Seven days in a row, 2026-11-20 to 26: one freeze earned (every 7 days), the streak is safe
# until the end of tomorrow.
STREAK = {
    "length": 7,
    "frequency": "daily",
    "started": "2026-11-20",
    "periodStart": "2026-11-26",
    "periodEnd": "2026-11-26",
    "expires": "2026-11-27",
    "freezes": 1,
    "maxFreezes": 2,
    "freezeAutoEarnInterval": 7,
    "freezeAutoEarnAmount": 1,
    "extended": "2026-11-26T08:00:00Z",
    "streakHistory": [streak_day(20 + n, n + 1) for n in range(7)],
    "pauses": [],
}

THANKSGIVING = {
    "id": THANKSGIVING_ID,
    "name": "Thanksgiving Double XP",
    "status": "active",
    "start": "2026-11-26",
    "end": "2026-11-27",
    "multiplier": 2,
    "rounding": "down",
}
WELCOME_BACK = {
    "id": WELCOME_BACK_ID,
    "name": "Welcome back",
    "status": "active",
    "start": "2026-11-20",
    "end": None,
    "multiplier": 1.5,
    "rounding": "nearest",
}
POINTS_BOOSTS = [THANKSGIVING]
USER_POINTS_BOOSTS = [THANKSGIVING, WELCOME_BACK]

# User 18's first XP: +25 for finishing onboarding, doubled on Thanksgiving.
COMPLETION = {
    "completionId": "8c3f2e4a-5d6f-4a71-8c1d-2e3f4a5b6c71",
    "achievement": {**FINISH_ONBOARDING, "achievedAt": NOW},
    "points": {
        "xp": {
            **XP,
            "total": 50,
            "added": 50,
            "awards": [
                {
                    "id": "9d4a3f5b-6e7a-4b82-9d2e-3f4a5b6c7d81",
                    "awarded": 50,
                    "date": NOW,
                    "total": 50,
                    "trigger": {
                        "id": "0e5b4a6c-7f8b-4c93-8e3f-4a5b6c7d8e91",
                        "type": "achievement",
                        "points": ONBOARDING_POINTS,
                        "status": "active",
                        "userAttributes": [],
                        "created": NOW,
                        "updated": NOW,
                        "achievementId": ONBOARDING_ID,
                        "achievementName": ONBOARDING["name"],
                    },
                    "boosts": [THANKSGIVING],
                }
            ],
        }
    },
}


# The order the examples were answered in (the completion changes the stats, so it is last):
# tests/xp/test_contract_engagement.py replays it.
STORY = [
    ("achievements_all", "200"),
    ("users_achievements", "200"),
    ("users_streak", "200"),
    ("points_boosts", "200"),
    ("users_points_boosts", "200"),
    ("achievements_complete", "201"),
]
