"""app.wording: every sentence StudyXP says about XP, for every trigger type, and the guard
that no browser script or template words an award or writes a trigger's number."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from app import wording

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 26)  # a Thursday

METRIC = {
    "type": "metric",
    "points": 10,
    "status": "active",
    "metricThreshold": 5,
    "metricName": "Flashcards Flipped",
}
STREAK = {"type": "streak", "points": 50, "status": "active", "streakLengthThreshold": 7}
ACHIEVEMENT = {
    "type": "achievement",
    "points": 100,
    "status": "active",
    "achievementName": "Century",
}
JOINING = {"type": "user_creation", "points": 5, "status": "active"}
MONTHLY = {"type": "time", "points": 30, "status": "active", "timeUnit": "day", "timeInterval": 30}
DAILY = {"type": "time", "points": 1, "status": "active", "timeUnit": "day", "timeInterval": 1}


@pytest.mark.parametrize(
    ("trigger", "unit", "rule", "reason"),
    [
        (METRIC, "day", "every 5 flashcards flipped", "for 5 flashcards flipped"),
        (STREAK, "day", "every 7-day streak", "for a 7-day streak"),
        (STREAK, "week", "every 7-week streak", "for a 7-week streak"),
        (ACHIEVEMENT, "day", "on completing Century", "for completing Century"),
        (JOINING, "day", "on joining", "for joining"),
        (MONTHLY, "day", "every 30 days since joining", "for 30 days with StudyXP"),
        (DAILY, "day", "every day since joining", "for 1 day with StudyXP"),
        ({"type": "mystery_box"}, "day", "for a mystery box trigger", "for a mystery box trigger"),
    ],
)
def test_a_trigger_and_its_award_in_words_for_every_type(trigger, unit, rule, reason):
    assert wording.trigger_rule(trigger, unit) == rule
    assert wording.award_reason(trigger, unit) == reason


def test_an_award_line_names_the_points_the_reason_and_the_boosts():
    award = {
        "awarded": 20,
        "trigger": METRIC,
        "boosts": [{"name": "Weekend Double XP", "multiplier": 2}, {"multiplier": 3}],
    }

    assert (
        wording.award_line(award, "XP") == "+20 XP for 5 flashcards flipped (Weekend Double XP ×2)"
    )
    assert wording.award_line({**award, "boosts": []}, "XP") == "+20 XP for 5 flashcards flipped"


def test_an_operator_reads_a_trigger_with_its_points():
    assert wording.trigger_label(STREAK, "month") == "+50 every 7-month streak"


def test_how_to_earn_lists_every_active_trigger_type_everyday_ones_first():
    bigger = {**METRIC, "points": 25, "metricThreshold": 10}
    archived = {**METRIC, "metricThreshold": 2, "status": "archived"}
    triggers = [JOINING, MONTHLY, ACHIEVEMENT, STREAK, bigger, archived, METRIC]

    assert wording.earn_rules(triggers, "XP", "week") == [
        "Every 5 flashcards flipped: +10 XP",
        "Every 10 flashcards flipped: +25 XP",
        "Every 7-week streak: +50 XP",
        "On completing Century: +100 XP",
        "Every 30 days since joining: +30 XP",
        "On joining: +5 XP",
    ]


@pytest.mark.parametrize(
    ("rules", "words"),
    [
        (
            ["Every 5 flashcards flipped: +10 XP", "On joining: +5 XP"],
            "No awards yet. Every 5 flashcards flipped: +10 XP.",
        ),
        ([], "No awards yet."),
        (None, "No awards yet."),
    ],
)
def test_the_empty_award_history_points_at_the_first_way_to_earn(rules, words):
    assert wording.no_awards_yet(rules) == words


def test_an_xp_toast_has_a_line_per_award():
    system = {
        "key": "xp",
        "name": "XP",
        "added": 60,
        "awards": [{"awarded": 10, "trigger": METRIC}, {"awarded": 50, "trigger": STREAK}],
    }

    assert wording.xp_toast(system, "week") == {
        "kind": "xp",
        "title": "You gained 60 XP",
        "lines": ["+10 XP for 5 flashcards flipped", "+50 XP for a 7-week streak"],
    }


def test_level_and_achievement_toasts_leave_out_what_is_missing():
    assert wording.level_toast({"name": "Apprentice", "description": None}) == {
        "kind": "level",
        "title": "Level up: Apprentice",
        "lines": [],
    }
    assert wording.achievement_toast(
        {"name": "Century", "description": "Flip 100 flashcards", "badgeUrl": "/b/c.svg"}
    ) == {
        "kind": "achievement",
        "title": "Achievement unlocked: Century",
        "lines": ["Flip 100 flashcards"],
        "badge": {"src": "/b/c.svg", "alt": "Century badge"},
    }
    assert "badge" not in wording.achievement_toast({"name": "Century", "badgeUrl": None})


@pytest.mark.parametrize(
    ("frequency", "title", "line"),
    [
        ("daily", "3-day streak!", "Study again tomorrow to keep it going."),
        ("weekly", "3-week streak!", "Study again next week to keep it going."),
        ("monthly", "3-month streak!", "Study again next month to keep it going."),
    ],
)
def test_a_streak_toast_in_each_period(frequency, title, line):
    assert wording.streak_toast(3, frequency) == {"kind": "streak", "title": title, "lines": [line]}


@pytest.mark.parametrize(
    ("freezes", "line"),
    [
        (1, "You missed a week, and a freeze kept your streak going. 1 freeze left."),
        (0, "You missed a week, and a freeze kept your streak going. 0 freezes left."),
        (None, "You missed a week, and a freeze kept your streak going."),
    ],
)
def test_a_freeze_toast_counts_the_freezes_left(freezes, line):
    assert wording.freeze_toast("weekly", freezes)["lines"] == [line]


def test_streak_lines_for_the_header_and_the_journey():
    assert wording.streak_label(6, "monthly") == "6-month streak"
    assert wording.streak_label(6, None) == "6-day streak"
    assert wording.longest_streak(1, "day") == "Longest streak: 1 day"
    assert wording.longest_streak(12, "week") == "Longest streak: 12 weeks"
    assert wording.freezes_in_words("day", 7) == (
        "A freeze keeps your streak through a missed day; you earn one for every 7 days of streak."
    )
    assert wording.freezes_in_words("week", None) == (
        "A freeze keeps your streak through a missed week."
    )


@pytest.mark.parametrize(
    ("expires", "words"),
    [
        (None, None),
        (TODAY - timedelta(days=1), "Study today to keep your streak."),
        (TODAY, "Study today to keep your streak."),
        (
            TODAY + timedelta(days=1),
            "Study by the end of tomorrow (Friday 27 November) to keep your streak.",
        ),
        (TODAY + timedelta(days=5), "Study by the end of Tuesday 1 December to keep your streak."),
    ],
)
def test_expiry_in_words(expires, words):
    assert wording.expiry_in_words(expires, TODAY) == words


@pytest.mark.parametrize(
    ("rarity", "words"),
    [
        (12.0, "12% of learners"),
        (66.67, "67% of learners"),
        (100.0, "100% of learners"),
        (0.4, "under 1% of learners"),
        (0, "0% of learners"),
    ],
)
def test_rarity_in_words(rarity, words):
    assert wording.rarity_in_words(rarity) == words


@pytest.mark.parametrize(
    ("trigger", "fields", "words"),
    [
        (
            "metric",
            {"metric_value": "10", "metric_name": "Flashcards Flipped"},
            "reach 10 flashcards flipped",
        ),
        ("streak", {"streak_length": 7, "unit": "week"}, "a 7-week streak"),
        ("achievement", {"prerequisites": ["First Ten"]}, "complete First Ten"),
        (
            "achievement",
            {"prerequisites": ["First Ten", "Fifty Flips", "Century"]},
            "complete First Ten, Fifty Flips and Century",
        ),
        ("api", {}, "completed through the API"),
    ],
)
def test_how_an_achievement_is_completed(trigger, fields, words):
    assert wording.achievement_rule(trigger, **fields) == words


# What only app.wording may say. Each pattern matched the browser's own award wording or a
# template's hard-coded trigger before the wording moved to the server.
AWARD_WORDING = [
    r"You gained",
    r"Level up",
    r"Achievement unlocked",
    r"streak!",
    r"Streak saved",
    r"freeze kept",
    r"for completing",
    r"for joining",
    r"with StudyXP",
    r"to keep it going",
    r"\b\d+\s+(?:XP|cards?|flashcards?)\b",  # a trigger's number: "earn 10 XP"
    r"""daily["']?\s*:\s*["']day""",  # the periods' words, as a lookup table
    r"Not counted:",  # why a flip earned nothing: the server's words, shown as given
    r"Slow down:",
    r"counts? again in",
]


def browser_and_template_files() -> list[Path]:
    scripts = [p for p in (ROOT / "static" / "js").rglob("*.js")]
    return scripts + sorted((ROOT / "templates").rglob("*.html"))


def test_no_script_or_template_words_an_award_or_writes_a_trigger_number():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in browser_and_template_files()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        for pattern in AWARD_WORDING
        if re.search(pattern, line)
    ]

    assert found == []


def test_the_guard_catches_the_wording_it_replaced():
    old_lines = [
        "No awards yet. Every 5 cards you flip earn 10 XP.",
        'toast.append(element("p", "toast-title", `You gained ${system.added} ${name}`));',
        'const PERIOD_WORDS = { daily: "day", weekly: "week", monthly: "month" };',
        'return trigger.achievementName ? `for completing ${trigger.achievementName}` : "";',
    ]

    assert all(any(re.search(p, line) for p in AWARD_WORDING) for line in old_lines)


@pytest.mark.parametrize(
    ("window", "wait", "words"),
    [
        (
            timedelta(hours=1),
            timedelta(minutes=41, seconds=30),
            "Not counted: this card already counted towards XP in the last hour. "
            "It counts again in 42 minutes.",
        ),
        (
            timedelta(hours=1),
            timedelta(minutes=60),
            "Not counted: this card already counted towards XP in the last hour. "
            "It counts again in 60 minutes.",
        ),
        (
            timedelta(hours=1),
            timedelta(seconds=1),
            "Not counted: this card already counted towards XP in the last hour. "
            "It counts again in 1 minute.",
        ),
        (
            timedelta(hours=1),
            timedelta(0),
            "Not counted: this card already counted towards XP in the last hour. "
            "It counts again in 1 minute.",
        ),
        (
            timedelta(hours=2),
            timedelta(minutes=61),
            "Not counted: this card already counted towards XP in the last 2 hours. "
            "It counts again in 61 minutes.",
        ),
        (
            timedelta(minutes=90),
            timedelta(minutes=29),
            "Not counted: this card already counted towards XP in the last 90 minutes. "
            "It counts again in 29 minutes.",
        ),
        (
            timedelta(minutes=1),
            timedelta(seconds=59),
            "Not counted: this card already counted towards XP in the last minute. "
            "It counts again in 1 minute.",
        ),
    ],
)
def test_a_flip_not_counted_says_when_the_card_counts_again(window, wait, words):
    assert wording.flip_not_counted(window, wait) == words


@pytest.mark.parametrize(
    ("retry_after", "words"),
    [
        (8, "Slow down: that is faster than anyone can read. Flips count again in 8 seconds."),
        (1, "Slow down: that is faster than anyone can read. Flips count again in 1 second."),
        (0, "Slow down: that is faster than anyone can read. Flips count again in 1 second."),
    ],
)
def test_flips_too_fast_say_when_they_count_again(retry_after, words):
    assert wording.flips_too_fast(retry_after) == words


# --- leaderboards ---------------------------------------------------------------------------


def test_a_rank_toast_says_where_the_learner_moved():
    assert wording.rank_toast("Weekly XP", 4, 6) == {
        "kind": "rank",
        "title": "You moved up to #4 in Weekly XP",
        "lines": ["Up from #6."],
    }


@pytest.mark.parametrize(
    ("last_day", "words"),
    [
        (None, "never ends"),
        (TODAY, "ends tonight at midnight"),
        (TODAY + timedelta(days=1), "ends tomorrow at midnight"),
        (TODAY + timedelta(days=3), "ends Sunday at midnight"),
        (TODAY + timedelta(days=6), "ends Wednesday at midnight"),
        (TODAY + timedelta(days=7), "ends on Thursday 3 December at midnight"),
        (TODAY - timedelta(days=4), "ended on Sunday 22 November"),
    ],
)
def test_when_a_run_ends_in_the_learners_days(last_day, words):
    assert wording.run_end_in_words(last_day, TODAY) == words


@pytest.mark.parametrize(
    ("first", "last", "words"),
    [
        (date(2026, 11, 23), date(2026, 11, 29), "23 – 29 November"),
        (date(2026, 12, 28), date(2027, 1, 3), "28 December – 3 January"),
        (date(2026, 12, 1), None, "since 1 December"),
    ],
)
def test_a_runs_days_in_words(first, last, words):
    assert wording.run_in_words(first, last) == words
