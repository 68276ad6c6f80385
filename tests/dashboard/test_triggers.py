"""A points system's configure page: its triggers, adding, editing and changing their status."""

import re
from dataclasses import dataclass

import pytest

from app.extensions import db
from app.xp.admin.metrics import save_metric
from app.xp.admin.points import save_points_system
from app.xp.models.achievements import Achievement
from app.xp.models.points import PointsTrigger
from app.xp.models.streaks import StreakSettings
from app.xp.queries.points import user_points
from tests.support.databases import count
from tests.support.html import element, field_errors, flashes, table_rows
from tests.support.operators import send_event, trigger_by_id, triggers_of

ZERO_POINTS = "Points cannot be zero: use a positive award or a negative deduction."
POINTS_RANGE = "Points are a whole number from -1,000,000 to 1,000,000."
THRESHOLD = "The threshold is a whole number of at least 1."
NO_METRIC = "Choose an active metric."
NO_ACHIEVEMENT = "Choose an active achievement."
STREAK = "The streak length is a whole number of at least 1."
INTERVAL = "The interval is a whole number of at least 1."


@dataclass(frozen=True)
class Gems:
    system_id: int
    metric_id: int  # quiz-answered

    @property
    def configure(self) -> str:
        return f"/dashboard/points/{self.system_id}/configure"

    def trigger(self, trigger_id: int, action: str) -> str:
        return f"/dashboard/points/{self.system_id}/triggers/{trigger_id}/{action}"


@pytest.fixture
def gems(app) -> Gems:
    """Points system gems, with no triggers yet, and metric quiz-answered."""
    with app.app_context():
        metric = save_metric(None, "quiz-answered", "Quiz Answered", "answers")
        system = save_points_system(None, "gems", "Gems")
        return Gems(system.id, metric.id)


def trigger_form(metric_id, points="5", threshold="2") -> dict:
    return {
        "type": "metric",
        "points": points,
        "metric_id": metric_id,
        "metric_threshold": threshold,
    }


def add(client, gems: Gems, points="5", threshold="2"):
    return client.post(gems.configure, data=trigger_form(gems.metric_id, points, threshold))


def only_trigger_id(app, system_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            db.select(PointsTrigger.id).where(PointsTrigger.system_id == system_id)
        )


def quiz(app, value, user="ana") -> dict:
    return send_event(app, value, user=user, metric="quiz-answered")


def added(response: dict, system="gems") -> int:
    entry = response["points"].get(system)
    return entry["added"] if entry else 0


def test_add_trigger_pays_points_every_threshold(app, operator, gems):
    response = add(operator, gems, points="5", threshold="2")

    assert response.status_code == 302
    assert response.headers["Location"] == gems.configure
    assert triggers_of(app, gems.system_id) == [(5, gems.metric_id, 2, "active")]
    assert added(quiz(app, 1)) == 0
    assert added(quiz(app, 1)) == 5
    assert added(quiz(app, 4)) == 10


def test_configure_page_lists_the_added_trigger(operator, gems):
    add(operator, gems, points="5", threshold="2")

    page = operator.get(gems.configure).text

    assert flashes(page) == ["Trigger added."]
    assert table_rows(page, "trigger-row") == [
        ["metric", "+5", "every 2 quiz answered", "active", "0", "Edit Deactivate Archive Delete"]
    ]


def test_configure_page_without_triggers_says_it_awards_nothing(operator, gems):
    page = operator.get(gems.configure).text
    assert "No triggers yet: this points system awards nothing until you add one." in page


def test_configure_page_shows_points_awarded_so_far_per_trigger(app, operator, seeded_ids):
    send_event(app, 25, user="ana")  # +50 (five 5s) and +50 (one 25)
    send_event(app, 7, user="ben")  # +10

    page = operator.get(f"/dashboard/points/{seeded_ids.system_id}/configure").text

    assert [row[:5] for row in table_rows(page, "trigger-row")] == [
        ["metric", "+10", "every 5 flashcards flipped", "active", "60"],
        ["metric", "+50", "every 25 flashcards flipped", "active", "50"],
        ["metric", "+10", "every 10 cards reviewed", "active", "0"],
    ]


def test_negative_points_are_a_deduction(app, operator, gems):
    add(operator, gems, points="-3", threshold="1")

    response = quiz(app, 2)

    assert added(response) == -6
    assert response["points"]["gems"]["total"] == -6
    row = table_rows(operator.get(gems.configure).text, "trigger-row")[0]
    assert row[:5] == ["metric", "-3", "every 1 quiz answered", "active", "-6"]


def invalid(field: str, message: str, **form):
    name = ",".join(f"{k}={v!r}" for k, v in form.items())
    return pytest.param(form, field, message, id=name)


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        invalid("points", ZERO_POINTS, points="0"),
        invalid("points", ZERO_POINTS, points="-0"),
        invalid("points", POINTS_RANGE, points=""),
        invalid("points", POINTS_RANGE, points="abc"),
        invalid("points", POINTS_RANGE, points="1.5"),
        invalid("points", POINTS_RANGE, points="1000001"),
        invalid("points", POINTS_RANGE, points="-1000001"),
        invalid("metric_threshold", THRESHOLD, metric_threshold="0"),
        invalid("metric_threshold", THRESHOLD, metric_threshold="-1"),
        invalid("metric_threshold", THRESHOLD, metric_threshold="x"),
        invalid("metric_threshold", THRESHOLD, metric_threshold=""),
        invalid("metric_threshold", THRESHOLD, metric_threshold="2.5"),
        invalid("metric_id", NO_METRIC, metric_id="999"),
        invalid("type", "Not a valid choice.", type="bogus"),
    ],
)
def test_add_trigger_shows_what_is_wrong_beside_the_field(
    app, operator, gems, form, field, message
):
    data = {**trigger_form(gems.metric_id), **form}

    response = operator.post(gems.configure, data=data)

    assert response.status_code == 200
    assert field_errors(response.text, field) == [message]
    assert triggers_of(app, gems.system_id) == []


def test_add_trigger_without_a_metric_asks_for_one(app, operator, gems):
    data = trigger_form(gems.metric_id)
    del data["metric_id"]

    response = operator.post(gems.configure, data=data)

    assert field_errors(response.text, "metric_id") == [NO_METRIC]
    assert triggers_of(app, gems.system_id) == []


def test_add_trigger_accepts_the_largest_points_and_threshold(app, operator, gems):
    add(operator, gems, points="-1000000", threshold="1000000000")
    assert triggers_of(app, gems.system_id) == [
        (-1_000_000, gems.metric_id, 1_000_000_000, "active")
    ]


def test_archived_metric_is_not_offered_for_a_trigger(app, operator, gems):
    operator.post(f"/dashboard/metrics/{gems.metric_id}/status", data={"status": "archived"})

    page = operator.get(gems.configure).text

    assert "Quiz Answered (quiz-answered)" not in page
    assert "Flashcards Flipped (flashcards-flipped)" in page


def test_trigger_on_an_archived_metric_is_refused(app, operator, gems):
    operator.post(f"/dashboard/metrics/{gems.metric_id}/status", data={"status": "archived"})

    response = add(operator, gems)

    assert field_errors(response.text, "metric_id") == [NO_METRIC]
    assert triggers_of(app, gems.system_id) == []


def test_configure_page_without_active_metrics_links_to_create_one(app, operator, gems):
    for metric_id in (gems.metric_id, 1, 2):  # gems's and the two seeded
        operator.post(f"/dashboard/metrics/{metric_id}/status", data={"status": "archived"})

    page = operator.get(gems.configure).text

    assert "Metric triggers need a metric." in page
    assert 'href="/dashboard/metrics/new"' in page


# --- status ------------------------------------------------------------------------------


@pytest.fixture
def every_2(app, operator, gems) -> int:
    """+5 gems every 2 quiz answers; its id."""
    add(operator, gems, points="5", threshold="2")
    operator.get(gems.configure)  # shows, and so clears, "Trigger added."
    return only_trigger_id(app, gems.system_id)


def set_status(client, gems: Gems, trigger_id: int, status: str):
    return client.post(gems.trigger(trigger_id, "status"), data={"status": status})


def test_deactivated_trigger_pays_nothing(app, operator, gems, every_2):
    response = set_status(operator, gems, every_2, "inactive")

    assert response.headers["Location"] == gems.configure
    assert trigger_by_id(app, every_2).status == "inactive"
    assert added(quiz(app, 4)) == 0
    page = operator.get(gems.configure).text
    assert flashes(page) == ["Trigger is now inactive."]
    assert table_rows(page, "trigger-row")[0][3:] == [
        "inactive",
        "0",
        "Edit Activate Archive Delete",
    ]


def test_activated_trigger_pays_again(app, operator, gems, every_2):
    set_status(operator, gems, every_2, "inactive")
    set_status(operator, gems, every_2, "active")

    assert trigger_by_id(app, every_2).status == "active"
    assert added(quiz(app, 2)) == 5


def test_reactivated_trigger_does_not_pay_for_what_happened_while_it_was_inactive(
    app, operator, gems, every_2
):
    """Inactive means it pays nothing for those events, then or later."""
    quiz(app, 1)  # total 1
    set_status(operator, gems, every_2, "inactive")
    quiz(app, 4)  # total 5: passes 2 and 4 while inactive
    set_status(operator, gems, every_2, "active")

    response = quiz(app, 1)  # total 6: passes 6

    assert added(response) == 5


def test_archived_trigger_cannot_be_reactivated(app, operator, gems, every_2):
    set_status(operator, gems, every_2, "archived")

    response = set_status(operator, gems, every_2, "active")

    assert response.headers["Location"] == gems.configure
    assert trigger_by_id(app, every_2).status == "archived"
    page = operator.get(gems.configure).text
    assert flashes(page) == [
        "Trigger is now archived.",
        "An archived trigger cannot be reactivated: add a new one.",
    ]
    assert added(quiz(app, 2)) == 0


def test_archived_trigger_has_no_edit_link_or_buttons(app, operator, gems, every_2):
    set_status(operator, gems, every_2, "archived")

    page = operator.get(gems.configure).text

    assert table_rows(page, "trigger-row") == [
        ["metric", "+5", "every 2 quiz answered", "archived", "0", "Delete"]
    ]
    assert gems.trigger(every_2, "edit") not in page


def test_edit_page_of_an_archived_trigger_is_409(app, operator, gems, every_2):
    set_status(operator, gems, every_2, "archived")

    response = operator.get(gems.trigger(every_2, "edit"))

    assert response.status_code == 409
    assert "Archived triggers cannot change. Add a new trigger instead." in response.text


def test_trigger_status_other_than_the_three_is_400(app, operator, gems, every_2):
    assert set_status(operator, gems, every_2, "paused").status_code == 400
    assert trigger_by_id(app, every_2).status == "active"


def test_trigger_of_another_points_system_is_404(app, operator, gems, seeded_ids):
    other = gems.trigger(seeded_ids.every_5_id, "")
    assert operator.get(other + "edit").status_code == 404
    assert operator.post(other + "status", data={"status": "inactive"}).status_code == 404
    assert trigger_by_id(app, seeded_ids.every_5_id).status == "active"


# --- editing -----------------------------------------------------------------------------


def edit(client, gems: Gems, trigger_id: int, points="5", threshold="2", metric_id=None):
    form = trigger_form(metric_id or gems.metric_id, points, threshold)
    return client.post(gems.trigger(trigger_id, "edit"), data=form)


def test_edit_page_shows_the_triggers_rule(operator, gems, every_2):
    page = operator.get(gems.trigger(every_2, "edit")).text

    assert element(page, "points")["value"] == "5"
    assert element(page, "metric_threshold")["value"] == "2"
    assert f'<option selected value="{gems.metric_id}">Quiz Answered (quiz-answered)' in page
    assert "This trigger has already paid." not in page


def test_editing_a_trigger_that_has_not_paid_changes_it_in_place(app, operator, gems, every_2):
    quiz(app, 1)  # counted, but nothing paid yet

    response = edit(operator, gems, every_2, points="7", threshold="3")

    assert response.headers["Location"] == gems.configure
    assert triggers_of(app, gems.system_id) == [(7, gems.metric_id, 3, "active")]
    assert only_trigger_id(app, gems.system_id) == every_2
    assert flashes(operator.get(gems.configure).text) == ["Trigger saved."]


def test_editing_a_trigger_to_the_same_rule_changes_nothing(app, operator, gems, every_2):
    quiz(app, 2)
    edit(operator, gems, every_2, points="5", threshold="2")
    assert triggers_of(app, gems.system_id) == [(5, gems.metric_id, 2, "active")]


def test_editing_a_trigger_that_has_paid_archives_it_and_adds_a_replacement(
    app, operator, gems, every_2
):
    quiz(app, 2)  # +5 from the original trigger

    response = edit(operator, gems, every_2, points="7", threshold="3")

    assert response.headers["Location"] == gems.configure
    assert triggers_of(app, gems.system_id) == [
        (5, gems.metric_id, 2, "archived"),
        (7, gems.metric_id, 3, "active"),
    ]
    page = operator.get(gems.configure).text
    assert flashes(page) == ["Trigger replaced: the old one is archived with the awards it gave."]
    assert [row[1:5] for row in table_rows(page, "trigger-row")] == [
        ["+7", "every 3 quiz answered", "active", "0"],
        ["+5", "every 2 quiz answered", "archived", "5"],
    ]


def test_edit_page_of_a_trigger_that_has_paid_warns_it_will_be_replaced(
    app, operator, gems, every_2
):
    quiz(app, 2)
    page = operator.get(gems.trigger(every_2, "edit")).text
    assert "This trigger has already paid. Saving a new rule archives it" in page


def test_replaced_triggers_awards_keep_the_rule_they_were_paid_under(app, operator, seeded_ids):
    send_event(app, 5, user="ana")  # +10 under "+10 every 5"
    edit_url = f"/dashboard/points/{seeded_ids.system_id}/triggers/{seeded_ids.every_5_id}/edit"
    operator.post(edit_url, data=trigger_form(seeded_ids.metric_id, points="20", threshold="10"))

    response = send_event(app, 5, user="ana")  # total 10: +20 under "+20 every 10"

    assert response["points"]["xp"]["added"] == 20
    with app.app_context():
        awards = user_points("ana", "xp")["awards"]
    assert [(a["awarded"], a["total"]) for a in awards] == [(20, 30), (10, 10)]
    new, old = (a["trigger"] for a in awards)
    assert (new["points"], new["metricThreshold"], new["status"]) == (20, 10, "active")
    assert (old["points"], old["metricThreshold"], old["status"]) == (10, 5, "archived")


def test_replacement_trigger_pays_only_from_the_current_total(app, operator, gems, every_2):
    quiz(app, 5)  # total 5: +10 (2 and 4)
    edit(operator, gems, every_2, points="1", threshold="1")

    assert added(quiz(app, 1)) == 1  # total 6: one new unit, not six


def test_edit_trigger_shows_what_is_wrong_beside_the_field(app, operator, gems, every_2):
    response = edit(operator, gems, every_2, points="0", threshold="0")

    assert response.status_code == 200
    assert field_errors(response.text, "points") == [ZERO_POINTS]
    assert field_errors(response.text, "metric_threshold") == [THRESHOLD]
    assert triggers_of(app, gems.system_id) == [(5, gems.metric_id, 2, "active")]


def test_edit_inactive_trigger_that_has_paid_keeps_the_replacement_inactive(
    app, operator, gems, every_2
):
    quiz(app, 2)
    set_status(operator, gems, every_2, "inactive")

    edit(operator, gems, every_2, points="9", threshold="2")

    assert triggers_of(app, gems.system_id) == [
        (5, gems.metric_id, 2, "archived"),
        (9, gems.metric_id, 2, "inactive"),
    ]
    assert count(app, PointsTrigger, PointsTrigger.status == "active") == 3  # xp's three


def test_edit_page_of_a_trigger_on_an_archived_metric_still_shows_its_metric(
    app, operator, gems, every_2
):
    """Otherwise the browser submits the first metric offered and the trigger moves to it."""
    operator.post(f"/dashboard/metrics/{gems.metric_id}/status", data={"status": "archived"})

    page = operator.get(gems.trigger(every_2, "edit")).text

    assert f'<option selected value="{gems.metric_id}">' in page


# --- the other trigger types -------------------------------------------------------------

# Every field of every type, the others' filled with junk: only the chosen type's are read.
JUNK = {
    "metric_id": "abc",
    "metric_threshold": "x",
    "streak_length_threshold": "x",
    "achievement_id": "abc",
    "time_unit": "fortnight",
    "time_interval": "x",
}
RULE_COLUMNS = (
    "metric_id",
    "metric_threshold",
    "streak_length_threshold",
    "achievement_id",
    "time_unit",
    "time_interval",
)


@pytest.fixture
def card_shark(app) -> int:
    """An api achievement, Card Shark; its id."""
    with app.app_context():
        achievement = Achievement(key="card-shark", name="Card Shark", trigger="api")
        db.session.add(achievement)
        db.session.commit()
        return achievement.id


def typed_form(type_: str, points="5", **fields) -> dict:
    return {**JUNK, "type": type_, "points": points, **fields}


def rule_of(app, trigger_id: int) -> dict:
    """The trigger's type and rule columns that are set."""
    trigger = trigger_by_id(app, trigger_id)
    columns = {c: getattr(trigger, c) for c in RULE_COLUMNS}
    return {"type": trigger.type, **{c: v for c, v in columns.items() if v is not None}}


def test_streak_trigger_stores_only_its_length(app, operator, gems):
    operator.post(gems.configure, data=typed_form("streak", streak_length_threshold="7"))
    assert rule_of(app, only_trigger_id(app, gems.system_id)) == {
        "type": "streak",
        "streak_length_threshold": 7,
    }


def test_achievement_trigger_stores_only_its_achievement(app, operator, gems, card_shark):
    operator.post(gems.configure, data=typed_form("achievement", achievement_id=card_shark))
    assert rule_of(app, only_trigger_id(app, gems.system_id)) == {
        "type": "achievement",
        "achievement_id": card_shark,
    }


@pytest.mark.parametrize("unit", ["hour", "day"])
def test_time_trigger_stores_only_its_unit_and_interval(app, operator, gems, unit):
    operator.post(gems.configure, data=typed_form("time", time_unit=unit, time_interval="3"))
    assert rule_of(app, only_trigger_id(app, gems.system_id)) == {
        "type": "time",
        "time_unit": unit,
        "time_interval": 3,
    }


def test_user_creation_trigger_stores_no_rule(app, operator, gems):
    response = operator.post(gems.configure, data=typed_form("user_creation", points="20"))

    assert response.status_code == 302
    trigger_id = only_trigger_id(app, gems.system_id)
    assert rule_of(app, trigger_id) == {"type": "user_creation"}
    assert (trigger_by_id(app, trigger_id).points, trigger_by_id(app, trigger_id).status) == (
        20,
        "active",
    )


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        invalid("streak_length_threshold", STREAK, type="streak", streak_length_threshold="0"),
        invalid("streak_length_threshold", STREAK, type="streak", streak_length_threshold=""),
        invalid("streak_length_threshold", STREAK, type="streak", streak_length_threshold="1.5"),
        invalid("achievement_id", NO_ACHIEVEMENT, type="achievement", achievement_id="999"),
        invalid("achievement_id", NO_ACHIEVEMENT, type="achievement", achievement_id=""),
        invalid("time_unit", "Choose hours or days.", type="time", time_interval="1"),
        invalid("time_interval", INTERVAL, type="time", time_unit="day", time_interval="0"),
        invalid("time_interval", INTERVAL, type="time", time_unit="hour", time_interval=""),
        invalid("points", ZERO_POINTS, type="user_creation", points="0"),
    ],
)
def test_other_types_show_what_is_wrong_beside_the_field(app, operator, gems, form, field, message):
    response = operator.post(gems.configure, data={**JUNK, "points": "5", **form})

    assert response.status_code == 200
    assert field_errors(response.text, field) == [message]
    assert triggers_of(app, gems.system_id) == []


def test_an_archived_achievement_is_neither_offered_nor_accepted(app, operator, gems, card_shark):
    operator.post(f"/dashboard/achievements/{card_shark}/status", data={"status": "archived"})

    response = operator.post(
        gems.configure, data=typed_form("achievement", achievement_id=card_shark)
    )

    assert field_errors(response.text, "achievement_id") == [NO_ACHIEVEMENT]
    assert "Card Shark (card-shark)" not in response.text
    assert "Achievement triggers need an achievement." in response.text


def test_configure_page_describes_each_trigger_type_in_words(app, operator, gems, card_shark):
    for form in (
        typed_form("streak", points="50", streak_length_threshold="7"),
        typed_form("achievement", points="100", achievement_id=card_shark),
        typed_form("time", points="5", time_unit="day", time_interval="1"),
        typed_form("time", points="2", time_unit="hour", time_interval="3"),
        typed_form("user_creation", points="20"),
    ):
        operator.post(gems.configure, data=form)

    rows = table_rows(operator.get(gems.configure).text, "trigger-row")

    assert [row[:3] for row in rows] == [
        ["streak", "+50", "every 7-day streak"],
        ["achievement", "+100", "on completing Card Shark"],
        ["time", "+5", "every day since joining"],
        ["time", "+2", "every 3 hours since joining"],
        ["user_creation", "+20", "on joining"],
    ]


def test_streak_trigger_words_follow_the_streak_period(app, operator, gems):
    operator.post(gems.configure, data=typed_form("streak", streak_length_threshold="2"))
    with app.app_context():
        db.session.add(StreakSettings(id=1, frequency="weekly"))
        db.session.commit()

    rows = table_rows(operator.get(gems.configure).text, "trigger-row")

    assert rows[0][2] == "every 2-week streak"


def test_analytics_by_trigger_describes_each_type(app, operator, gems, card_shark):
    operator.post(
        gems.configure, data=typed_form("streak", points="50", streak_length_threshold="7")
    )
    operator.post(gems.configure, data=typed_form("achievement", achievement_id=card_shark))
    operator.post(gems.configure, data=typed_form("time", time_unit="day", time_interval="1"))
    operator.post(gems.configure, data=typed_form("user_creation", points="20"))

    data = operator.get(f"/dashboard/points/{gems.system_id}/analytics/data").get_json()

    assert [row["label"] for row in data["breakdown"]] == [
        "+50 every 7-day streak",
        "+5 on completing Card Shark",
        "+5 every day since joining",
        "+20 on joining",
    ]


def test_configure_page_offers_every_type_with_its_fieldset(operator, gems):
    page = operator.get(gems.configure).text

    assert re.findall(r'<option (?:selected )?value="(\w+)"', page.split('id="type"')[1])[:5] == [
        "metric",
        "streak",
        "achievement",
        "time",
        "user_creation",
    ]
    assert re.findall(r'data-trigger-type="(\w+)"', page) == [
        "metric",
        "streak",
        "achievement",
        "time",
        "user_creation",
    ]
    assert "data-type-select" in element(page, "type")
    assert '<script type="module" src="/static/js/type-fields.js"></script>' in page


def test_edit_page_of_a_streak_trigger_offers_only_its_type(app, operator, gems):
    operator.post(gems.configure, data=typed_form("streak", streak_length_threshold="7"))
    trigger_id = only_trigger_id(app, gems.system_id)

    page = operator.get(gems.trigger(trigger_id, "edit")).text

    assert re.findall(r'<option (?:selected )?value="(\w+)"', page.split('id="type"')[1])[:1] == [
        "streak"
    ]
    assert element(page, "streak_length_threshold")["value"] == "7"


def test_editing_a_streak_trigger_that_has_not_paid_changes_it_in_place(app, operator, gems):
    operator.post(gems.configure, data=typed_form("streak", streak_length_threshold="7"))
    trigger_id = only_trigger_id(app, gems.system_id)

    response = operator.post(
        gems.trigger(trigger_id, "edit"),
        data=typed_form("streak", points="9", streak_length_threshold="3"),
    )

    assert response.headers["Location"] == gems.configure
    assert only_trigger_id(app, gems.system_id) == trigger_id
    assert rule_of(app, trigger_id) == {"type": "streak", "streak_length_threshold": 3}
    assert trigger_by_id(app, trigger_id).points == 9


def test_a_trigger_keeps_its_type_when_edited(app, operator, gems):
    """A type posted on the edit page that is not the trigger's own is refused."""
    operator.post(gems.configure, data=typed_form("user_creation"))
    trigger_id = only_trigger_id(app, gems.system_id)

    response = operator.post(
        gems.trigger(trigger_id, "edit"), data=typed_form("streak", streak_length_threshold="2")
    )

    assert field_errors(response.text, "type") == ["Not a valid choice."]
    assert rule_of(app, trigger_id) == {"type": "user_creation"}
