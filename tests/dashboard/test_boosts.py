"""A points system's boosts page: add (global or for one user), status, archive, errors."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.admin.points import save_points_system
from app.xp.models.boosts import PointsBoost
from app.xp.models.users import XpUser
from tests.support.clock import run_date, run_instant
from tests.support.html import element, field_errors, flashes, row_starting, table_rows
from tests.support.operators import send_event


def page_url(ids) -> str:
    return f"/dashboard/points/{ids.system_id}/boosts/"


def form(**fields) -> dict:
    return {
        "name": "Double XP",
        "multiplier": "2",
        "rounding": "down",
        "start_date": days_from_today(0),
        "end_date": "",
        "user_id": "",
        **fields,
    }


def boosts_of(app, system_id: int) -> list[tuple]:
    """(name, multiplier, rounding, start, end, user's external id, archived), oldest first."""
    with app.app_context():
        rows = db.session.scalars(
            select(PointsBoost).where(PointsBoost.system_id == system_id).order_by(PointsBoost.id)
        )
        return [
            (
                b.name,
                b.multiplier,
                b.rounding,
                b.start_date.isoformat(),
                b.end_date.isoformat() if b.end_date else None,
                b.user.external_id if b.user else None,
                b.archived,
            )
            for b in rows
        ]


@pytest.fixture(autouse=True)
def today(clock):
    """Boost statuses depend on the date: the clock stands at the run's instant."""
    clock.set(run_instant())
    return clock.today()


def days_from_today(days: int) -> str:
    return (run_date() + timedelta(days=days)).isoformat()


def test_adding_a_global_boost_saves_it_and_lists_it_as_active(app, operator, seeded_ids):
    today = days_from_today(0)

    response = operator.post(page_url(seeded_ids), data=form(end_date=days_from_today(2)))

    assert response.status_code == 302
    assert response.headers["Location"] == page_url(seeded_ids)
    assert boosts_of(app, seeded_ids.system_id) == [
        ("Double XP", 2.0, "down", today, days_from_today(2), None, False)
    ]
    page = operator.get(page_url(seeded_ids)).text
    assert flashes(page) == ["Boost “Double XP” added."]
    assert table_rows(page, "boost-row") == [
        [
            "Double XP",
            "×2",
            "down",
            today,
            days_from_today(2),
            "everyone",
            "active",
            "Archive Delete",
        ]
    ]


def test_a_boost_added_on_the_page_multiplies_the_next_award(app, operator, seeded_ids):
    operator.post(page_url(seeded_ids), data=form(multiplier="1.5", rounding="up"))

    response = send_event(app, 5, user="ana")  # +10 every 5, boosted

    award = response["points"]["xp"]["awards"][0]
    assert award["awarded"] == 15
    assert [(b["name"], b["multiplier"], b["rounding"]) for b in award["boosts"]] == [
        ("Double XP", 1.5, "up")
    ]


def test_a_boost_for_one_user_is_stored_against_that_user(app, operator, seeded_ids):
    send_event(app, 1, user="ana")

    operator.post(page_url(seeded_ids), data=form(user_id=" ana ", rounding="nearest"))

    assert boosts_of(app, seeded_ids.system_id)[0][2:] == (
        "nearest",
        days_from_today(0),
        None,
        "ana",
        False,
    )
    row = table_rows(operator.get(page_url(seeded_ids)).text, "boost-row")[0]
    assert row[4:6] == ["no end", "ana"]


def test_status_says_scheduled_active_or_finished(app, operator, seeded_ids):
    url = page_url(seeded_ids)
    operator.post(url, data=form(name="Later", start_date=days_from_today(3)))
    operator.post(
        url, data=form(name="Over", start_date=days_from_today(-5), end_date=days_from_today(-1))
    )
    operator.post(
        url,
        data=form(name="Ends today", start_date=days_from_today(-2), end_date=days_from_today(0)),
    )

    page = operator.get(url).text

    assert row_starting(page, "boost-row", "Later")[6] == "scheduled"
    assert row_starting(page, "boost-row", "Over")[6] == "finished"
    assert row_starting(page, "boost-row", "Ends today")[6] == "active"


def test_archiving_a_boost_keeps_it_listed_as_archived(app, operator, seeded_ids):
    operator.post(page_url(seeded_ids), data=form())
    with app.app_context():
        boost_id = db.session.scalar(select(PointsBoost.id))

    response = operator.post(f"{page_url(seeded_ids)}{boost_id}/archive")

    assert response.headers["Location"] == page_url(seeded_ids)
    assert boosts_of(app, seeded_ids.system_id)[0][-1] is True
    page = operator.get(page_url(seeded_ids)).text
    assert flashes(page) == ["Boost “Double XP” added.", "Boost “Double XP” archived."]
    assert row_starting(page, "boost-row", "Double XP")[6:] == ["archived", "Delete"]
    assert send_event(app, 5, user="ana")["points"]["xp"]["added"] == 10  # not doubled


def test_a_boost_of_another_points_system_is_404(app, operator, seeded_ids):
    operator.post(page_url(seeded_ids), data=form())
    with app.app_context():
        boost_id = db.session.scalar(select(PointsBoost.id))
        gems = save_points_system(None, "gems", "Gems").id

    response = operator.post(f"/dashboard/points/{gems}/boosts/{boost_id}/archive")

    assert response.status_code == 404
    assert boosts_of(app, seeded_ids.system_id)[0][-1] is False


def test_unknown_points_system_is_404(operator):
    assert operator.get("/dashboard/points/999/boosts/").status_code == 404


def test_form_starts_today(operator, seeded_ids):
    page = operator.get(page_url(seeded_ids)).text
    assert (element(page, "start_date")["type"], element(page, "start_date")["value"]) == (
        "date",
        days_from_today(0),
    )
    assert "No boosts yet" in page


def test_configure_page_links_to_the_boosts(operator, seeded_ids):
    page = operator.get(f"/dashboard/points/{seeded_ids.system_id}/configure").text
    assert f'href="{page_url(seeded_ids)}" data-testid="boosts-link"' in page


def test_names_are_escaped(operator, seeded_ids):
    operator.post(page_url(seeded_ids), data=form(name="<b>bold</b>"))
    page = operator.get(page_url(seeded_ids)).text
    assert "<b>bold</b>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def invalid(field: str, message: str, **fields):
    return pytest.param(
        fields, field, message, id=",".join(f"{k}={v!r}" for k, v in fields.items())
    )


MULTIPLIER = "The multiplier is a number above 0 and up to 1,000, e.g. 2 or 1.5."
DATE = "Enter a date as YYYY-MM-DD."


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        invalid("name", "This field is required.", name=""),
        invalid("multiplier", MULTIPLIER, multiplier="0"),
        invalid("multiplier", MULTIPLIER, multiplier="-2"),
        invalid("multiplier", MULTIPLIER, multiplier="double"),
        invalid("multiplier", MULTIPLIER, multiplier="nan"),
        invalid("multiplier", MULTIPLIER, multiplier="inf"),
        invalid("multiplier", MULTIPLIER, multiplier="1000.5"),
        invalid("multiplier", MULTIPLIER, multiplier=""),
        invalid("rounding", "Choose down, up or to the nearest.", rounding="sideways"),
        invalid("start_date", "This field is required.", start_date=""),
        invalid("start_date", DATE, start_date="2026-13-01"),
        invalid("start_date", DATE, start_date="01/02/2026"),
        invalid("start_date", DATE, start_date="20260102"),
        invalid("end_date", DATE, end_date="tomorrow"),
        invalid(
            "end_date",
            "The end date cannot be before the start date.",
            start_date="2026-05-02",
            end_date="2026-05-01",
        ),
        invalid("user_id", "No user has the id “nobody”.", user_id="nobody"),
    ],
)
def test_invalid_boost_shows_what_is_wrong_beside_the_field(
    app, operator, seeded_ids, fields, field, message
):
    response = operator.post(page_url(seeded_ids), data=form(**fields))

    assert response.status_code == 200
    assert field_errors(response.text, field) == [message]
    assert boosts_of(app, seeded_ids.system_id) == []


def test_a_one_day_boost_may_end_on_its_start_date(app, operator, seeded_ids):
    operator.post(page_url(seeded_ids), data=form(start_date="2026-05-02", end_date="2026-05-02"))
    assert boosts_of(app, seeded_ids.system_id)[0][3:5] == ("2026-05-02", "2026-05-02")


def test_known_user_is_matched_exactly(app, operator, seeded_ids):
    with app.app_context():
        db.session.add(XpUser(external_id="Ana"))
        db.session.commit()

    response = operator.post(page_url(seeded_ids), data=form(user_id="ana"))

    assert field_errors(response.text, "user_id") == ["No user has the id “ana”."]
