"""How many calls the study app makes to the XP service (issue 18): one per flip, at most two
per study page load (the page and its chart's data), counted through CountingXpClient around
the in-process client and around HttpXpClient against a live XP service (tests/xp/
live_service.py), where the service's own request log must agree.

Configuration (levels, the points system) and the header's streak are held a while per process
(app/study/xp_reads.py): a page's first load in a process asks for them, the loads after it
within READ_CACHE_SECONDS do not.
"""

import json
import re

import pytest

from app.study import xp_reads
from app.study.streaks_and_badges import kept_through_a_gap
from app.xp.client import XpClient
from seed import seed_decks
from tests.support import build_app
from tests.support.databases import close_app
from tests.support.learners import HTMX, AuthActions, deck_info, flip, flip_many
from tests.xp.live_service import start_xp_service

XP_METHODS = {name for name in vars(XpClient) if not name.startswith("_")}
# What a study page load asks once configuration is held: the header's and panel's points
# (one answer for both), and the chart's data (its own request).
PAGE_LOAD = ["user_points", "points_event_summary"]


class CountingXpClient:
    """An XpClient that records the name of every XP call it passes on to `inner`."""

    def __init__(self, inner):
        self.inner = inner
        self.calls: list[str] = []

    def __getattr__(self, name):
        method = getattr(self.inner, name)
        if name not in XP_METHODS:
            return method

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted

    def take(self) -> list[str]:
        """The calls since the last take()."""
        calls, self.calls = self.calls, []
        return calls


class Study:
    """A logged-in learner on a study app whose XP calls are counted."""

    def __init__(self, app, service=None):
        self.app, self.service = app, service
        self.xp = app.extensions["xp_client"] = CountingXpClient(app.extensions["xp_client"])
        self.client = app.test_client()
        assert AuthActions(self.client).register().status_code == 302
        self.deck = deck_info(app, "european-capitals")
        self.xp.take()
        self._seen = self._requests()

    def _requests(self) -> int:
        return len(self.service.wsgi.attempts) if self.service else 0

    def calls(self) -> list[str]:
        """The XP calls since the last look; over HTTP, the service saw as many requests."""
        calls = self.xp.take()
        if self.service is not None:
            seen = self._requests()
            assert seen - self._seen == len(calls)
            self._seen = seen
        return calls

    def load_study_page(self) -> str:
        """The study page and the chart data its script asks for."""
        page = self.client.get(f"/decks/{self.deck.id}/study/")
        chart = self.client.get("/progress/chart-data?aggregation=daily&range=30d")
        assert (page.status_code, chart.status_code) == (200, 200)
        return page.text

    def flip(self, n: int):
        return flip(self.client, self.deck.id, self.deck.card_ids[n], f"flip-{n}")


@pytest.fixture(params=["in-process", "http"])
def study(request, app, tmp_path, template_cache, clock):
    """The seeded study app with the in-process client, or a study app on its own database
    whose XP is a live XP service over HTTP (XP_API_URL, XP_API_KEY)."""
    if request.param == "in-process":
        yield Study(app)
        return
    service = start_xp_service(f"sqlite:///{tmp_path / 'xp-service.sqlite3'}")
    remote = build_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'study-app.sqlite3'}",
            "WTF_CSRF_ENABLED": False,
            "XP_API_URL": service.url,
            "XP_API_KEY": service.api_key,
        }
    )
    remote.jinja_env.bytecode_cache = template_cache
    with remote.app_context():
        seed_decks()
    yield Study(remote, service)
    remote.extensions["xp_client"].inner.close()
    close_app(remote)
    service.close()


def events(response) -> dict:
    return json.loads(response.headers.get("HX-Trigger", "{}"))


def test_a_flip_makes_one_xp_call_with_or_without_an_award(study):
    study.load_study_page()
    study.calls()

    answers = [study.flip(n) for n in range(5)]
    calls = study.calls()

    assert [a.status_code for a in answers] == [200] * 5
    assert calls == ["record_event"] * 5
    assert [sorted(events(a)) for a in answers[:4]] == [[]] * 4
    assert sorted(events(answers[4])) == ["xp-changed", "xp-news", "xp-progress"]


def test_a_flips_answer_carries_the_panel_and_chart_news(study):
    study.load_study_page()
    study.calls()

    fifth = events([study.flip(n) for n in range(5)][-1])

    assert study.calls() == ["record_event"] * 5
    progress = fifth["xp-progress"]
    [award] = progress["awards"]
    assert (award["points"], award["total"], award["reason"]) == (
        "+10 XP",
        "total 10",
        "for 5 flashcards flipped",
    )
    # seed.py's levels: Novice from 0 XP, Apprentice from 100.
    assert progress["level"] == {
        "label": [
            ["Novice", "current"],
            [" → ", None],
            ["Apprentice", "next"],
            [" at ", None],
            ["100", "next-points"],
            [" XP: ", None],
            ["90 XP to go", "to-go"],
        ],
        "percent": 10,
    }
    assert progress["chart"] == {"date": award["iso"][:10], "added": 10}


def test_a_study_page_load_makes_at_most_two_xp_calls(study, clock):
    study.load_study_page()  # the first in this process, before any award
    first = study.calls()
    flip_many(study.client, study.deck.id, study.deck.card_ids[:5])
    study.calls()
    study.load_study_page()
    with_an_award = study.calls()
    study.load_study_page()
    again = study.calls()
    clock.shift(seconds=xp_reads.READ_CACHE_SECONDS)
    study.load_study_page()
    a_minute_on = study.calls()

    # Configuration and the streak, once per READ_CACHE_SECONDS; the points system only to
    # word the empty history's "how to earn".
    held = ["points_levels", "points_system", "user_streak"]
    assert sorted(first) == sorted(PAGE_LOAD + held)
    assert with_an_award == again == PAGE_LOAD
    assert sorted(a_minute_on) == sorted(PAGE_LOAD + ["points_levels", "user_streak"])


def test_the_page_after_a_flip_shows_what_the_flips_answer_said(app, clock):
    """The panel's history items and level bar, as the page renders them, are the texts a
    flip's xp-progress carried (one wording, app/study/learning.py)."""
    study = Study(app)
    fifth = events([study.flip(n) for n in range(5)][-1])["xp-progress"]

    page = study.load_study_page()

    [item] = re.findall(r'<li data-testid="award-item">(.*?)</li>', page, re.S)
    texts = [text for text in re.findall(r">([^<]+)<", item) if text.strip()]
    award = fifth["awards"][0]
    assert texts == [award["when"], award["points"], award["total"], award["reason"]]
    assert f'datetime="{award["iso"]}"' in item
    label = re.search(r'id="level-progress-label">(.*?)</p>', page, re.S)[1]
    assert re.sub(r"<[^>]+>", "", label) == "".join(text for text, _ in fifth["level"]["label"])
    assert '<progress max="100" value="10"' in page


def test_what_other_requests_cost(app, clock):
    """Next and Previous (the card fragment) ask nothing; other pages' costs, as they are."""
    study = Study(app)
    flip_many(study.client, study.deck.id, study.deck.card_ids[:5])
    study.client.get("/progress/")  # holds the points system, for "How to earn XP"
    study.load_study_page()
    study.calls()

    card = study.client.get(f"/decks/{study.deck.id}/study/card?position=2")
    card_calls = study.calls()
    study.client.get("/decks/")
    decks_calls = study.calls()
    study.client.get("/progress/")
    progress_calls = study.calls()

    assert card.status_code == 200
    assert card_calls == []
    assert decks_calls == ["user_points"]  # the header
    assert progress_calls == ["user_points"]  # the panel and the header; the chart: PAGE_LOAD


def test_a_graded_review_makes_one_xp_call(app, clock):
    """A grade's answer is the next card's fragment, which renders no header: only the event."""
    study = Study(app)
    html = study.client.get(f"/decks/{study.deck.id}/review/").text
    study.calls()
    shown = re.search(r'data-card-id="(\d+)"\s+data-review-number="(\d+)"', html)

    answer = study.client.post(
        f"/decks/{study.deck.id}/review/grade",
        data={"card_id": shown[1], "review_number": shown[2], "grade": "good"},
        headers=HTMX,
    )

    assert answer.status_code == 200
    assert 'data-card-id="' in answer.text
    assert study.calls() == ["record_event"]


@pytest.mark.parametrize(
    ("frequency", "started", "period_start", "length", "gap"),
    [
        ("daily", "2026-12-01", "2026-12-06", 6, False),
        ("daily", "2026-12-01", "2026-12-06", 5, True),
        ("weekly", "2026-12-03", "2026-12-07", 2, False),  # a Thursday, then the next Monday
        ("weekly", "2026-11-23", "2026-12-07", 2, True),  # the week of 30 November kept
        ("monthly", "2026-10-31", "2026-12-01", 3, False),
        ("monthly", "2026-10-31", "2026-12-01", 2, True),
    ],
)
def test_only_a_streak_kept_through_a_gap_may_ask_whether_a_freeze_saved_it(
    frequency, started, period_start, length, gap
):
    """A flip asks the streak history (a second XP call, for "Streak saved") only when the
    EventResponse's streak spans more periods than its length."""
    streak = {
        "frequency": frequency,
        "started": started,
        "periodStart": period_start,
        "length": length,
    }

    assert kept_through_a_gap(streak) is gap


def test_the_read_cache_keeps_the_newest_half_when_full(monkeypatch, clock):
    monkeypatch.setattr(xp_reads, "MAX_ENTRIES", 4)
    cache = xp_reads.ReadCache()
    for n in range(5):
        cache.put(n, f"held {n}")
        clock.shift(seconds=1)

    # Newest first: a value read back is held again, and may push older ones out.
    assert [cache.get(n, lambda n=n: f"read {n}") for n in (4, 3, 2, 1, 0)] == [
        "held 4",
        "held 3",
        "read 2",
        "read 1",
        "read 0",
    ]
