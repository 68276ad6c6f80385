"""The points systems pages: list, create, edit, badge uploads, the key rule, archive."""

import hashlib
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.models.badges import BadgeImage
from app.xp.models.points import PointsSystem
from app.xp.queries.points import user_points
from tests.support.databases import count
from tests.support.html import element, field_errors, flashes, row_starting
from tests.support.images import png
from tests.support.operators import send_event, system_by_key

BADGE_LIMIT = 256 * 1024
NOT_AN_IMAGE = "Upload a PNG, JPEG, GIF or WebP image."
MAX_POINTS_NOT_A_NUMBER = "Enter a whole number, or leave it empty for no maximum."
MAX_POINTS_TOO_SMALL = "The maximum must be at least 1."
SLUG_MESSAGE = "Use lower-case letters, digits and single hyphens, e.g. quiz-answered."


def points_form(**fields) -> dict:
    return {
        "key": "gems",
        "name": "Gems",
        "description": "",
        "badge_url": "",
        "max_points": "",
        **fields,
    }


def create(client, **fields):
    return client.post("/dashboard/points/new", data=points_form(**fields))


def upload(client, data: bytes, filename="badge.png", **fields):
    form = points_form(**fields)
    form["badge_file"] = (io.BytesIO(data), filename)
    return client.post("/dashboard/points/new", data=form, content_type="multipart/form-data")


def stored_badges(app) -> list[str]:
    """The names of the badge images in the database; none is ever written to disk."""
    assert not (Path(app.instance_path) / "badges").exists()
    with app.app_context():
        return sorted(db.session.scalars(select(BadgeImage.name)))


def test_points_list_shows_points_awarded_and_users(app, operator):
    create(operator, max_points="500")
    send_event(app, 5, user="ana")  # +10
    send_event(app, 25, user="ben")  # +50 for five 5s, +50 for one 25

    page = operator.get("/dashboard/points/").text

    xp = row_starting(page, "points-row", "xp")
    assert xp[:6] == ["xp", "XP", "110", "2", "—", "active"]
    gems = row_starting(page, "points-row", "gems")
    assert gems[:6] == ["gems", "Gems", "0", "0", "500", "active"]


def test_create_points_system_saves_it_and_opens_its_configure_page(app, operator):
    response = create(
        operator,
        description="Shiny things for quizzes",
        badge_url="https://example.com/gem.png",
        max_points=" 1000 ",
    )

    gems = system_by_key(app, "gems")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/dashboard/points/{gems.id}/configure"
    assert (gems.name, gems.description, gems.badge_url, gems.max_points, gems.status) == (
        "Gems",
        "Shiny things for quizzes",
        "https://example.com/gem.png",
        1000,
        "active",
    )
    page = operator.get(response.headers["Location"]).text
    assert flashes(page) == ["Points system “Gems” saved."]


def test_created_points_system_is_served_by_the_api(app, operator, client, api_key):
    create(operator, description="Shiny", badge_url="/static/gem.png", max_points="1000")

    response = client.get("/api/v1/points/gems", headers={"X-API-KEY": api_key})

    assert response.status_code == 200
    assert response.json == {
        "id": system_by_key(app, "gems").uuid,
        "key": "gems",
        "name": "Gems",
        "description": "Shiny",
        "badgeUrl": "/static/gem.png",
        "maxPoints": 1000,
        "triggers": [],
    }


def test_empty_max_points_means_no_maximum(app, operator):
    create(operator, max_points="  ")
    assert system_by_key(app, "gems").max_points is None


def invalid(field: str, value: str, message: str):
    return pytest.param(field, value, message, id=f"{field}={value[:12]!r}")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        invalid("max_points", "abc", MAX_POINTS_NOT_A_NUMBER),
        invalid("max_points", "1.5", MAX_POINTS_NOT_A_NUMBER),
        invalid("max_points", "1e3", MAX_POINTS_NOT_A_NUMBER),
        invalid("max_points", "0", MAX_POINTS_TOO_SMALL),
        invalid("max_points", "-5", MAX_POINTS_TOO_SMALL),
        invalid("max_points", str(10**16), MAX_POINTS_TOO_SMALL),
        invalid("key", "xp", "The key 'xp' is already used."),
        invalid("key", "Gems!", SLUG_MESSAGE),
        invalid("key", "", "This field is required."),
        invalid("name", " ", "This field is required."),
        invalid("name", "G" * 201, "Use at most 200 characters."),
        invalid("description", "d" * 2001, "Use at most 2000 characters."),
        invalid("badge_url", "javascript:alert(1)", "Use an http(s) URL or upload an image."),
        invalid("badge_url", "gem.png", "Use an http(s) URL or upload an image."),
    ],
)
def test_create_points_system_shows_what_is_wrong_beside_the_field(
    app, operator, field, value, message
):
    response = create(operator, **{field: value})

    assert response.status_code == 200
    assert field_errors(response.text, field) == [message]
    assert count(app, PointsSystem) == 1


def test_edit_page_shows_the_systems_fields(app, operator):
    create(operator, description="Shiny", badge_url="https://example.com/g.png", max_points="70")
    gems = system_by_key(app, "gems")

    page = operator.get(f"/dashboard/points/{gems.id}/edit").text

    assert element(page, "key")["value"] == "gems"
    assert element(page, "name")["value"] == "Gems"
    assert element(page, "badge_url")["value"] == "https://example.com/g.png"
    assert element(page, "max_points")["value"] == "70"
    assert "Shiny" in page


def test_edit_points_system_changes_it(app, operator):
    create(operator, max_points="70")
    gems = system_by_key(app, "gems")

    response = operator.post(
        f"/dashboard/points/{gems.id}/edit",
        data=points_form(key="jewels", name="Jewels", description="Now jewels", max_points=""),
    )

    assert response.headers["Location"] == "/dashboard/points/"
    jewels = system_by_key(app, "jewels")
    assert (jewels.id, jewels.name, jewels.description, jewels.max_points) == (
        gems.id,
        "Jewels",
        "Now jewels",
        None,
    )


def test_key_of_a_points_system_that_has_paid_cannot_change(app, operator, seeded_ids):
    send_event(app, 5)

    response = operator.post(
        f"/dashboard/points/{seeded_ids.system_id}/edit",
        data=points_form(key="experience", name="Experience"),
    )

    assert field_errors(response.text, "key") == [
        "This points system has awarded points, so its key can no longer change."
    ]
    xp = system_by_key(app, "xp")
    assert (xp.id, xp.name) == (seeded_ids.system_id, "XP")
    page = operator.get(f"/dashboard/points/{seeded_ids.system_id}/edit").text
    assert "readonly" in element(page, "key")
    assert "This points system has awarded points, so its key is fixed." in page


def test_refused_key_change_shows_the_systems_real_key_in_the_readonly_field(
    app, operator, seeded_ids
):
    """The readonly field is sent again with the next save: it must hold the key that stays."""
    send_event(app, 5)

    response = operator.post(
        f"/dashboard/points/{seeded_ids.system_id}/edit",
        data=points_form(key="experience", name="Experience"),
    )

    assert element(response.text, "key")["value"] == "xp"


def test_key_of_a_points_system_that_has_not_paid_can_change(app, operator, seeded_ids):
    response = operator.post(
        f"/dashboard/points/{seeded_ids.system_id}/edit",
        data=points_form(key="experience", name="XP"),
    )

    assert response.status_code == 302
    assert system_by_key(app, "experience").id == seeded_ids.system_id


# --- badges ------------------------------------------------------------------------------


def test_uploaded_png_badge_is_stored_by_its_hash_and_served_as_a_png(app, operator, client, clock):
    image = png()
    digest = hashlib.sha256(image).hexdigest()

    response = upload(operator, image)

    assert response.status_code == 302
    assert system_by_key(app, "gems").badge_url == f"/badges/{digest}.png"
    assert stored_badges(app) == [f"{digest}.png"]
    with app.app_context():
        row = db.session.get(BadgeImage, f"{digest}.png")
        assert (row.sha256, row.content_type, row.size, row.data) == (
            digest,
            "image/png",
            len(image),
            image,
        )
        assert row.created == clock.now
    served = client.get(f"/badges/{digest}.png")
    assert served.status_code == 200
    assert served.data == image
    assert served.headers["Content-Type"] == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["ETag"] == f'"{digest}"'
    assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Set-Cookie" not in served.headers


def test_badge_asked_for_again_with_its_etag_is_not_sent_again(app, operator, client):
    upload(operator, png())
    badge_url = system_by_key(app, "gems").badge_url
    etag = client.get(badge_url).headers["ETag"]

    again = client.get(badge_url, headers={"If-None-Match": etag})
    changed = client.get(badge_url, headers={"If-None-Match": '"0123"'})

    assert (again.status_code, again.data, again.headers["ETag"]) == (304, b"", etag)
    assert again.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert (changed.status_code, changed.data) == (200, png())


def test_the_same_image_uploaded_twice_is_stored_once(app, operator):
    upload(operator, png())
    upload(operator, png(), key="gems-two", name="More gems")

    first, second = system_by_key(app, "gems"), system_by_key(app, "gems-two")
    assert first.badge_url == second.badge_url
    assert stored_badges(app) == [first.badge_url.removeprefix("/badges/")]


@pytest.mark.parametrize(
    ("data", "extension", "content_type"),
    [
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "gif", "image/gif"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "jpg", "image/jpeg"),
        (b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00", "webp", "image/webp"),
    ],
)
def test_uploaded_badge_keeps_the_type_its_bytes_say(
    app, operator, client, data, extension, content_type
):
    upload(operator, data, filename="badge.png")

    badge_url = system_by_key(app, "gems").badge_url
    assert badge_url.endswith(f".{extension}")
    assert client.get(badge_url).headers["Content-Type"] == content_type


def test_uploaded_badge_replaces_a_badge_url(app, operator):
    upload(operator, png(), badge_url="https://example.com/old.png")
    assert (
        system_by_key(app, "gems").badge_url == f"/badges/{hashlib.sha256(png()).hexdigest()}.png"
    )


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"just some text, not an image\n", "badge.png"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "badge.svg",
        ),
        (b"<!doctype html><script>alert(1)</script>", "badge.gif"),
        (b"", "badge.png"),
    ],
    ids=["text-named-png", "svg", "html-named-gif", "empty"],
)
def test_upload_that_is_not_an_image_is_refused(app, operator, data, filename):
    response = upload(operator, data, filename=filename)

    assert response.status_code == 200
    assert field_errors(response.text, "badge_file") == [NOT_AN_IMAGE]
    assert count(app, PointsSystem) == 1
    assert stored_badges(app) == []


def test_a_form_refused_for_another_field_stores_no_badge(app, operator):
    """Nothing is half-written: a refused form leaves no file behind for a system never made."""
    response = upload(operator, png(), key="xp")

    assert field_errors(response.text, "key") == ["The key 'xp' is already used."]
    assert count(app, PointsSystem) == 1
    assert stored_badges(app) == []


def test_image_over_256_kb_is_refused(app, operator):
    response = upload(operator, png(size=BADGE_LIMIT + 1))

    assert field_errors(response.text, "badge_file") == ["The image must be at most 256 KB."]
    assert count(app, PointsSystem) == 1
    assert stored_badges(app) == []


def test_image_of_exactly_256_kb_is_accepted(app, operator, client):
    image = png(size=BADGE_LIMIT)
    assert len(image) == BADGE_LIMIT

    upload(operator, image)

    assert client.get(system_by_key(app, "gems").badge_url).data == image


@pytest.mark.parametrize(
    "path",
    [
        "/badges/../secret_key",
        "/badges/..%2Fsecret_key",
        "/badges/%2E%2E/secret_key",
        "/badges/notes.txt",
        "/badges/" + "a" * 32 + ".svg",
        "/badges/" + "A" * 32 + ".png",
        "/badges/" + "b" * 32 + ".png",
        "/badges/" + "c" * 64 + ".png",
        "/badges/" + "c" * 64 + ".svg",
        "/badges/" + "a" * 32 + ".png.html",
        "/badges/",
    ],
)
def test_badge_paths_other_than_a_stored_badge_are_404(app, client, path):
    """Only badges in the database are served, never files in the instance folder."""
    (Path(app.instance_path) / "secret_key").write_text("instance secret")
    folder = Path(app.instance_path) / "badges"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a badge")
    (folder / ("a" * 32 + ".svg")).write_text("<svg/>")

    response = client.get(path)

    assert response.status_code == 404
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "instance secret" not in response.text
    assert "not a badge" not in response.text


# --- archive -----------------------------------------------------------------------------


def set_status(client, system_id, status):
    return client.post(f"/dashboard/points/{system_id}/status", data={"status": status})


def test_archived_points_system_is_listed_with_a_restore_button(app, operator, seeded_ids):
    response = set_status(operator, seeded_ids.system_id, "archived")

    assert response.headers["Location"] == "/dashboard/points/"
    page = operator.get("/dashboard/points/").text
    assert flashes(page) == ["Points system “XP” is now archived."]
    assert row_starting(page, "points-row", "xp")[5:] == [
        "archived",
        "Configure Analytics Edit Restore Delete",
    ]


def test_archived_points_system_pays_nothing(app, operator, seeded_ids):
    set_status(operator, seeded_ids.system_id, "archived")

    response = send_event(app, 25, user="ana")

    assert response["points"] == {}
    with app.app_context():
        assert user_points("ana", "xp")["total"] == 0
        assert user_points("ana", "xp")["awards"] == []
    configure = operator.get(f"/dashboard/points/{seeded_ids.system_id}/configure").text
    assert "This points system is archived: its triggers pay nothing" in configure


def test_restored_points_system_pays_again(app, operator, seeded_ids):
    set_status(operator, seeded_ids.system_id, "archived")
    send_event(app, 4, user="ana")
    set_status(operator, seeded_ids.system_id, "active")

    response = send_event(app, 1, user="ana")

    assert system_by_key(app, "xp").status == "active"
    assert response["points"]["xp"]["added"] == 10


def test_points_system_status_other_than_active_or_archived_is_400(app, operator, seeded_ids):
    assert set_status(operator, seeded_ids.system_id, "inactive").status_code == 400
    assert system_by_key(app, "xp").status == "active"
