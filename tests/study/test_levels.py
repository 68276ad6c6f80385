"""Levels on the learner's side: the header's level, the XP panel's level progress and the
flip's HX-Trigger carrying the level up. seed.py: Novice 0, Apprentice 100, Scholar 500,
Expert 2,500, Master 10,000; +10 XP every 5 flips and +50 every 25."""

import json
import re
from html import unescape

import pytest

from app.extensions import db
from app.study.learning import LevelProgress, level_progress
from app.xp.engine.events import record_event
from tests.support.learners import flip, get_account

LEVELS = [
    {"name": "Novice", "points": 0},
    {"name": "Apprentice", "points": 100},
    {"name": "Scholar", "points": 500},
]


@pytest.mark.parametrize(
    ("levels", "total", "expected"),
    [
        (LEVELS, 0, LevelProgress("Novice", "Apprentice", 100, 100, 0)),
        (LEVELS, 40, LevelProgress("Novice", "Apprentice", 100, 60, 40)),
        (LEVELS, 100, LevelProgress("Apprentice", "Scholar", 500, 400, 0)),
        (LEVELS, 499, LevelProgress("Apprentice", "Scholar", 500, 1, 99)),
        (LEVELS, 9000, LevelProgress("Scholar", None, None, 0, 100)),
        (LEVELS[1:], 30, LevelProgress(None, "Apprentice", 100, 70, 30)),
        ([], 30, None),
    ],
)
def test_level_progress_between_levels(levels, total, expected):
    assert level_progress(levels, total) == expected


def give_flips(app, flips: int, email="ana@example.com") -> None:
    account = get_account(app, email)
    with app.app_context():
        record_event("flashcards-flipped", {"id": account.xp_user_id}, flips)
        db.session.remove()


def header_level(html: str) -> tuple[str, bool]:
    tag = re.search(r'<span id="xp-level"[^>]*>([^<]*)</span>', html)
    return unescape(tag[1]), " hidden" in tag[0]


def level_text(html: str) -> str:
    block = re.search(
        r'<div class="level-progress" data-testid="level-progress">(.*?)</div>', html, re.S
    )
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", block[1])).split())


def test_new_learner_has_no_level_in_the_header_yet(learner, client):
    assert header_level(client.get("/progress/").text) == ("", True)


def test_header_shows_the_level_name_next_to_the_total(app, learner, client):
    give_flips(app, 25)  # 100 XP

    page = client.get("/decks/").text

    assert re.search(r'data-testid="xp-total" data-value="100">100</span>', page)
    assert header_level(page) == ("Apprentice", False)


def test_panel_shows_the_next_level_and_the_points_to_go(app, learner, client):
    give_flips(app, 24)  # 40 XP

    page = client.get("/progress/").text

    assert level_text(page) == "Novice → Apprentice at 100 XP: 60 XP to go 40%"
    assert '<progress max="100" value="40"' in page


def test_panel_at_the_top_level_says_so(app, learner, client):
    give_flips(app, 4000)  # 8,000 + 8,000 = 16,000 XP: Master

    assert level_text(client.get("/progress/panel").text) == "Master : the top level 100%"


def test_flip_that_levels_up_carries_the_level_in_hx_trigger(app, learner, client, capitals):
    give_flips(app, 24)

    response = flip(client, capitals.id, capitals.card_ids[0], "level-up-1")

    events = json.loads(response.headers["HX-Trigger"])
    news = events["xp-news"]
    assert news["toasts"][-1] == {
        "kind": "level",
        "title": "Level up: Apprentice",
        "lines": ["The first hundred XP"],
    }
    assert (news["level"], news["sound"], events["xp-changed"]) == (
        "Apprentice",
        "level",
        {"xpTotal": 100},
    )
