"""Your year in StudyXP (/year/): a learner's year in review from the XP service's wrapped
answer, through the real engine with seed.py's XP setup, badges, daily streak and boards.

The clock is pinned at NOW (10 March 2027) before anyone logs in, and the history is recorded
at wall-clock times in the learner's zone, so every number below is the same on any day.
"""

import re
from datetime import timedelta
from html import unescape

import pytest

import seed
from app.extensions import db
from app.xp.client.in_process import InProcessXpClient
from app.xp.engine.events import record_event
from app.xp.errors import XpUnavailable
from tests.support.clock import wall
from tests.support.learners import get_account

pytestmark = pytest.mark.calendar_free

NOW = "2027-03-10T12:00:00Z"  # a Wednesday
TZ = "Europe/London"


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def block(html: str, testid: str) -> str:
    """The text of the element carrying `testid` (its tag closed at the same name)."""
    match = re.search(rf'<(\w+)[^>]*data-testid="{testid}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, testid
    return text_of(match[2])


def options(html: str) -> list[tuple[str, bool]]:
    select = re.search(r'<select[^>]*data-testid="year-select".*?</select>', html, re.S)
    assert select, "year-select"
    found = re.findall(r'<option value="(\d+)"( selected)?>', select[0])
    return [(year, bool(selected)) for year, selected in found]


def study(app, email: str, metric: str, count: int, at: str, tz: str = TZ) -> None:
    """`count` events of one each (flips, reviews) a minute apart from the wall time `at`."""
    account = get_account(app, email)
    start = wall(at, tz)
    with app.app_context():
        for n in range(count):
            record_event(metric, account.xp_user(), 1, at=start + timedelta(minutes=n))
        db.session.remove()


FLIPS, REVIEWS = "flashcards-flipped", "cards-reviewed"


@pytest.fixture
def boards(app, clock):
    """seed.py's badges, streak and boards; the boards start on Monday 23 March 2026, before
    every history here. Then the clock stands at NOW, for logging in."""
    clock.set("2026-05-29T12:00:00Z")
    with app.app_context():
        seed.seed_engagement()
        seed.seed_leaderboards()
        db.session.remove()
    clock.set(NOW)


@pytest.fixture
def ana(app, boards, auth):
    """Ana in London, logged in at NOW, with a history in 2026 and a little in 2027:

    2026: Monday 4 May 12 flips (+10 XP at 5 and 10, badge First Ten at 10); Tuesday 5 May
    6 flips (+10 at 15); Wednesday 6 May 4 flips and 10 reviews (+10 at 20, +10 for 10
    reviews): a 3-day streak; Wednesday 15 July 2 flips. 24 flips, 10 reviews, 50 XP.
    2027: Monday 1 February 3 flips (+10 at 25 and +50 at 25): 60 XP.
    """
    assert auth.register(tz=TZ).status_code == 302
    email = "ana@example.com"
    study(app, email, FLIPS, 12, "2026-05-04 09:00")
    study(app, email, FLIPS, 6, "2026-05-05 18:00")
    study(app, email, FLIPS, 4, "2026-05-06 08:00")
    study(app, email, REVIEWS, 10, "2026-05-06 20:00")
    study(app, email, FLIPS, 2, "2026-07-15 13:00")
    study(app, email, FLIPS, 3, "2027-02-01 07:30")
    return auth


def test_a_past_year_in_numbers(ana, client):
    response = client.get("/year/?year=2026")
    page = response.text

    assert response.status_code == 200
    assert block(page, "year-heading") == "Your 2026 in StudyXP"
    assert options(page) == [("2027", False), ("2026", True)]
    assert [block(page, t) for t in ("year-days-active", "year-weeks-active")] == ["4", "2"]
    assert block(page, "year-months-active") == "2"
    assert block(page, "year-total-flips") == "24"
    assert block(page, "year-total-reviews") == "10"
    assert block(page, "year-total-xp") == "50"
    # Most events: Wednesday 6 May (14); the week and month of 4-6 May (32).
    assert (
        block(page, "year-most-active-day") == "Day Wednesday 6 May 4 flips, 10 reviews and 20 XP"
    )
    assert block(page, "year-most-active-week") == (
        "Week 4 – 10 May 22 flips, 10 reviews and 50 XP Badge earned: First Ten"
    )
    assert block(page, "year-most-active-month") == (
        "Month May 22 flips, 10 reviews and 50 XP Badge earned: First Ten"
    )
    assert block(page, "year-longest-streak") == ("🔥 3 days, from Monday 4 May to Wednesday 6 May")
    assert block(page, "year-badges") == "First Ten Flip 10 flashcards Earned Monday 4 May"
    ranks = re.findall(r'data-testid="year-rank">(.*?)</li>', page, re.S)
    assert [text_of(rank) for rank in ranks] == [
        "#1 in Flashcards flipped, all time, with 24 flashcards flipped",
        "#1 in Longest streaks, with a 3-day streak",
        "#1 in Weekly XP, with 50 XP",
    ]


def test_this_year_is_the_default(ana, client):
    page = client.get("/year/").text

    assert block(page, "year-heading") == "Your 2027 in StudyXP"
    assert options(page) == [("2027", True), ("2026", False)]
    assert block(page, "year-days-active") == "1"
    assert re.search(r"<dt>day</dt><dd data-testid=\"year-days-active\">1<", page)
    assert re.search(r"<dt>flips</dt><dd data-testid=\"year-total-flips\">3<", page)
    assert block(page, "year-total-flips") == "3"
    assert block(page, "year-total-reviews") == "0"
    assert block(page, "year-total-xp") == "60"
    assert block(page, "year-most-active-day") == "Day Monday 1 February 3 flips and 60 XP"
    assert block(page, "year-most-active-week") == "Week 1 – 7 February 3 flips and 60 XP"
    assert block(page, "year-longest-streak") == (
        "🔥 1 day, from Monday 1 February to Monday 1 February"
    )
    assert block(page, "year-badges") == "No badges earned this year."


@pytest.mark.parametrize(
    ("asked", "shown"),
    [("2025", "2025"), ("2028", "2028"), ("0", "0"), ("abc", "abc"), ("20266", "20266")],
)
def test_a_year_outside_the_learners_is_refused(ana, client, asked, shown):
    response = client.get("/year/", query_string={"year": asked})

    assert response.status_code == 404
    assert block(response.text, "year-refused") == (
        f"There is no year in review for “{shown}”. You can look back at 2026 and 2027."
    )
    assert options(response.text) == [("2027", False), ("2026", False)]
    assert 'data-testid="year-days-active"' not in response.text


def test_a_year_without_study_between_two_with(app, boards, auth, client):
    assert auth.register(tz=TZ).status_code == 302
    study(app, "ana@example.com", FLIPS, 2, "2025-11-20 10:00")
    study(app, "ana@example.com", FLIPS, 1, "2027-01-04 10:00")

    page = client.get("/year/?year=2026").text

    assert block(page, "year-empty") == "You did not study with StudyXP in 2026. Go to your decks"
    assert options(page) == [("2027", False), ("2026", True), ("2025", False)]
    assert block(client.get("/year/?year=2025").text, "year-total-flips") == "2"


def test_dates_are_the_learners_own(app, boards, auth, client):
    """A flip at 23:30 on 31 December 2026 in London is 08:30 on 1 January 2027 in Tokyo:
    a Tokyo learner's year 2027, and their first."""
    assert auth.register(tz="Asia/Tokyo").status_code == 302
    study(app, "ana@example.com", FLIPS, 1, "2027-01-01 08:30", tz="Asia/Tokyo")

    page = client.get("/year/").text

    assert block(page, "year-most-active-day") == "Day Friday 1 January 1 flip"
    assert 'data-testid="year-select"' not in page  # 2027 is the only year
    assert client.get("/year/?year=2026").status_code == 404


def test_a_new_learner_gets_an_empty_year(app, boards, auth, client):
    assert auth.register(tz=TZ).status_code == 302  # no event: unknown to the XP service

    response = client.get("/year/")

    assert response.status_code == 200
    assert block(response.text, "year-empty") == (
        "Nothing to look back on in 2027 yet: your year fills in as you study. "
        "Flip a few cards to start it. Go to your decks"
    )
    assert 'data-testid="year-select"' not in response.text
    assert block(client.get("/year/?year=2026").text, "year-refused") == (
        "There is no year in review for “2026”. You can look back at 2027."
    )


class UnavailableXp(InProcessXpClient):
    def user_wrapped(self, user_id, year=None):
        raise XpUnavailable("down")


def test_while_xp_is_unavailable_the_page_says_so(app, ana, client):
    app.extensions["xp_client"] = UnavailableXp()

    response = client.get("/year/?year=2026")

    assert response.status_code == 200
    assert block(response.text, "year-unavailable") == (
        "Your year in StudyXP cannot be shown while XP is unavailable. "
        "Your flips are still saved to your deck progress."
    )
    assert 'data-testid="year-days-active"' not in response.text


class MarkupXp(InProcessXpClient):
    """Names that look like markup, as an operator could type them."""

    def user_wrapped(self, user_id, year=None):
        wrapped = super().user_wrapped(user_id, year=year)
        whole = wrapped["activity"]["entireYear"]
        for achievement in whole["achievements"]:
            achievement["name"] = "<script>alert(1)</script>"
        for board in whole["leaderboards"].values():
            board["name"] = '<img src=x onerror="alert(2)">'
        return wrapped


def test_names_and_the_asked_year_are_escaped(app, ana, client):
    app.extensions["xp_client"] = MarkupXp()

    page = client.get("/year/?year=2026").text
    refused = client.get("/year/", query_string={"year": "<b>1</b>"}).text

    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in page
    assert "<b>1</b>" not in refused and "“&lt;b&gt;1&lt;/b&gt;”" in refused


def test_the_page_needs_a_login(client):
    response = client.get("/year/?year=2026")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_progress_journey_and_the_header_link_to_it(ana, client):
    for path, testid in [
        ("/progress/", "progress-year-link"),
        ("/journey/", "journey-year-link"),
        ("/decks/", "year-link"),
    ]:
        page = client.get(path).text
        assert re.search(rf'<a href="/year/" data-testid="{testid}">', page), path
