"""A points system's levels on its configure page: listed, added, edited and deleted, with
each invalid field's message beside it. seed.py gives xp Novice 0, Apprentice 100, Scholar
500, Expert 2,500 and Master 10,000."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.admin.points import save_points_system
from app.xp.models.points import PointsLevel
from app.xp.queries.points import user_points
from tests.support.html import field_errors, flashes, table_rows
from tests.support.operators import send_event


def configure(ids) -> str:
    return f"/dashboard/points/{ids.system_id}/configure"


def new_level(ids) -> str:
    return f"/dashboard/points/{ids.system_id}/levels/new"


def levels_of(app, system_id: int) -> list[tuple]:
    with app.app_context():
        return [
            (lv.key, lv.name, lv.points, lv.description, lv.badge_url)
            for lv in db.session.scalars(
                select(PointsLevel)
                .where(PointsLevel.system_id == system_id)
                .order_by(PointsLevel.points)
            )
        ]


def level_id(app, key: str) -> int:
    with app.app_context():
        return db.session.scalar(select(PointsLevel.id).where(PointsLevel.key == key))


def form(key="sage", name="Sage", points="50000", description="", badge_url="") -> dict:
    return {
        "key": key,
        "name": name,
        "points": points,
        "description": description,
        "badge_url": badge_url,
    }


def test_configure_page_lists_the_levels_lowest_first(operator, seeded_ids):
    page = operator.get(configure(seeded_ids)).text

    rows = table_rows(page, "level-row")
    assert [row[:4] for row in rows] == [
        ["0", "Novice", "Every learner starts here", "novice"],
        ["100", "Apprentice", "The first hundred XP", "apprentice"],
        ["500", "Scholar", "A study habit is forming", "scholar"],
        ["2,500", "Expert", "Thousands of cards behind you", "expert"],
        ["10,000", "Master", "Ten thousand XP of study", "master"],
    ]
    assert f'href="{new_level(seeded_ids)}"' in page


def test_adding_a_level_saves_it_and_returns_to_configure(app, operator, seeded_ids):
    response = operator.post(
        new_level(seeded_ids),
        data=form(description="Beyond mastery", badge_url="https://example.com/sage.png"),
    )

    assert response.status_code == 302
    assert response.headers["Location"] == configure(seeded_ids)
    assert levels_of(app, seeded_ids.system_id)[-1] == (
        "sage",
        "Sage",
        50000,
        "Beyond mastery",
        "https://example.com/sage.png",
    )
    page = operator.get(configure(seeded_ids)).text
    assert "Level “Sage” saved." in flashes(page)
    assert len(table_rows(page, "level-row")) == 6


def test_editing_a_level_changes_its_threshold_and_the_users_level(app, operator, seeded_ids):
    send_event(app, 25)  # ana: 100 XP, Apprentice
    apprentice = level_id(app, "apprentice")

    response = operator.post(
        f"/dashboard/points/{seeded_ids.system_id}/levels/{apprentice}/edit",
        data=form(key="apprentice", name="Apprentice", points="150"),
    )

    assert response.status_code == 302
    assert levels_of(app, seeded_ids.system_id)[1][:3] == ("apprentice", "Apprentice", 150)
    with app.app_context():
        assert user_points("ana", "xp")["level"]["key"] == "novice"


def test_edit_form_shows_the_levels_fields(app, operator, seeded_ids):
    scholar = level_id(app, "scholar")

    page = operator.get(f"/dashboard/points/{seeded_ids.system_id}/levels/{scholar}/edit").text

    assert 'value="scholar"' in page and 'value="500"' in page
    assert "Edit level “Scholar”" in page


def test_deleting_a_level_removes_only_it(app, operator, seeded_ids):
    scholar = level_id(app, "scholar")

    response = operator.post(f"/dashboard/points/{seeded_ids.system_id}/levels/{scholar}/delete")

    assert response.status_code == 302
    assert [row[0] for row in levels_of(app, seeded_ids.system_id)] == [
        "novice",
        "apprentice",
        "expert",
        "master",
    ]
    assert "Level “Scholar” deleted." in flashes(operator.get(configure(seeded_ids)).text)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"key": ""}, "key", "This field is required."),
        ({"key": "Sage Level"}, "key", "Use lower-case letters, digits and single hyphens"),
        ({"key": "novice"}, "key", "The key 'novice' is already used by a level of XP."),
        ({"name": "  "}, "name", "This field is required."),
        ({"points": "-1"}, "points", "Points are a whole number of at least 0."),
        ({"points": "ten"}, "points", "Points are a whole number of at least 0."),
        ({"points": "500"}, "points", "The level “Scholar” already starts at 500 points."),
        ({"badge_url": "http://example.com/b.png"}, "badge_url", "Use an https:// URL"),
        ({"badge_url": "javascript:alert(1)"}, "badge_url", "Use an https:// URL"),
    ],
)
def test_invalid_level_shows_the_error_beside_its_field_and_saves_nothing(
    app, operator, seeded_ids, fields, field, message
):
    before = levels_of(app, seeded_ids.system_id)

    response = operator.post(new_level(seeded_ids), data={**form(), **fields})

    assert response.status_code == 200
    errors = field_errors(response.text, field)
    assert len(errors) == 1 and errors[0].startswith(message), errors
    assert levels_of(app, seeded_ids.system_id) == before


def test_a_level_keeps_its_own_key_and_points_when_edited(app, operator, seeded_ids):
    scholar = level_id(app, "scholar")

    response = operator.post(
        f"/dashboard/points/{seeded_ids.system_id}/levels/{scholar}/edit",
        data=form(key="scholar", name="Scholar of note", points="500"),
    )

    assert response.status_code == 302
    assert levels_of(app, seeded_ids.system_id)[2][:3] == ("scholar", "Scholar of note", 500)


def test_keys_and_points_are_unique_per_system_only(app, operator):
    with app.app_context():
        gems = save_points_system(None, "gems", "Gems")
        gems_id = gems.id

    response = operator.post(
        f"/dashboard/points/{gems_id}/levels/new", data=form(key="novice", points="0")
    )

    assert response.status_code == 302
    assert levels_of(app, gems_id) == [("novice", "Sage", 0, "", None)]


def test_a_level_of_another_system_is_not_found(app, operator, seeded_ids):
    with app.app_context():
        gems_id = save_points_system(None, "gems", "Gems").id
    apprentice = level_id(app, "apprentice")

    edit = operator.get(f"/dashboard/points/{gems_id}/levels/{apprentice}/edit")
    delete = operator.post(f"/dashboard/points/{gems_id}/levels/{apprentice}/delete")

    assert (edit.status_code, delete.status_code) == (404, 404)
    assert len(levels_of(app, seeded_ids.system_id)) == 5
