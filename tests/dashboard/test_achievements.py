"""The achievements pages: list (completions, rarity), create and edit each type, the key and
type lock once completed, prerequisites without loops, badges, archive."""

import hashlib
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import event, select

from app.extensions import db
from app.xp.models.achievements import Achievement, UserAchievement
from app.xp.models.badges import BadgeImage
from app.xp.models.users import XpUser
from app.xp.queries import analytics
from tests.support.clock import run_instant
from tests.support.html import element, field_errors, flashes, row_starting, table_rows

LIST = "/dashboard/achievements/"
NEW = "/dashboard/achievements/new"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def form(**fields) -> dict:
    return {
        "key": "card-shark",
        "name": "Card Shark",
        "description": "",
        "badge_url": "",
        "trigger": "api",
        "metric_id": "",
        "metric_value": "",
        "streak_length": "",
        **fields,
    }


def edit_url(achievement_id: int) -> str:
    return f"/dashboard/achievements/{achievement_id}/edit"


def create(client, **fields):
    return client.post(NEW, data=form(**fields))


def achievement(app, key: str) -> dict | None:
    """The stored achievement's fields, prerequisites as keys."""
    with app.app_context():
        a = db.session.scalar(select(Achievement).where(Achievement.key == key))
        if a is None:
            return None
        return {
            "id": a.id,
            "key": a.key,
            "name": a.name,
            "description": a.description,
            "badge_url": a.badge_url,
            "trigger": a.trigger,
            "metric_id": a.metric_id,
            "metric_value": a.metric_value,
            "streak_length": a.streak_length,
            "prerequisites": [p.key for p in a.prerequisites],
            "status": a.status,
        }


def add_api_achievement(app, key: str, name: str) -> int:
    with app.app_context():
        a = Achievement(key=key, name=name, trigger="api")
        db.session.add(a)
        db.session.commit()
        return a.id


def complete(app, achievement_id: int, *users: str) -> None:
    """Record completions straight in the table, as the engine would."""
    with app.app_context():
        for external_id in users:
            user = db.session.scalar(select(XpUser).where(XpUser.external_id == external_id))
            if user is None:
                user = XpUser(external_id=external_id)
                db.session.add(user)
                db.session.flush()
            db.session.add(
                UserAchievement(
                    user_id=user.id, achievement_id=achievement_id, achieved_at=run_instant()
                )
            )
        db.session.commit()


def add_users(app, *external_ids: str) -> None:
    with app.app_context():
        db.session.add_all(XpUser(external_id=i) for i in external_ids)
        db.session.commit()


# --- creating each type ------------------------------------------------------------------


def test_metric_achievement_is_saved_with_its_metric_and_value(app, operator, seeded_ids):
    response = create(
        operator,
        trigger="metric",
        metric_id=seeded_ids.metric_id,
        metric_value="10",
        streak_length="5",  # another type's field: ignored
        description="Flip ten cards",
        badge_url="https://example.com/shark.png",
    )

    assert response.status_code == 302
    assert response.headers["Location"] == LIST
    saved = achievement(app, "card-shark")
    assert {k: v for k, v in saved.items() if k != "id"} == {
        "key": "card-shark",
        "name": "Card Shark",
        "description": "Flip ten cards",
        "badge_url": "https://example.com/shark.png",
        "trigger": "metric",
        "metric_id": seeded_ids.metric_id,
        "metric_value": 10.0,
        "streak_length": None,
        "prerequisites": [],
        "status": "active",
    }
    assert flashes(operator.get(LIST).text) == ["Achievement “Card Shark” saved."]


def test_metric_achievement_takes_a_fractional_value(app, operator, seeded_ids):
    create(operator, trigger="metric", metric_id=seeded_ids.metric_id, metric_value="2.5")
    assert achievement(app, "card-shark")["metric_value"] == 2.5


def test_streak_achievement_is_saved_with_its_length(app, operator, seeded_ids):
    create(
        operator,
        trigger="streak",
        streak_length="7",
        metric_id=seeded_ids.metric_id,
        metric_value="3",
    )

    saved = achievement(app, "card-shark")
    assert (saved["trigger"], saved["streak_length"]) == ("streak", 7)
    assert (saved["metric_id"], saved["metric_value"]) == (None, None)


def test_api_achievement_needs_nothing_else(app, operator):
    create(operator, trigger="api", metric_value="junk", streak_length="junk", metric_id="x")

    saved = achievement(app, "card-shark")
    assert (saved["trigger"], saved["metric_id"], saved["streak_length"]) == ("api", None, None)


def test_achievement_achievement_is_saved_with_its_prerequisites(app, operator):
    first = add_api_achievement(app, "first-ten", "First Ten")
    week = add_api_achievement(app, "week-streak", "Week Streak")

    response = operator.post(
        NEW, data={**form(trigger="achievement"), "prerequisite_ids": [str(week), str(first)]}
    )

    assert response.status_code == 302
    assert achievement(app, "card-shark")["prerequisites"] == ["first-ten", "week-streak"]


# --- the list ----------------------------------------------------------------------------


def test_list_shows_completions_and_rarity_as_a_percentage_of_xp_users(app, operator):
    common = add_api_achievement(app, "common", "Common")
    rare = add_api_achievement(app, "rare", "Rare")
    add_api_achievement(app, "unseen", "Unseen")
    add_users(app, "ana", "ben", "cy", "dee", "eve", "fay", "gus", "hal")
    complete(app, common, "ana", "ben", "cy", "dee", "eve", "fay")
    complete(app, rare, "ana")

    page = operator.get(LIST).text

    # name, key, completed by, completions, rarity (of 8 users)
    assert row_starting(page, "achievement-row", "Common")[:5] == [
        "Common",
        "common",
        "completed through the API",
        "6",
        "75%",
    ]
    assert row_starting(page, "achievement-row", "Rare")[3:5] == ["1", "12.5%"]
    assert row_starting(page, "achievement-row", "Unseen")[3:5] == ["0", "0%"]


def test_rarity_is_rounded_to_two_decimals_as_the_api_does(app, operator):
    third = add_api_achievement(app, "third", "Third")
    add_users(app, "ana", "ben", "cy")
    complete(app, third, "ana")

    assert row_starting(operator.get(LIST).text, "achievement-row", "Third")[4] == "33.33%"


def test_completion_stats_are_one_query(app):
    ids = [add_api_achievement(app, f"a-{n}", f"A {n}") for n in range(5)]
    add_users(app, "ana", "ben")
    complete(app, ids[0], "ana", "ben")
    complete(app, ids[3], "ben")
    statements = []
    with app.app_context():
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            stats = analytics.achievement_stats()
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)

    assert len(statements) == 1
    assert {i: (s["completions"], s["rarity"]) for i, s in stats.items()} == {
        ids[0]: (2, 100.0),
        ids[1]: (0, 0.0),
        ids[2]: (0, 0.0),
        ids[3]: (1, 50.0),
        ids[4]: (0, 0.0),
    }


def test_list_describes_how_each_achievement_is_completed(app, operator, seeded_ids):
    create(
        operator,
        key="ten",
        name="Ten",
        trigger="metric",
        metric_id=seeded_ids.metric_id,
        metric_value="10",
    )
    create(
        operator,
        key="half",
        name="Half",
        trigger="metric",
        metric_id=seeded_ids.metric_id,
        metric_value="0.5",
    )
    create(operator, key="week", name="Week", trigger="streak", streak_length="7")
    ten, week = achievement(app, "ten")["id"], achievement(app, "week")["id"]
    operator.post(
        NEW,
        data={
            **form(key="both", name="Both", trigger="achievement"),
            "prerequisite_ids": [ten, week],
        },
    )
    operator.post(
        NEW,
        data={**form(key="after", name="After", trigger="achievement"), "prerequisite_ids": [ten]},
    )

    rules = {row[0]: row[2] for row in table_rows(operator.get(LIST).text, "achievement-row")}

    assert rules == {
        "After": "complete Ten",
        "Both": "complete Ten and Week",
        "Half": "reach 0.5 flashcards flipped",
        "Ten": "reach 10 flashcards flipped",
        "Week": "a 7-day streak",
    }


def test_list_without_achievements_links_to_create_one(operator):
    page = operator.get(LIST).text
    assert "No achievements yet." in page
    assert f'href="{NEW}"' in page


def test_names_are_escaped_on_the_list(app, operator):
    create(operator, name='<img src=x onerror="alert(1)">')

    page = operator.get(LIST).text

    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page


# --- invalid input -----------------------------------------------------------------------


def invalid(field: str, message: str, **fields):
    return pytest.param(
        fields, field, message, id=",".join(f"{k}={v!r}" for k, v in fields.items())
    )


METRIC = {"trigger": "metric", "metric_value": "10"}
TOTAL = "The total is a number above 0, e.g. 10 or 2.5."
STREAK_LENGTH = "The streak length is a whole number of at least 1."


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        invalid("key", "This field is required.", key=""),
        invalid(
            "key",
            "Use lower-case letters, digits and single hyphens, e.g. quiz-answered.",
            key="Card Shark",
        ),
        invalid("name", "This field is required.", name="  "),
        invalid("name", "Use at most 200 characters.", name="x" * 201),
        invalid(
            "badge_url", "Use an http(s) URL or upload an image.", badge_url="javascript:alert(1)"
        ),
        invalid("trigger", "Choose how the achievement is completed.", trigger="leaderboard"),
        invalid("metric_value", TOTAL, **METRIC | {"metric_value": "0"}),
        invalid("metric_value", TOTAL, **METRIC | {"metric_value": "-3"}),
        invalid("metric_value", TOTAL, **METRIC | {"metric_value": "ten"}),
        invalid("metric_value", TOTAL, **METRIC | {"metric_value": "nan"}),
        invalid("metric_value", TOTAL, **METRIC | {"metric_value": "inf"}),
        invalid("metric_value", TOTAL, **METRIC | {"metric_value": ""}),
        invalid("metric_id", "Choose an active metric.", **METRIC | {"metric_id": "999"}),
        invalid("metric_id", "Choose an active metric.", **METRIC | {"metric_id": "abc"}),
        invalid("streak_length", STREAK_LENGTH, trigger="streak", streak_length="0"),
        invalid("streak_length", STREAK_LENGTH, trigger="streak", streak_length="1.5"),
        invalid("streak_length", STREAK_LENGTH, trigger="streak", streak_length=""),
        invalid(
            "prerequisite_ids",
            "Choose at least one achievement to complete first.",
            trigger="achievement",
        ),
    ],
)
def test_invalid_achievement_shows_what_is_wrong_beside_the_field(
    app, operator, seeded_ids, fields, field, message
):
    data = form(**{"metric_id": seeded_ids.metric_id, **fields})

    response = operator.post(NEW, data=data)

    assert response.status_code == 200
    assert field_errors(response.text, field) == [message]
    assert achievement(app, data["key"]) is None


def test_a_taken_key_is_refused(app, operator):
    add_api_achievement(app, "card-shark", "Original")

    response = create(operator, name="Copy")

    assert field_errors(response.text, "key") == ["The key 'card-shark' is already used."]
    assert achievement(app, "card-shark")["name"] == "Original"


def test_an_unknown_or_archived_prerequisite_is_refused(app, operator):
    old = add_api_achievement(app, "old", "Old")
    operator.post(f"/dashboard/achievements/{old}/status", data={"status": "archived"})

    for chosen in (str(old), "999"):
        response = operator.post(
            NEW, data={**form(trigger="achievement"), "prerequisite_ids": chosen}
        )
        assert field_errors(response.text, "prerequisite_ids") == ["Choose active achievements."]
    assert achievement(app, "card-shark") is None


def test_unknown_achievement_is_404(operator):
    assert operator.get(edit_url(999)).status_code == 404
    assert (
        operator.post("/dashboard/achievements/999/status", data={"status": "archived"}).status_code
        == 404
    )


# --- prerequisites and loops -------------------------------------------------------------


@pytest.fixture
def chain(app) -> dict[str, int]:
    """Start (api) <- Middle <- End: End needs Middle, which needs Start."""
    start = add_api_achievement(app, "start", "Start")
    with app.app_context():
        middle = Achievement(key="middle", name="Middle", trigger="achievement")
        middle.prerequisites = [db.session.get(Achievement, start)]
        end = Achievement(key="end", name="End", trigger="achievement")
        end.prerequisites = [middle]
        db.session.add_all([middle, end])
        db.session.commit()
        return {"start": start, "middle": middle.id, "end": end.id}


def test_an_edit_that_would_close_a_loop_is_refused(app, operator, chain):
    data = {
        **form(key="start", name="Start", trigger="achievement"),
        "prerequisite_ids": chain["end"],
    }

    response = operator.post(edit_url(chain["start"]), data=data)

    assert field_errors(response.text, "prerequisite_ids") == [
        "That would make a loop: Start needs End, which needs Middle, which needs Start."
    ]
    assert achievement(app, "start")["trigger"] == "api"
    assert achievement(app, "start")["prerequisites"] == []


def test_an_achievement_cannot_require_itself(app, operator, chain):
    data = {
        **form(key="middle", name="Middle", trigger="achievement"),
        "prerequisite_ids": chain["middle"],
    }

    response = operator.post(edit_url(chain["middle"]), data=data)

    assert field_errors(response.text, "prerequisite_ids") == [
        "An achievement cannot require itself."
    ]
    assert achievement(app, "middle")["prerequisites"] == ["start"]


def test_replacing_prerequisites_without_a_loop_is_saved(app, operator, chain):
    """End may need Start directly: Start does not need End."""
    data = {
        **form(key="end", name="End", trigger="achievement"),
        "prerequisite_ids": [chain["start"], chain["middle"]],
    }

    response = operator.post(edit_url(chain["end"]), data=data)

    assert response.status_code == 302
    assert achievement(app, "end")["prerequisites"] == ["start", "middle"]


def test_edit_page_ticks_the_prerequisites_and_does_not_offer_itself(app, operator, chain):
    page = operator.get(edit_url(chain["end"])).text

    box = r'<input {}id="prerequisite_ids-\d" name="prerequisite_ids" type="checkbox" value="{}"'
    assert re.search(box.format("checked ", chain["middle"]), page)
    assert re.search(box.format("", chain["start"]), page)
    assert f'value="{chain["end"]}"' not in page


# --- editing and the lock ----------------------------------------------------------------


def test_edit_page_shows_the_achievements_fields(app, operator, seeded_ids):
    create(operator, trigger="metric", metric_id=seeded_ids.metric_id, metric_value="10")
    page = operator.get(edit_url(achievement(app, "card-shark")["id"])).text

    assert element(page, "key")["value"] == "card-shark"
    assert element(page, "metric_value")["value"] == "10"
    assert '<option selected value="metric">' in page
    assert "key and how it is completed are fixed" not in page


def test_before_any_completion_key_and_type_can_change(app, operator, seeded_ids):
    create(operator, trigger="metric", metric_id=seeded_ids.metric_id, metric_value="10")
    shark = achievement(app, "card-shark")["id"]

    response = operator.post(
        edit_url(shark), data=form(key="shark", name="Shark", trigger="streak", streak_length="3")
    )

    assert response.status_code == 302
    saved = achievement(app, "shark")
    assert (saved["id"], saved["trigger"], saved["streak_length"]) == (shark, "streak", 3)
    assert (saved["metric_id"], saved["metric_value"]) == (None, None)


def test_once_completed_key_and_type_are_fixed(app, operator):
    shark = add_api_achievement(app, "card-shark", "Card Shark")
    complete(app, shark, "ana")

    response = operator.post(
        edit_url(shark), data=form(key="shark", trigger="streak", streak_length="3")
    )

    assert response.status_code == 200
    assert field_errors(response.text, "key") == [
        "Learners have completed this achievement, so its key can no longer change."
    ]
    assert field_errors(response.text, "trigger") == [
        "Learners have completed this achievement, so its type can no longer change."
    ]
    assert element(response.text, "key")["value"] == "card-shark"
    assert achievement(app, "card-shark")["trigger"] == "api"


def test_once_completed_the_page_says_key_and_type_are_fixed(app, operator):
    shark = add_api_achievement(app, "card-shark", "Card Shark")
    complete(app, shark, "ana")

    page = operator.get(edit_url(shark)).text

    assert (
        "Learners have completed this achievement, so its key and how it is completed are fixed."
        in page
    )
    assert "readonly" in element(page, "key")
    assert re.findall(
        r'<option[^>]*value="(\w+)"', page.split('id="trigger"')[1].split("</select>")[0]
    ) == ["api"]


def test_once_completed_the_name_and_rule_can_still_change(app, operator):
    shark = add_api_achievement(app, "card-shark", "Card Shark")
    complete(app, shark, "ana")

    response = operator.post(edit_url(shark), data=form(name="Card Sharp", description="Renamed"))

    assert response.status_code == 302
    assert (
        achievement(app, "card-shark")["name"],
        achievement(app, "card-shark")["description"],
    ) == ("Card Sharp", "Renamed")


# --- status and badges -------------------------------------------------------------------


def test_archive_and_restore(app, operator):
    shark = add_api_achievement(app, "card-shark", "Card Shark")
    status = f"/dashboard/achievements/{shark}/status"

    response = operator.post(status, data={"status": "archived"})

    assert response.headers["Location"] == LIST
    assert achievement(app, "card-shark")["status"] == "archived"
    page = operator.get(LIST).text
    assert flashes(page) == ["Achievement “Card Shark” is now archived."]
    assert row_starting(page, "achievement-row", "Card Shark")[5:] == [
        "archived",
        "Edit Restore Delete",
    ]
    operator.post(status, data={"status": "active"})
    assert achievement(app, "card-shark")["status"] == "active"


def test_status_other_than_active_or_archived_is_400(app, operator):
    shark = add_api_achievement(app, "card-shark", "Card Shark")
    assert (
        operator.post(
            f"/dashboard/achievements/{shark}/status", data={"status": "gone"}
        ).status_code
        == 400
    )
    assert achievement(app, "card-shark")["status"] == "active"


def test_archived_achievement_is_not_offered_as_a_prerequisite(app, operator):
    old = add_api_achievement(app, "old", "Old")
    add_api_achievement(app, "new", "New")
    operator.post(f"/dashboard/achievements/{old}/status", data={"status": "archived"})

    page = operator.get(NEW).text

    assert ">New</label>" in page
    assert ">Old</label>" not in page


def badge_images(app) -> list[tuple[str, bytes]]:
    with app.app_context():
        return db.session.execute(select(BadgeImage.name, BadgeImage.data)).all()


def test_uploaded_badge_is_stored_in_the_database_and_linked(app, operator, client):
    response = operator.post(
        NEW,
        data={
            **form(badge_url="https://example.com/ignored.png"),
            "badge_file": (io.BytesIO(PNG), "b.png"),
        },
        content_type="multipart/form-data",
    )

    assert response.status_code == 302
    name = hashlib.sha256(PNG).hexdigest() + ".png"
    assert achievement(app, "card-shark")["badge_url"] == f"/badges/{name}"
    assert badge_images(app) == [(name, PNG)]
    assert not (Path(app.instance_path) / "badges").exists()
    assert client.get(f"/badges/{name}").data == PNG


def test_an_upload_that_is_not_an_image_is_refused_and_not_stored(app, operator):
    response = operator.post(
        NEW,
        data={**form(), "badge_file": (io.BytesIO(b"<svg onload=alert(1)>"), "b.png")},
        content_type="multipart/form-data",
    )

    assert field_errors(response.text, "badge_file") == ["Upload a PNG, JPEG, GIF or WebP image."]
    assert achievement(app, "card-shark") is None
    assert badge_images(app) == []


def test_an_achievement_refused_for_another_field_stores_no_badge(app, operator):
    create(operator)

    response = operator.post(
        NEW,
        data={**form(name="Other"), "badge_file": (io.BytesIO(PNG), "b.png")},
        content_type="multipart/form-data",
    )

    assert field_errors(response.text, "key") == ["The key 'card-shark' is already used."]
    assert achievement(app, "card-shark")["name"] == "Card Shark"
    assert badge_images(app) == []


def test_nav_links_to_achievements_and_streaks(operator):
    page = operator.get(LIST).text
    assert '<a href="/dashboard/achievements/" aria-current="page">Achievements</a>' in page
    assert '<a href="/dashboard/streaks/">Streaks</a>' in page
