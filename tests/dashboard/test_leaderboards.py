"""The leaderboards pages: the list (ranks by, runs, status, participants), creating each kind,
what the admin module refuses beside its field, the lock once a board has been active,
finishing (with the password asked again), and a board's rankings by run and group.

Every test starts on Monday 1 December 2025 at 09:00 UTC (boards are dated around it) and
only moves the clock forward.
"""

import re
from datetime import datetime
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from app import wording
from app.extensions import db
from app.xp.admin.leaderboards import save_leaderboard
from app.xp.admin.points import save_points_system, set_points_system_status
from app.xp.engine.events import record_event
from app.xp.models.leaderboards import Leaderboard
from tests.support.html import element, field_errors, flashes, table_rows, text_of_testid
from tests.support.learners import log_in
from tests.support.operators import OPERATOR_EMAIL

pytestmark = pytest.mark.calendar_free  # every test sets the clock it reads

LIST = "/dashboard/leaderboards/"
NEW = "/dashboard/leaderboards/new"
MONDAY = "2025-12-01T09:00:00Z"


@pytest.fixture(autouse=True)
def monday(clock):
    """Monday 1 December 2025, 09:00 UTC, before anyone logs in."""
    clock.set(MONDAY)
    return clock


def form(**fields) -> dict:
    """A weekly XP board starting on Monday 1 December 2025."""
    return {
        "key": "weekly-xp",
        "name": "Weekly XP",
        "description": "",
        "rank_by": "points",
        "points_system_id": "",
        "metric_id": "",
        "start_date": "2025-12-01",
        "end_date": "",
        "start_time": "",
        "end_time": "",
        "max_participants": "1000",
        "run_interval": "7",
        "run_unit": "day",
        "breakdown_attributes": "",
        "status": "active",
        **fields,
    }


def create(client, ids, **fields):
    return client.post(NEW, data=form(points_system_id=ids.system_id, **fields))


def edit_url(board_id: int) -> str:
    return f"/dashboard/leaderboards/{board_id}/edit"


def page_url(board_id: int) -> str:
    return f"/dashboard/leaderboards/{board_id}/"


def stored(app, key: str) -> dict | None:
    """The stored board's fields."""
    with app.app_context():
        b = db.session.scalar(select(Leaderboard).where(Leaderboard.key == key))
        if b is None:
            return None
        return {
            "id": b.id,
            "name": b.name,
            "description": b.description,
            "rank_by": b.rank_by,
            "metric_id": b.metric_id,
            "points_system_id": b.points_system_id,
            "start": b.start_date.isoformat(),
            "end": b.end_date.isoformat() if b.end_date else None,
            "times": (b.start_time, b.end_time),
            "max_participants": b.max_participants,
            "runs": (b.run_unit, b.run_interval),
            "breakdowns": b.breakdown_attributes,
            "status": b.status,
        }


def board_count(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(Leaderboard.id)).all())


def listed(client) -> list[list[str]]:
    page = client.get(LIST)
    assert page.status_code == 200
    return table_rows(page.text, "board-config-row")


def flip(app, user: str, cards: int, at: str, **attributes) -> None:
    """`user` (named after their id) flips `cards` cards at the instant `at`."""
    body = {"id": user, "name": user.title()}
    if attributes:
        body["attributes"] = attributes
    with app.app_context():
        record_event("flashcards-flipped", body, cards, at=datetime.fromisoformat(at))


def ranked(page: str) -> list[str]:
    """Each ranking row as "rank user-id name value"."""
    return [" ".join(row) for row in table_rows(page, "ranking-row")]


def admin_board(app, key: str, **fields) -> int:
    """A board saved straight through the admin module, active unless told."""
    fields.setdefault("status", "active")
    with app.app_context():
        return save_leaderboard(None, key=key, name=key.replace("-", " ").title(), **fields).id


# --- the list and the nav ------------------------------------------------------------------


def test_the_nav_leads_to_the_leaderboards_page(operator):
    page = operator.get("/dashboard/metrics/").text
    assert '<a href="/dashboard/leaderboards/">Leaderboards</a>' in page

    page = operator.get(LIST).text
    assert '<a href="/dashboard/leaderboards/" aria-current="page">Leaderboards</a>' in page
    assert "No leaderboards yet." in page


# --- creating each kind --------------------------------------------------------------------


def test_a_weekly_points_board_is_saved_and_listed(app, operator, seeded_ids):
    response = create(operator, seeded_ids, description="  Top learners of the week ")

    assert response.status_code == 302
    assert response.headers["Location"] == LIST
    board = stored(app, "weekly-xp")
    assert {k: v for k, v in board.items() if k != "id"} == {
        "name": "Weekly XP",
        "description": "Top learners of the week",
        "rank_by": "points",
        "metric_id": None,
        "points_system_id": seeded_ids.system_id,
        "start": "2025-12-01",
        "end": None,
        "times": (None, None),
        "max_participants": 1000,
        "runs": ("day", 7),
        "breakdowns": [],
        "status": "active",
    }
    page = operator.get(LIST).text
    assert flashes(page) == ["Leaderboard “Weekly XP” saved."]
    assert table_rows(page, "board-config-row") == [
        [
            "Weekly XP weekly-xp",
            "points: XP",
            "every 7 days from Mon 1 Dec 2025",
            "1 Dec 2025",
            "no end",
            "1,000",
            "active",
            "0",
            "Edit Finish Delete",
        ]
    ]


def test_an_all_time_metric_board_is_one_run(app, operator, seeded_ids):
    response = operator.post(
        NEW,
        data=form(
            key="most-flips",
            name="Most Flips",
            rank_by="metric",
            metric_id=seeded_ids.metric_id,
            points_system_id=seeded_ids.system_id,  # another kind's field: ignored
            run_unit="",
            run_interval="7",  # left over, but "does not repeat" wins
            max_participants=" 50 ",
            start_time="18:00",
            breakdown_attributes="city, tier,",
        ),
    )

    assert response.status_code == 302
    board = stored(app, "most-flips")
    assert (board["rank_by"], board["metric_id"], board["points_system_id"]) == (
        "metric",
        seeded_ids.metric_id,
        None,
    )
    assert (board["runs"], board["max_participants"], board["times"]) == (
        (None, None),
        50,
        ("18:00", None),
    )
    assert board["breakdowns"] == ["city", "tier"]
    assert listed(operator)[0][:8] == [
        "Most Flips most-flips",
        "metric: Flashcards Flipped, per city and tier",
        "one run, from 18:00 each day",
        "1 Dec 2025",
        "no end",
        "50",
        "active",
        "0",
    ]


def test_a_streak_board_and_the_other_statuses(app, operator, seeded_ids):
    operator.post(
        NEW,
        data=form(
            key="longest-streak",
            name="Longest Streak",
            rank_by="streak",
            run_unit="",
            run_interval="",
            end_date="2025-12-31",
            status="inactive",
        ),
    )
    create(operator, seeded_ids, key="next-week", name="Next Week", start_date="2025-12-08")
    create(operator, seeded_ids, key="january", name="January", start_date="2026-01-05",
           status="scheduled")  # fmt: skip
    create(operator, seeded_ids, key="monthly", name="Monthly", run_unit="month", run_interval="1")

    assert stored(app, "longest-streak")["rank_by"] == "streak"
    assert [row[:8] for row in listed(operator)] == [
        ["Monthly monthly", "points: XP", "every month from Mon 1 Dec 2025",
         "1 Dec 2025", "no end", "1,000", "active", "0"],
        ["January january", "points: XP", "every 7 days from Mon 5 Jan 2026",
         "5 Jan 2026", "no end", "1,000", "scheduled", "0"],
        ["Next Week next-week", "points: XP", "every 7 days from Mon 8 Dec 2025",
         "8 Dec 2025", "no end", "1,000", "scheduled", "0"],
        ["Longest Streak longest-streak", "streak", "one run",
         "1 Dec 2025", "31 Dec 2025", "1,000", "inactive", "0"],
    ]  # fmt: skip


def test_the_new_form_starts_today_with_the_active_systems_and_metrics(app, operator):
    with app.app_context():
        gems = save_points_system(None, "gems", "Gems")
        save_points_system(None, "coins", "Coins")
        set_points_system_status(gems, "archived")

    page = operator.get(NEW).text

    assert element(page, "start_date")["value"] == "2025-12-01"
    assert element(page, "start_date")["type"] == "date"
    assert element(page, "max_participants")["value"] == "1000"
    assert re.findall(r'<option value="\d+">([^<]*)</option>', page) == [
        "Coins (coins)",
        "XP (xp)",
        "Cards Reviewed (cards-reviewed)",
        "Flashcards Flipped (flashcards-flipped)",
    ]
    assert 'id="status"' in page


def test_names_are_escaped(app, operator, seeded_ids):
    create(operator, seeded_ids, name="<b>Top</b>")
    page = operator.get(LIST).text
    assert "<b>Top</b>" not in page
    assert "&lt;b&gt;Top&lt;/b&gt;" in page


def test_the_words_for_runs_and_what_a_board_ranks_by():
    monday = datetime(2025, 12, 1).date()
    assert wording.board_runs(monday, "year", 2, "22:00", "02:00") == (
        "every 2 years from Mon 1 Dec 2025, 22:00 to 02:00 each day"
    )
    assert wording.board_runs(monday, None, None, None, "12:00") == "one run, until 12:00 each day"
    assert wording.board_ranks_by("metric", "Quiz Answered", ["city"]) == (
        "metric: Quiz Answered, per city"
    )
    assert wording.board_ranks_by("streak", None, ["a", "b", "c"]) == "streak, per a, b and c"


# --- what the admin module refuses, beside its field ---------------------------------------


def invalid(field: str, message: str, **fields):
    return pytest.param(fields, field, message, id=f"{field}:{next(iter(fields.values()))!r}")


TIME = "Enter a time of day as HH:mm, e.g. 09:00."
DATE = "Enter a date as YYYY-MM-DD."
MAX = "Enter a whole number from 1 to 1,000."


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        invalid("key", "This field is required.", key=" "),
        invalid(
            "key",
            "Use lower-case letters, digits and single hyphens, e.g. quiz-answered.",
            key="Weekly XP",
        ),
        invalid("name", "This field is required.", name=""),
        invalid("rank_by", "Rank by points, a metric or the streak.", rank_by="level"),
        invalid("points_system_id", "Choose an active points system.", points_system_id=""),
        invalid("metric_id", "Choose an active metric.", rank_by="metric", metric_id="999"),
        invalid("start_date", DATE, start_date="2025-13-01"),
        invalid("start_date", DATE, start_date="1/12/2025"),
        invalid("end_date", DATE, end_date="soon"),
        invalid(
            "end_date",
            "The end date cannot be before the start date.",
            end_date="2025-11-30",
        ),
        invalid("start_time", TIME, start_time="9am"),
        invalid("end_time", TIME, end_time="24:00"),
        invalid(
            "end_time",
            "The window must not start and end at the same time.",
            start_time="09:00",
            end_time="09:00",
        ),
        invalid("max_participants", MAX, max_participants="0"),
        invalid("max_participants", MAX, max_participants="1001"),
        invalid("max_participants", MAX, max_participants="ten"),
        invalid("max_participants", MAX, max_participants=""),
        invalid(
            "run_unit",
            "Repeat every day(s), month(s) or year(s), or not at all.",
            run_unit="week",
        ),
        invalid("run_interval", "Enter a whole number of at least 1.", run_interval="0"),
        invalid("run_interval", "Enter a whole number of at least 1.", run_interval=""),
        invalid("run_unit", "Streak leaderboards cannot repeat.", rank_by="streak"),
        invalid(
            "breakdown_attributes",
            "Name each user attribute once, 1 to 100 characters.",
            breakdown_attributes="city, city",
        ),
        invalid(
            "breakdown_attributes", "Use at most 5 attributes.", breakdown_attributes="a,b,c,d,e,f"
        ),
        invalid(
            "status",
            "Only a leaderboard that starts in the future is scheduled.",
            status="scheduled",
        ),
        invalid("status", "A leaderboard is inactive, active, scheduled or finished.", status="on"),
    ],
)
def test_what_is_refused_shows_beside_its_field(app, operator, seeded_ids, fields, field, message):
    data = {**form(points_system_id=seeded_ids.system_id), **fields}

    response = operator.post(NEW, data=data)

    assert response.status_code == 200
    assert field_errors(response.text, field) == [message]
    assert flashes(response.text) == []
    assert board_count(app) == 0


def test_a_key_already_used_is_refused(app, operator, seeded_ids):
    create(operator, seeded_ids)

    response = create(operator, seeded_ids, name="Another")

    assert field_errors(response.text, "key") == ["The key 'weekly-xp' is already used."]
    assert board_count(app) == 1


def test_every_wrong_field_is_shown_at_once(app, operator):
    response = operator.post(
        NEW, data=form(key="", name="", max_participants="0", start_time="noon")
    )

    errors = {
        name: field_errors(response.text, name)
        for name in ("key", "name", "points_system_id", "max_participants", "start_time")
    }
    assert errors == {
        "key": ["This field is required."],
        "name": ["This field is required."],
        "points_system_id": ["Choose an active points system."],
        "max_participants": [MAX],
        "start_time": [TIME],
    }


# --- fixed once active ---------------------------------------------------------------------


def test_an_active_boards_key_and_rank_by_are_read_only(app, operator, seeded_ids):
    create(operator, seeded_ids)
    board_id = stored(app, "weekly-xp")["id"]

    page = operator.get(edit_url(board_id)).text

    assert "readonly" in element(page, "key")
    assert element(page, "key")["value"] == "weekly-xp"
    rank_by = re.search(r'<select[^>]* id="rank_by"[^>]*>(.*?)</select>', page, re.S)[1]
    assert [unescape(o) for o in re.findall(r"<option[^>]*>([^<]*)</option>", rank_by)] == [
        "Points: a points system's points in the run"
    ]
    assert "readonly" in element(page, "start_date")
    assert "readonly" not in element(page, "end_date")
    assert "readonly" not in element(page, "name")
    assert 'data-testid="leaderboard-locked"' in page
    assert 'id="status"' not in page  # an active board is finished, not set inactive
    assert 'id="metric_id"' not in page  # only its own kind's fields


def test_an_active_board_refuses_a_new_key_or_rank_by(app, operator, seeded_ids):
    create(operator, seeded_ids)
    board = stored(app, "weekly-xp")

    response = operator.post(
        edit_url(board["id"]),
        data=form(key="daily-xp", rank_by="metric", metric_id=seeded_ids.metric_id),
    )

    assert response.status_code == 200
    assert field_errors(response.text, "key") == [
        "This leaderboard has been active, so its key can no longer change."
    ]
    assert field_errors(response.text, "rank_by") == [
        "This leaderboard has been active, so this can no longer change."
    ]
    assert element(response.text, "key")["value"] == "weekly-xp"  # the stored key, read-only
    assert stored(app, "weekly-xp") == board


def test_an_active_board_still_changes_its_name_end_and_size(app, operator, seeded_ids):
    create(operator, seeded_ids)
    board_id = stored(app, "weekly-xp")["id"]

    response = create(operator, seeded_ids, name="This Week")  # the new form refuses the key
    assert field_errors(response.text, "key") == ["The key 'weekly-xp' is already used."]
    response = operator.post(
        edit_url(board_id),
        data=form(
            points_system_id=seeded_ids.system_id,
            name="This Week",
            end_date="2026-03-29",
            max_participants="10",
            status="inactive",  # not offered once active: ignored
        ),
    )

    assert response.status_code == 302
    board = stored(app, "weekly-xp")
    assert (board["name"], board["end"], board["max_participants"], board["status"]) == (
        "This Week",
        "2026-03-29",
        10,
        "active",
    )


def test_a_board_that_never_counted_may_change_everything(app, operator, seeded_ids):
    create(operator, seeded_ids, status="inactive")
    board_id = stored(app, "weekly-xp")["id"]
    assert "readonly" not in element(operator.get(edit_url(board_id)).text, "key")

    response = operator.post(
        edit_url(board_id),
        data=form(
            key="streaks",
            name="Streaks",
            rank_by="streak",
            run_unit="",
            start_date="2025-12-08",
            status="scheduled",
        ),
    )

    assert response.status_code == 302
    board = stored(app, "streaks")
    assert (board["rank_by"], board["runs"], board["start"], board["status"]) == (
        "streak",
        (None, None),
        "2025-12-08",
        "active",
    )
    assert listed(operator)[0][6] == "scheduled"


# --- finishing -----------------------------------------------------------------------------


def test_finishing_a_board_keeps_it_listed_as_finished(app, operator, seeded_ids):
    create(operator, seeded_ids)
    board_id = stored(app, "weekly-xp")["id"]
    page = operator.get(LIST).text
    assert re.search(
        rf'action="/dashboard/leaderboards/{board_id}/finish" class="inline-form"\s+'
        r'data-confirm="Finish the leaderboard “Weekly XP”\? It stops counting for good; its '
        r'rankings stay readable.">',
        page,
    )

    response = operator.post(f"/dashboard/leaderboards/{board_id}/finish")

    assert response.headers["Location"] == LIST
    assert stored(app, "weekly-xp")["status"] == "finished"
    page = operator.get(LIST).text
    assert flashes(page) == ["Leaderboard “Weekly XP” is finished. Its rankings stay readable."]
    assert table_rows(page, "board-config-row")[0][6:] == ["finished", "0", "Edit Delete"]
    assert flip_counts_nothing(app)


def flip_counts_nothing(app) -> bool:
    with app.app_context():
        answer = record_event("flashcards-flipped", {"id": "ana"}, 5)
    return answer.get("leaderboards", {}) == {}


def test_finishing_asks_for_the_password_after_ten_minutes(app, operator, seeded_ids, monday):
    create(operator, seeded_ids)
    board_id = stored(app, "weekly-xp")["id"]
    monday.shift(minutes=11)

    response = operator.post(
        f"/dashboard/leaderboards/{board_id}/finish",
        headers={"Referer": f"http://localhost{LIST}"},
    )

    assert response.status_code == 302
    parts = urlsplit(response.headers["Location"])
    assert (parts.path, parse_qs(parts.query)["next"]) == ("/confirm-password", [LIST])
    assert stored(app, "weekly-xp")["status"] == "active"


def test_an_unknown_board_is_404(operator):
    assert operator.get("/dashboard/leaderboards/999/").status_code == 404
    assert operator.get(edit_url(999)).status_code == 404
    assert operator.post("/dashboard/leaderboards/999/finish").status_code == 404


# --- a board's rankings --------------------------------------------------------------------


def test_rankings_of_the_current_and_a_past_run(app, client, seeded_ids, monday):
    board_id = admin_board(
        app,
        "weekly-xp",
        rank_by="points",
        points_system_id=seeded_ids.system_id,
        start="2025-12-01",
        run_unit="day",
        run_interval=7,
    )
    monday.set("2025-12-10T12:00:00Z")  # Wednesday of the second week
    flip(app, "ana", 25, "2025-12-03T10:00:00+00:00")  # +10 every 5, +50 at 25: 100 XP
    flip(app, "ben", 10, "2025-12-06T10:00:00+00:00")  # 20 XP
    flip(app, "ben", 5, "2025-12-08T10:00:00+00:00")  # 15 flips: 10 XP, in week two
    flip(app, "cleo", 10, "2025-12-10T11:00:00+00:00")  # 20 XP
    assert log_in(client, OPERATOR_EMAIL).status_code == 302

    current = client.get(page_url(board_id)).text
    past = client.get(page_url(board_id), query_string={"run": "2025-12-01"}).text

    assert ranked(current) == ["1 cleo Cleo 20", "2 ben Ben 10"]
    assert ranked(past) == ["1 ana Ana 100", "2 ben Ben 20"]
    assert text_of_testid(current, "run-heading") == (
        "Run Mon 8 Dec 2025 to Sun 14 Dec 2025 (current)"
    )
    assert text_of_testid(past, "run-heading") == "Run Mon 1 Dec 2025 to Sun 7 Dec 2025"
    assert re.findall(r'<option value="([\d-]+)"( selected)?>([^<]*)</option>', past) == [
        ("2025-12-08", "", "Mon 8 Dec 2025 (current)"),
        ("2025-12-01", " selected", "Mon 1 Dec 2025"),
    ]
    assert "2 participants in this run." in current
    assert listed(client)[0][7] == "2"  # the current run's participants
    # Any date in a run opens that run; a date outside the board's is not found.
    mid_week = client.get(page_url(board_id), query_string={"run": "2025-12-04"}).text
    assert ranked(mid_week)[0] == "1 ana Ana 100"
    for outside in ("2025-11-30", "someday"):
        response = client.get(page_url(board_id), query_string={"run": outside})
        assert response.status_code == 404


def test_runs_are_listed_newest_first(app, client, seeded_ids, monday):
    board_id = admin_board(app, "daily", rank_by="metric", metric_id=seeded_ids.metric_id,
                           start="2025-12-01", run_unit="day", run_interval=1)  # fmt: skip
    monday.set("2025-12-04T12:00:00Z")
    assert log_in(client, OPERATOR_EMAIL).status_code == 302

    page = client.get(page_url(board_id)).text

    assert re.findall(r'<option value="[\d-]+"[^>]*>([^<]*)</option>', page) == [
        "Thu 4 Dec 2025 (current)",
        "Wed 3 Dec 2025",
        "Tue 2 Dec 2025",
        "Mon 1 Dec 2025",
    ]
    assert text_of_testid(page, "no-rankings").startswith("No one yet.")


def test_a_board_with_breakdowns_picks_a_group(app, operator, seeded_ids):
    board_id = admin_board(
        app, "cities", rank_by="metric", metric_id=seeded_ids.metric_id,
        start="2025-12-01", breakdown_attributes=["city"],
    )  # fmt: skip
    flip(app, "ana", 3, "2025-12-01T09:00:00+00:00", city="London")
    flip(app, "ben", 5, "2025-12-01T09:00:00+00:00", city="Paris")
    flip(app, "cleo", 4.5, "2025-12-01T09:00:00+00:00", city="London")

    page = operator.get(page_url(board_id)).text
    groups = dict(
        (label, key)
        for key, label in re.findall(r'<option value="([0-9a-f]{64})"[^>]*>([^<]*)</option>', page)
    )
    paris = operator.get(page_url(board_id), query_string={"group": groups["city: Paris"]}).text

    assert list(groups) == ["city: London", "city: Paris"]
    assert ranked(page) == ["1 cleo Cleo 4.5", "2 ana Ana 3"]
    assert ranked(paris) == ["1 ben Ben 5"]
    assert "3 participants in this run, all groups." in page
    assert "metric: Flashcards Flipped, per city" in page


def test_a_board_with_no_one_yet(app, operator, seeded_ids):
    active = admin_board(app, "weekly", rank_by="streak", start="2025-12-01")
    scheduled = admin_board(app, "later", rank_by="streak", start="2025-12-08")
    inactive = admin_board(app, "draft", rank_by="streak", status="inactive")

    def no_one(board_id: int) -> str:
        page = operator.get(page_url(board_id)).text
        assert ranked(page) == []
        return " ".join(text_of_testid(page, "no-rankings").split())

    assert no_one(active) == (
        "No one yet. Rankings fill in as learners' activity counts towards this run."
    )
    assert no_one(scheduled) == "No one yet. The leaderboard starts on Mon 8 Dec 2025."
    assert no_one(inactive) == (
        "No one yet. The leaderboard is inactive: nothing counts towards it until it is "
        "activated (Edit, then Status)."
    )


def test_a_metric_board_shows_exact_values_and_caps_the_rankings(app, operator, seeded_ids):
    board_id = admin_board(app, "top-two", rank_by="metric", metric_id=seeded_ids.metric_id,
                           start="2025-12-01", max_participants=2)  # fmt: skip
    for user, cards in (("ana", 1250.5), ("ben", 7), ("cleo", 3)):
        flip(app, user, cards, "2025-12-01T09:00:00+00:00")

    page = operator.get(page_url(board_id)).text

    assert ranked(page) == ["1 ana Ana 1,250.5", "2 ben Ben 7"]
    assert "3 participants in this run." in page


def test_the_board_page_says_what_the_board_is(app, operator, seeded_ids):
    board_id = admin_board(app, "weekly-xp", rank_by="points", start="2025-12-01",
                           points_system_id=seeded_ids.system_id, end="2026-02-22",
                           run_unit="day", run_interval=7, max_participants=100)  # fmt: skip

    page = operator.get(page_url(board_id)).text

    facts = re.findall(r"<dt>([^<]*)</dt><dd>(.*?)</dd>", page)
    assert [(name, re.sub(r"<[^>]+>", "", value)) for name, value in facts] == [
        ("Key", "weekly-xp"),
        ("Ranks by", "points: XP"),
        ("Runs", "every 7 days from Mon 1 Dec 2025"),
        ("Dates", "1 Dec 2025 to 22 Feb 2026"),
        ("Max participants", "100"),
    ]
    assert text_of_testid(page, "board-status") == "active"
