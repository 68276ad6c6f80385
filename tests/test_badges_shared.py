"""Uploaded badges live in the database, not on the disk of the host that took the upload:
two app hosts (gunicorn processes, each with an instance folder of its own) on one database
serve a badge uploaded through the other, and upgrading moves the badges an older StudyXP
kept in its instance folder into the database under the URLs it gave out."""

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import UTC, datetime

import flask_migrate
import pytest
import requests
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.serving import serve
from app.xp.models.badges import BadgeImage
from app.xp.models.points import PointsSystem
from tests.support import build_app
from tests.support.databases import close_app, database_for
from tests.support.html import csrf_token_from
from tests.support.images import png
from tests.support.learners import log_in
from tests.support.operators import OPERATOR_EMAIL, seed_xp_and_accounts

# Left out of the calendar sweep (.ci/run): serving images: no calendar.
pytestmark = pytest.mark.calendar_free

IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_database(request, tmp_path):
    """An app on the database both hosts use, with seed.py's XP setup and an operator."""
    url = database_for(request.param, tmp_path)
    app = build_app(
        {"TESTING": True, "SECRET_KEY": "shared", "SQLALCHEMY_DATABASE_URI": url},
        prepare=seed_xp_and_accounts,
    )
    yield app
    close_app(app)


class Browser:
    """A browser on one host, shaped like the Flask test client for tests.support's log_in."""

    def __init__(self, base_url: str):
        self.base_url, self.session = base_url, requests.Session()

    def get(self, path: str) -> requests.Response:
        return self.session.get(self.base_url + path, timeout=10)

    def post(self, path: str, data: dict, query_string=None, files=None) -> requests.Response:
        return self.session.post(
            self.base_url + path,
            data=data,
            params=query_string,
            files=files,
            allow_redirects=False,
            timeout=10,
        )


def upload_points_badge(base_url: str, image: bytes) -> None:
    """Add a points system with an uploaded badge through the dashboard, as an operator does."""
    operator = Browser(base_url)
    token = csrf_token_from(operator.get("/login").text)
    assert log_in(operator, OPERATOR_EMAIL, csrf_token=token).status_code == 302
    token = csrf_token_from(operator.get("/dashboard/points/new").text)
    fields = {"key": "gems", "name": "Gems", "description": "", "badge_url": "", "max_points": ""}
    answer = operator.post(
        "/dashboard/points/new",
        data={**fields, "csrf_token": token},
        files={"badge_file": ("gem.png", image, "image/png")},
    )
    assert answer.status_code == 302, answer.text[:500]


def test_a_badge_uploaded_through_one_host_is_served_by_another(shared_database, tmp_path):
    image = png(size=20_000)
    digest = hashlib.sha256(image).hexdigest()
    folders = [tmp_path / "host-a", tmp_path / "host-b"]
    url = shared_database.config["SQLALCHEMY_DATABASE_URI"]
    with ExitStack() as hosts, ThreadPoolExecutor(2) as starter:
        host_a, host_b = starter.map(
            lambda folder: hosts.enter_context(
                serve(
                    url,
                    workers=1,
                    env={"SECRET_KEY": "shared-badges", "STUDYXP_INSTANCE_PATH": str(folder)},
                )
            ),
            folders,  # started side by side: each takes a second or two
        )

        upload_points_badge(host_a.base_url, image)

        with shared_database.app_context():
            badge_url = db.session.scalar(
                select(PointsSystem.badge_url).where(PointsSystem.key == "gems")
            )
        assert badge_url == f"/badges/{digest}.png"
        served = requests.get(host_b.base_url + badge_url, timeout=10)
        again = requests.get(
            host_b.base_url + badge_url, headers={"If-None-Match": f'"{digest}"'}, timeout=10
        )
        unknown = requests.get(f"{host_b.base_url}/badges/{'0' * 64}.png", timeout=10)

    assert (served.status_code, served.content) == (200, image)
    assert served.headers["Content-Type"] == "image/png"
    assert served.headers["ETag"] == f'"{digest}"'
    assert served.headers["Cache-Control"] == IMMUTABLE
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert (again.status_code, again.content, again.headers["Cache-Control"]) == (
        304,
        b"",
        IMMUTABLE,
    )
    assert unknown.status_code == 404
    # Each host made its own instance folder and wrote no badge into it.
    assert [sorted(p.name for p in folder.iterdir()) for folder in folders] == [[], []]


def test_upgrading_moves_an_instance_folders_badges_into_the_database(tmp_path):
    image = png()
    folder = tmp_path / "instance" / "badges"
    folder.mkdir(parents=True)
    old_name = "a" * 32 + ".png"
    (folder / old_name).write_bytes(image)
    uploaded = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
    os.utime(folder / old_name, (uploaded.timestamp(), uploaded.timestamp()))
    # Never served by the old route, so left out: not what its name says, not a badge name.
    (folder / ("b" * 32 + ".gif")).write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    (folder / "notes.png").write_bytes(image)
    url = f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
    app = create_app({"TESTING": True, "SECRET_KEY": "upgrade", "SQLALCHEMY_DATABASE_URI": url})
    app.instance_path = str(tmp_path / "instance")
    with app.app_context():
        flask_migrate.upgrade(revision="0014_webhooks")
        flask_migrate.upgrade(revision="0015_badge_images")
        moved = db.session.execute(
            select(
                BadgeImage.name,
                BadgeImage.sha256,
                BadgeImage.content_type,
                BadgeImage.size,
                BadgeImage.data,
                BadgeImage.created,
            )
        ).all()
        db.session.remove()
    served = app.test_client().get(f"/badges/{old_name}")
    close_app(app)

    digest = hashlib.sha256(image).hexdigest()
    assert moved == [(old_name, digest, "image/png", len(image), image, uploaded)]
    assert (served.status_code, served.data, served.headers["ETag"]) == (200, image, f'"{digest}"')
    assert served.headers["Cache-Control"] == IMMUTABLE
    assert (folder / old_name).read_bytes() == image  # left in place for a downgrade
